import DikCore
import DikTestSupport
import Foundation
import Testing

/// `dik check`: every error and warning, at the exact place it is reported.
@Suite("dik check findings")
struct CheckTests {
    func findings(_ frontMatter: String, file: String = "DIK-2025-001.md", date: String = "2026-11-21",
                  language: MessageLanguage = .en) throws -> [String] {
        let site = try FixtureSite()
        try site.write("register/\(file)", "---\n\(frontMatter)\n---\nIsi.\n")
        return SiteChecker.check(siteRoot: site.siteFolder, date: LocalDate(iso: date)!, theme: FixtureSite.themeFolder)
            .map { DiagnosticMessages.text($0, language: language) }
    }

    func decided(pasal17: String, period: String, informasi: String = "Data uji",
                 dasarHukum: String = "[]", extra: String = "") -> String {
        """
        id: DIK-2025-001
        status: ditetapkan
        informasi: \(informasi)
        pasal17: \(pasal17)
        dasar_hukum: \(dasarHukum)
        unit: Biro Umum
        jangka_waktu:
          \(period)
        penetapan:
          nomor: 1/PPID/2025
          tanggal: 2025-01-10
        uji_konsekuensi:
          analisis: Ada.
        \(extra)
        """
    }

    @Test func aCleanEntryHasNoFindings() throws {
        #expect(try findings(decided(pasal17: "[h.3]", period: "persetujuan: true")) == [])
    }

    @Test func unlimitedPeriodForCategoriesAToF() throws {
        let found = try findings(decided(pasal17: "[h.1, c.2]", period: "tidak_terbatas: true"))
        #expect(found == ["register/DIK-2025-001.md:9:3: warning: Pasal 20(1): exemptions under letter c are not permanent; set a limited period"])
        #expect(try findings(decided(pasal17: "[h.1]", period: "tidak_terbatas: true")) == [])
    }

    @Test func categoryAOverThirtyYears() throws {
        let found = try findings(decided(pasal17: "[a.1]", period: "tahun: 35"))
        #expect(found == ["register/DIK-2025-001.md:9:3: warning: a period of 35 years exceeds the 30-year cap for letter a (PP 61/2010)"])
        let until = try findings(decided(pasal17: "[a.2]", period: "sampai: 2060-01-11"))
        #expect(until.count == 1 && until[0].contains("35 years"), "\(until)")
        #expect(try findings(decided(pasal17: "[a.1]", period: "tahun: 30")) == [])
    }

    @Test func categoryJNeedsAStatute() throws {
        let found = try findings(decided(pasal17: "[j]", period: "tahun: 5",
                                         dasarHukum: "[Perpres 95/2018 tentang SPBE, Permendagri 3/2020]"))
        #expect(found == ["register/DIK-2025-001.md:6:14: warning: letter j needs an Undang-Undang in dasar_hukum; a Perpres, PP or Permen alone is not enough"])
        #expect(try findings(decided(pasal17: "[j]", period: "tahun: 5",
                                     dasarHukum: "[UU 27/2022 tentang Pelindungan Data Pribadi]")) == [])
        #expect(try findings(decided(pasal17: "[j]", period: "tahun: 5",
                                     dasarHukum: "[Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan]")) == [])
        let none = try findings(decided(pasal17: "[j]", period: "tahun: 5").replacingOccurrences(of: "dasar_hukum: []\n", with: ""))
        #expect(none == ["register/DIK-2025-001.md:5:10: warning: letter j needs an Undang-Undang in dasar_hukum; a Perpres, PP or Permen alone is not enough"])
    }

    @Test func pasal18ForbiddenInformation() throws {
        let found = try findings(decided(pasal17: "[i]", period: "tahun: 2",
                                         informasi: "Salinan putusan pengadilan perkara perdata"))
        #expect(found == ["register/DIK-2025-001.md:4:12: warning: Pasal 18(1): 'putusan pengadilan' is information that may not be exempted; check again"])
        let stop = try findings(decided(pasal17: "[a.1]", period: "tahun: 2",
                                        informasi: "Surat perintah penghentian penyidikan"))
        #expect(stop.count == 1 && stop[0].contains("penghentian penyidikan"))
    }

    @Test func periodEndingWithinThirtyDaysOrAlreadyEnded() throws {
        let soon = try findings(decided(pasal17: "[h.3]", period: "sampai: 2026-12-15"))
        #expect(soon == ["register/DIK-2025-001.md:9:3: warning: the period ends 2026-12-15 (in 24 days); prepare its opening or a new test"])
        let ended = try findings(decided(pasal17: "[h.3]", period: "sampai: 2026-11-21"))
        #expect(ended == ["register/DIK-2025-001.md:9:3: warning: the period ended 2026-11-21 but the status is still ditetapkan; the public site shows it as no longer exempt"])
        #expect(try findings(decided(pasal17: "[h.3]", period: "sampai: 2026-12-22")) == [])
    }

    @Test func unknownKeyWithSuggestion() throws {
        let found = try findings(decided(pasal17: "[h.3]", period: "persetujuan: true",
                                         extra: "dasar_hukm: [UU 27/2022]\ncatatan: rahasia"))
        #expect(found == [
            "register/DIK-2025-001.md:15:1: warning: unknown key 'dasar_hukm' is treated as internal data (never published). Did you mean 'dasar_hukum'?",
            "register/DIK-2025-001.md:16:1: warning: unknown key 'catatan' is treated as internal data (never published).",
        ])
    }

    @Test func idDiffersFromFileNameAndFileConventions() throws {
        let found = try findings(decided(pasal17: "[h.3]", period: "persetujuan: true"), file: "DIK 2025 1.md")
        #expect(found == [
            "register/DIK 2025 1.md:1:1: warning: the file does not follow register/ conventions: nama berkas sebaiknya hanya huruf, angka dan tanda - (tanpa spasi)",
            "register/DIK 2025 1.md:2:5: warning: id 'DIK-2025-001' differs from the file name 'DIK 2025 1.md'; make them match so it is easy to find",
        ])
        let site = try FixtureSite()
        try site.write("register/catatan.txt", "bukan entri")
        try site.write("register/.gitkeep", "")
        let ignored = SiteChecker.check(siteRoot: site.siteFolder, date: LocalDate(iso: "2026-11-21")!,
                                        theme: FixtureSite.themeFolder).map { DiagnosticMessages.text($0, language: .en) }
        #expect(ignored == ["register/catatan.txt: warning: 'catatan.txt' is not read: only files ending in .md under register/ are entries"])
    }

    @Test func periodWithNoKindOrTwoKinds() throws {
        let none = try findings(decided(pasal17: "[h.3]", period: "mulai: 2025-01-01"))
        #expect(none.contains("register/DIK-2025-001.md:9:3: error: jangka_waktu must hold exactly one of: tahun, sanpai, peristiwa, persetujuan, tidak_terbatas".replacingOccurrences(of: "sanpai", with: "sampai")), "\(none)")
        let two = try findings(decided(pasal17: "[h.3]", period: "persetujuan: true\n  tidak_terbatas: true"))
        #expect(two == ["register/DIK-2025-001.md:9:3: error: jangka_waktu holds more than one kind (persetujuan, tidak_terbatas); keep one"])
    }

    @Test func riwayatOutOfDateOrder() throws {
        let found = try findings(decided(pasal17: "[h.3]", period: "persetujuan: true", extra: """
            riwayat:
              - tanggal: 2025-05-01
                status: ditetapkan
              - tanggal: 2025-03-01
                status: ditetapkan
            """))
        #expect(found == ["register/DIK-2025-001.md:18:14: error: riwayat must be in date order: 2025-03-01 comes after 2025-05-01"])
    }

    @Test func openedEntryWithoutHistory() throws {
        let found = try findings(decided(pasal17: "[h.3]", period: "persetujuan: true")
            .replacingOccurrences(of: "status: ditetapkan", with: "status: dibuka"))
        #expect(found == ["register/DIK-2025-001.md:3:9: warning: an entry with status dibuka should have a riwayat saying when and why it was opened"])
    }

    @Test func jsonListsTheSameFindingsWithCodes() throws {
        let site = try FixtureSite()
        try site.write("register/DIK-2025-001.md", "---\nid: DIK-2025-001\nstatus: usulan\npasal17: [k]\nunit: \"A \\\"B\\\"\"\n---\n")
        let found = SiteChecker.check(siteRoot: site.siteFolder, date: LocalDate(iso: "2026-11-21")!,
                                      theme: FixtureSite.themeFolder)
        let json = DiagnosticFormat.json(found, language: .en)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(parsed.count == 1)
        #expect(parsed[0]["file"] as? String == "register/DIK-2025-001.md")
        #expect(parsed[0]["line"] as? Int == 4)
        #expect(parsed[0]["column"] as? Int == 11)
        #expect(parsed[0]["severity"] as? String == "error")
        #expect(parsed[0]["code"] as? String == "invalid-pasal17")
        #expect((parsed[0]["message"] as? String)?.contains("'k' is not a valid Pasal 17 letter") == true)
        #expect(DiagnosticFormat.json([], language: .id) == "[]\n")
    }
}

@Suite("dik new and dik init")
struct AuthoringTests {
    let date = LocalDate(iso: "2026-11-21")!

    @Test func newTakesTheNextFreeNumberAndPassesCheck() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2026-004", SampleEntries.draft("DIK-2026-004"), file: "2026/DIK-2026-004.md")
        try site.entry("DIK-2025-009", SampleEntries.draft("DIK-2025-009"))
        let created = try NewEntry.create(siteRoot: site.siteFolder, date: date, unit: "Dinas Kesehatan",
                                          pasal17: "h.2").get()
        #expect(created.id == "DIK-2026-005")
        #expect(created.relativePath == "register/2026/DIK-2026-005.md")
        let text = try String(contentsOf: site.siteFolder.appendingPathComponent(created.relativePath), encoding: .utf8)
        for key in RegisterKeys.all { #expect(text.contains("\n\(key):"), "missing key \(key)") }
        #expect(text.contains("status: usulan"))
        let findings = SiteChecker.check(siteRoot: site.siteFolder, date: date, theme: FixtureSite.themeFolder)
        #expect(findings.filter { $0.location.path == created.relativePath } == [])
        let second = try NewEntry.create(siteRoot: site.siteFolder, date: date, unit: nil, pasal17: nil).get()
        #expect(second.id == "DIK-2026-006")
        let placeholders = SiteChecker.check(siteRoot: site.siteFolder, date: date, theme: FixtureSite.themeFolder)
            .filter { $0.location.path == second.relativePath }
        #expect(!placeholders.hasErrors)
        #expect(placeholders.map(\.problem.code) == ["placeholder-value", "placeholder-value"])
    }

    @Test func newFollowsTheSitesNumberingPatternAndNeverOverwrites() throws {
        let site = try FixtureSite(settings: FixtureSite.defaultSettings + "\npenomoran: PPID-KAB-{tahun}-{nnnn}\n")
        let first = try NewEntry.create(siteRoot: site.siteFolder, date: date, unit: "Biro", pasal17: "b").get()
        #expect(first.id == "PPID-KAB-2026-0001")
        // A file whose name takes the next number but whose id is broken still blocks that number.
        try site.write("register/2026/PPID-KAB-2026-0002.md", "rusak")
        let next = try NewEntry.create(siteRoot: site.siteFolder, date: date, unit: "Biro", pasal17: "b").get()
        #expect(next.id == "PPID-KAB-2026-0003")
        #expect(NewEntry.create(siteRoot: site.siteFolder, date: date, unit: nil, pasal17: "z.1").failureValue
                == .invalidPasal17("z.1"))
    }

    @Test func initCreatesASiteThatChecksAndBuilds() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("dik-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("situs")
        let files = try SiteInit.create(at: folder, date: date).get()
        #expect(files.contains("site.yml") && files.contains("templates/BACA-SAYA.md"))
        #expect(SiteChecker.check(siteRoot: folder, date: date, theme: FixtureSite.themeFolder) == [])
        let report = SiteBuilder.build(BuildOptions(siteRoot: folder, outRoot: parent.appendingPathComponent("_site"),
                                                    date: date, theme: FixtureSite.themeFolder))
        #expect(report.succeeded)
        #expect(FileManager.default.fileExists(atPath: parent.appendingPathComponent("_site/public/dik/dik-2026-001/index.html").path))
        #expect(SiteInit.create(at: folder, date: date).failureValue == .notEmpty(folder.path))
        let settings = try String(contentsOf: folder.appendingPathComponent("site.yml"), encoding: .utf8)
        for key in ["nama_situs", "badan_publik", "ppid", "url_publik", "url_internal", "bahasa", "penomoran", "kop",
                    "penandatangan"] {
            #expect(settings.contains("\n\(key):"), "site.yml lacks \(key)")
        }
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}

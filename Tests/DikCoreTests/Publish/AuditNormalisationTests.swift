@testable import DikCore
import DikTestSupport
import Foundation
import Testing

/// A template that pastes an internal value in another spelling of the same text is
/// still caught: the audit compares both sides in one normalized form (issue 17).
@Suite("The leak audit sees through spellings: entities, wrapping, NFD, case, numbers")
struct AuditNormalisationTests {
    static let analysis = "Rekening dipakai untuk pembayaran gaji Pak Dédé Suryadi"
    static let nik = "3171234567890001"
    static let phone = "0812-3456-7890"
    static let account = "123 4567 890"

    static func site(extraEntry: String = "") throws -> FixtureSite {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", extra: """
            internal:
              nik: "\(nik)"
              telepon: \(phone)
              rekening: \(account)
              catatan: Élève RAHASIA Ñandú
            penetapan_arsip: Lemari tujuh baris kedua
            """).replacingOccurrences(of: "analisis: Analisis singkat.", with: "analisis: \(analysis)"))
        if !extraEntry.isEmpty { try site.write("register/DIK-2026-009.md", extraEntry) }
        return site
    }

    static func pasting(_ text: String, into site: FixtureSite) throws -> BuildReport {
        try site.write("templates/notice.mustache", """
            {{<layout}}{{$main}}{{#entry}}<h1>{{id}}</h1>{{/entry}}
            <p>\(text)</p>{{/main}}{{/layout}}
            """)
        return site.build()
    }

    /// Each field once, in order: a field leaked into several pages is named for each.
    static func leakFields(_ report: BuildReport) -> [String] {
        var seen = Set<String>()
        return report.diagnostics.errors.compactMap {
            if case .leak(_, let field) = $0.problem, seen.insert(field).inserted { return field }
            return nil
        }
    }

    @Test(arguments: [
        ("hard-wrapped", "Rekening dipakai untuk\n      pembayaran gaji Pak Dédé Suryadi"),
        ("a space as a reference", "Rekening&#32;dipakai&#x20;untuk&nbsp;pembayaran gaji Pak D&eacute;d&#233; Suryadi"),
        ("NFD", "Rekening dipakai untuk pembayaran gaji Pak De\u{301}de\u{301} Suryadi"),
        ("upper case outside ASCII", "REKENING DIPAKAI UNTUK PEMBAYARAN GAJI PAK DÉDÉ SURYADI"),
        ("an invisible character inside", "Rekening dipa\u{200B}kai untuk pemba&shy;yaran gaji Pak Dédé Suryadi"),
    ])
    func theAnalysisInAnotherSpellingIsALeak(_ label: String, _ text: String) throws {
        let site = try Self.site()
        let report = try Self.pasting(text, into: site)
        #expect(!report.succeeded, "\(label)")
        #expect(Self.leakFields(report).contains("DIK-2025-001 uji_konsekuensi"), "\(label): \(Self.leakFields(report))")
        #expect(site.publicFiles.count == 0)
    }

    @Test func caseAndCompositionOutsideASCIIAreFolded() throws {
        let site = try Self.site()
        let report = try Self.pasting("e\u{301}le\u{300}ve rahasia ñandú", into: site)
        #expect(Self.leakFields(report) == ["DIK-2025-001 internal"])
    }

    @Test(arguments: [nik, "3171 2345 6789 0001", phone, "081234567890", account, "1234567890"])
    func internalNumbersWithoutLettersAreSearched(_ printed: String) throws {
        let site = try Self.site()
        let report = try Self.pasting("Hubungi \(printed) segera", into: site)
        #expect(Self.leakFields(report) == ["DIK-2025-001 internal"], "\(printed): \(Self.errorsText(report))")
    }

    @Test func datesAndShortNumbersAreNotSecrets() throws {
        let site = try Self.site(extraEntry: "")
        let report = try Self.pasting("Pada 2025-04-21 pukul 10 nomor 12345", into: site)
        #expect(report.succeeded, "\(Self.errorsText(report))")
    }

    @Test func aNumberInsideALongerNumberIsNotThatNumber() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", extra: "internal:\n  kode: \"2026010\""))
        #expect(try Self.pasting("Tanggal 2026-01-05 dan 12026010", into: site).succeeded)
        #expect(Self.leakFields(try Self.pasting("Kode 2026010.", into: site)) == ["DIK-2025-001 internal"])
    }

    @Test func everyFieldOfADraftIsASecret() throws {
        let draft = """
            ---
            id: DIK-2026-009
            status: diuji
            informasi: Rancangan kontrak kerja sama
            pasal17: [b]
            unit: Biro Pengadaan Rahasia
            konsekuensi_dibuka: Membuka harga penawaran sebelum lelang selesai
            pertimbangan_ditutup: Persaingan usaha yang sehat antarpeserta lelang
            riwayat:
              - tanggal: 2026-01-05
                status: diuji
                dasar: Berita acara uji nomor sembilan belas
            uji_konsekuensi:
              nomor: UK/9
              tanggal: 2026-01-05
              analisis: Masih dikaji.
            ---
            """
        for (field, text) in [("konsekuensi_dibuka", "Membuka harga penawaran sebelum lelang selesai"),
                              ("pertimbangan_ditutup", "Persaingan usaha yang sehat antarpeserta lelang"),
                              ("riwayat.dasar", "Berita acara uji nomor sembilan belas"),
                              ("unit", "Biro Pengadaan Rahasia")] {
            let site = try Self.site(extraEntry: draft)
            let report = try Self.pasting(text, into: site)
            #expect(Self.leakFields(report) == ["DIK-2026-009 \(field) (entri tidak publik)"], "\(field)")
        }
    }

    @Test func anUnknownKeyInsideAPublicMapIsKeptAsInternalAndAudited() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001")
            .replacingOccurrences(of: "  disetujui_oleh:", with: "  catatan_rahasia: Disposisi lisan kepala biro\n  disetujui_oleh:"))
        let clean = site.build()
        #expect(clean.succeeded)
        #expect(clean.diagnostics.contains { $0.problem == .unknownKey(key: "penetapan.catatan_rahasia", suggestion: nil) })
        let page = try #require(site.internalText("dik/dik-2025-001/index.html"))
        #expect(page.contains("penetapan.catatan_rahasia"))
        #expect(page.contains("Disposisi lisan kepala biro"))
        let report = try Self.pasting("Disposisi lisan kepala biro", into: site)
        #expect(Self.leakFields(report) == ["DIK-2025-001 penetapan.catatan_rahasia (kunci tak dikenal)"])
    }

    @Test func aSecretWrittenAsReferencesAcrossAStreamedPieceIsFound() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dik-refs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let site = try Self.site()
        let loaded = SiteLoader.load(siteRoot: site.siteFolder)
        let register = Projection.publicRegister(loaded, target: .public, on: LocalDate(iso: "2026-11-21")!)
        let publisher = Publisher(outRoot: out)
        let lock = try publisher.prepare()
        defer { withExtendedLifetime(lock) {} }
        let stage = try publisher.stage(.public, auditor: LeakAuditor(site: loaded, publishing: register, knownPublicText: []))
        let encoded = Self.analysis.unicodeScalars.map { "&#\($0.value);" }.joined()
        try stage.stream("besar.html") { output in
            output.append(String(repeating: "x", count: StagedTarget.streamPiece - encoded.utf8.count / 2))
            output.append(encoded)
            output.append(String(repeating: "y", count: 100))
        }
        try stage.finishWriting()
        #expect(stage.auditFindings().map { DiagnosticMessages.message($0.problem, language: .en) }.contains {
            $0.contains("DIK-2025-001 uji_konsekuensi")
        })
        publisher.discard([stage])
    }

    static func errorsText(_ report: BuildReport) -> String {
        report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }.joined(separator: "\n")
    }

    // MARK: The normal form itself

    @Test func theNormalFormOfCommonSpellings() {
        #expect(AuditText.normalize("a&#32;b&#x41;c&amp;d&lt;&nbsp;e") == "a bAc&d< e")
        #expect(AuditText.normalize("a \n\t  b\u{00A0}\u{2003}c") == "a b c")
        #expect(AuditText.normalize("E\u{301}COLE") == "éCOLE")
        #expect(AuditText.normalize("ÉCOLE Ünïcode") == "éCOLE ünïcode")
        #expect(AuditText.normalize("so\u{00AD}ft\u{200B}\u{2060}\u{FEFF}") == "soft")
        #expect(AuditText.normalize("&unknown; &#; &") == "&unknown; &#; &")
        #expect(AuditText.normalize("&#0; &#x110000;") == "\u{FFFD} \u{FFFD}")
    }

    @Test func invalidBytesAreKeptAsTheyAre() {
        let bytes: [UInt8] = [0x61, 0xFF, 0xC3, 0x20, 0x20, 0x62]
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { AuditText.normalize($0, into: &out) }
        #expect(out == [0x61, 0xFF, 0xC3, 0x20, 0x62])
    }

    @Test func copyingRunsGivesWhatDecidingEveryByteGives() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "9", "12", "-", ".", "/", " ", "  ", "\n\t", "&#32;", "&amp;", "&", "é", "e\u{301}",
                      "İ", "\u{200B}", "<td>", "2025-04-30", "0812 3456", "x/y", "1.2.3"]
        for _ in 0..<3_000 {
            let text = (0..<16).map { _ in pieces.randomElement(using: &random)! }.joined()
            var fast: [UInt8] = [], slow: [UInt8] = []
            var copy = text
            copy.withUTF8 { bytes in
                AuditText.normalize(bytes, into: &fast)
                AuditText.normalize(bytes, into: &slow, copyingRuns: false)
            }
            #expect(fast == slow, "\(text.debugDescription)")
        }
    }

    @Test func normalizingTwiceChangesNothing() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "É", "e\u{301}", " ", "\n", "&#32;", "&amp;", "ß", "İ", "Ω", "\u{200B}", "ǅ", "ﬁ", "&eacute;", "9"]
        for _ in 0..<2_000 {
            let text = (0..<12).map { _ in pieces.randomElement(using: &random)! }.joined()
            let once = AuditText.normalize(text)
            // A decoded `&amp;` may start a reference again; elsewhere the form is stable.
            guard !once.contains("&") else { continue }
            #expect(AuditText.normalize(once) == once, "\(text.unicodeScalars.map { $0.value })")
        }
    }
}

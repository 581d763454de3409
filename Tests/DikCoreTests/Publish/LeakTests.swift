import DikCore
import DikTestSupport
import Foundation
import Testing

/// Canaries in every internal field and in every body; none may reach any public
/// file or file name.
@Suite("Nothing internal reaches a public file")
struct LeakTests {
    static let canaries = [
        "CANARY-BODY-ALPHA", "CANARY-BODY-BRAVO", "CANARY-UJI-NOMOR", "CANARY-UJI-PESERTA",
        "CANARY-UJI-ANALISIS", "CANARY-INTERNAL-LOKASI", "CANARY-INTERNAL-NESTED", "CANARY-UNKNOWN-KEY",
        "CANARY-UNKNOWN-NESTED", "CANARY-DRAFT-INFORMASI", "DIK-CANARYDRAFT-1", "DIK-CANARYDIUJI-2",
        "CANARY-DIUJI-INFORMASI", "CANARY-DIUJI-BODY", "canary-intranet.example", "CANARY-BODY-OPENED",
        "CANARY-UJI-OPENED",
    ]

    /// Every kind of public output, so the scan below covers each of them.
    static let everyOutput = [
        "index.html", "dik/dik-2025-001/index.html", "dik/dik-2022-002/index.html", "kategori/h/index.html",
        "tidak-dikecualikan/index.html", "cetak/index.html", "404.html", "dik.csv", "dik-dibuka.csv", "dik.json",
        "feed.xml", "sitemap.xml", "robots.txt", "en/index.html", "en/dik/dik-2025-001/index.html",
        "en/kategori/h/index.html", "en/tidak-dikecualikan/index.html", "en/cetak/index.html", "en/404.html",
        "en/feed.xml", "assets/style.css", "assets/print.css", "assets/filter.js",
    ]

    func canarySite() throws -> FixtureSite {
        let site = try FixtureSite(settings: FixtureSite.defaultSettings
            + "\nurl_internal: https://canary-intranet.example/dik/\n")
        try site.entry("DIK-2025-001", """
            id: DIK-2025-001
            status: ditetapkan
            informasi: Nomor rekening bank pegawai
            pasal17: [h.3]
            unit: Badan Kepegawaian Daerah
            jangka_waktu:
              tahun: 5
            penetapan:
              nomor: 188.4/14/PPID/2025
              tanggal: 2025-04-30
            uji_konsekuensi:
              nomor: CANARY-UJI-NOMOR
              tanggal: 2025-04-21
              peserta: [PPID Utama, CANARY-UJI-PESERTA]
              analisis: "Rekening dipakai untuk gaji; CANARY-UJI-ANALISIS <b>tebal</b> & lainnya"
            internal:
              lokasi_arsip: Lemari CANARY-INTERNAL-LOKASI
              kontak:
                - nama: Sari
                  catatan: CANARY-INTERNAL-NESTED
            catatan_rahasia: CANARY-UNKNOWN-KEY
            lampiran:
              berkas: [CANARY-UNKNOWN-NESTED]
            """, body: """
            # Uraian

            Arsip **CANARY-BODY-ALPHA** disimpan di ruang arsip lantai dua.

            - butir pertama dengan CANARY-BODY-BRAVO di dalamnya
            """)
        try site.entry("DIK-2022-002", """
            id: DIK-2022-002
            status: dibuka
            informasi: Rencana tata ruang kawasan industri
            pasal17: [e]
            unit: Bappeda
            jangka_waktu:
              sampai: 2025-01-01
            penetapan:
              nomor: 188/2/2022
              tanggal: 2022-01-01
            uji_konsekuensi:
              analisis: Sudah lewat, CANARY-UJI-OPENED.
            riwayat:
              - tanggal: 2025-01-02
                status: dibuka
                dasar: Keputusan PPID 2025
            """, body: "Catatan lama CANARY-BODY-OPENED tentang dokumen ini.")
        try site.entry("DIK-CANARYDRAFT-1", SampleEntries.draft("DIK-CANARYDRAFT-1",
                                                                 informasi: "Rancangan CANARY-DRAFT-INFORMASI"),
                       body: "Draf berisi CANARY-BODY-CHARLIE.")
        try site.entry("DIK-CANARYDIUJI-2", SampleEntries.draft("DIK-CANARYDIUJI-2", status: "diuji",
                                                                 informasi: "Kajian CANARY-DIUJI-INFORMASI"),
                       body: "Hasil uji CANARY-DIUJI-BODY.")
        return site
    }

    @Test func noCanaryInAnyPublicFileOrFileName() throws {
        let site = try canarySite()
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics.map { DiagnosticMessages.text($0) })")
        let files = site.publicFiles
        for path in Self.everyOutput { #expect(files[path] != nil, "public/\(path) was not written") }
        // The data files and the feed really carry the register, so finding no canary means something.
        for path in ["dik.csv", "dik.json", "feed.xml", "en/feed.xml", "cetak/index.html", "en/index.html"] {
            #expect(files[path]?.containsIgnoringCase("Nomor rekening bank pegawai") == true, "\(path)")
        }
        for path in ["dik-dibuka.csv", "dik.json", "feed.xml", "sitemap.xml"] {
            #expect(files[path]?.containsIgnoringCase("dik-2022-002") == true, "\(path)")
        }
        for (path, bytes) in files {
            for canary in Self.canaries + ["CANARY-BODY-CHARLIE", "canarydraft", "canarydiuji"] {
                #expect(!path.lowercased().contains(canary.lowercased()), "\(canary) in file name \(path)")
                #expect(!bytes.containsIgnoringCase(canary), "\(canary) in public/\(path)")
            }
        }
    }

    @Test func everyPublicOutputGoesThroughTheAudit() throws {
        // The same register audited as if DIK-2025-001 were still a draft: every file
        // that carries it must be reported, which proves each is written through the
        // audited sink.
        let site = try canarySite()
        let loaded = SiteLoader.load(siteRoot: site.siteFolder)
        let date = try #require(LocalDate(iso: "2026-11-21"))
        let register = Projection.publicRegister(loaded, target: .public, on: date)
        let file = site.siteFolder.appendingPathComponent("register/DIK-2025-001.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "status: ditetapkan", with: "status: usulan").utf8).write(to: file)
        let asDraft = SiteLoader.load(siteRoot: site.siteFolder)
        #expect(asDraft.entries.first { $0.record.id == "DIK-2025-001" }?.record.status == .usulan)
        let auditor = LeakAuditor(site: asDraft, publishing: Projection.publicRegister(asDraft, target: .public, on: date),
                                  knownPublicText: [])
        let templates = try TemplateSet.load(theme: FixtureSite.themeFolder, siteRoot: site.siteFolder).get()
        let publisher = Publisher(outRoot: site.root.appendingPathComponent("audit"))
        let lock = try publisher.prepare()
        let stage = try publisher.stage(.public, auditor: auditor)
        try PublicSite.render(register, templates: templates, language: "id", to: stage)
        let flagged = Set(stage.auditFindings().compactMap { finding -> String? in
            if case .leak(let file, _) = finding.problem { return file }
            return nil
        })
        for path in ["index.html", "dik/dik-2025-001/index.html", "cetak/index.html", "dik.csv", "dik.json",
                     "feed.xml", "sitemap.xml", "en/index.html", "en/cetak/index.html", "en/feed.xml",
                     "en/dik/dik-2025-001/index.html", "kategori/h/index.html"] {
            #expect(flagged.contains("public/\(path)"), "public/\(path) was not audited")
        }
        publisher.discard([stage])
        withExtendedLifetime(lock) {}
    }

    @Test func theInternalSiteDoesShowEveryCanary() throws {
        // Proves the canaries are real: the same build puts them on the internal site.
        let site = try canarySite()
        #expect(site.build().succeeded)
        let everything = site.internalFiles.values.reduce(into: [UInt8]()) { $0 += $1 }
        for canary in Self.canaries where canary != "canary-intranet.example" {
            #expect(everything.containsIgnoringCase(canary), "\(canary) missing from the internal site")
        }
    }

    @Test func aSiteTemplateThatPrintsAnInternalValueFailsTheBuildAndNamesTheLeak() throws {
        let site = try canarySite()
        #expect(site.build().succeeded)
        let before = site.publicFiles
        // An override pasting an archive location into the page is caught by the audit.
        try site.write("templates/not-found.mustache", """
            {{<layout}}{{$main}}<p>Lihat Lemari CANARY-INTERNAL-LOKASI</p>{{/main}}{{/layout}}
            """)
        let report = site.build()
        #expect(!report.succeeded)
        let leak = try #require(report.diagnostics.first { $0.problem.code == "leak" })
        let message = DiagnosticMessages.text(leak)
        #expect(message.contains("public/404.html"))
        #expect(message.contains("DIK-2025-001 internal"))
        #expect(leak.location.path == "register/DIK-2025-001.md")
        #expect(site.publicFiles == before, "the previous public site is untouched")
    }

    @Test func aBodyPastedIntoAPublicPageFailsTheBuildThoughBodiesAreNotKept() throws {
        // The build drops bodies after loading; the audit works from keys made at load.
        let site = try canarySite()
        try site.write("templates/not-found.mustache", """
            {{<layout}}{{$main}}<p>disimpan di ruang arsip lantai dua.</p>{{/main}}{{/layout}}
            """)
        let report = site.build()
        #expect(!report.succeeded)
        let leak = try #require(report.diagnostics.first { $0.problem.code == "leak" })
        #expect(DiagnosticMessages.text(leak).contains("DIK-2025-001 isi (body)"))
    }

    @Test func aTemplateOverrideAskingForInternalFieldsFindsNothingToPrint() throws {
        let site = try canarySite()
        try site.write("templates/notice.mustache", """
            {{<layout}}{{$main}}{{#entry}}<p>{{id}}|{{body}}|{{uji_konsekuensi.analisis}}|{{internal.lokasi_arsip}}|{{catatan_rahasia}}|{{analisis}}</p>{{/entry}}{{/main}}{{/layout}}
            """)
        let report = site.build()
        #expect(report.succeeded)
        let notice = try #require(site.publicText("dik/dik-2025-001/index.html"))
        #expect(notice.contains("<p>DIK-2025-001|||||</p>"))
    }

    /// A streamed file is audited piece by piece; a secret cut in two by a piece
    /// boundary is found all the same, and the pieces land whole and in order.
    @Test func aSecretSplitAcrossStreamedPiecesIsFound() throws {
        let site = try canarySite()
        let loaded = SiteLoader.load(siteRoot: site.siteFolder)
        let register = Projection.publicRegister(loaded, target: .public, on: LocalDate(iso: "2026-11-21")!)
        let auditor = LeakAuditor(site: loaded, publishing: register, knownPublicText: [])
        let publisher = Publisher(outRoot: site.root.appendingPathComponent("stream"))
        let lock = try publisher.prepare()
        let stage = try publisher.stage(.public, auditor: auditor)
        let secret = Array("…disimpan di ruang arsip lantai dua.".utf8)
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: StagedTarget.streamPiece - 12)
        try stage.stream("besar.html") { output in
            output.append(filler + secret[..<20])
            try output.flushIfFull()
            output.append(Array(secret[20...]) + Array("<p>akhir</p>".utf8))
            try output.flushIfFull()
        }
        try stage.stream("bersih.html") { output in
            output.append(filler + Array("tidak ada rahasia di sini".utf8))
            try output.flushIfFull()
            output.append(filler)
        }
        try stage.finishWriting()
        let findings = stage.auditFindings().compactMap { finding -> String? in
            if case .leak(let file, let field) = finding.problem { return "\(file) \(field)" }
            return nil
        }
        #expect(findings == ["public/besar.html DIK-2025-001 isi (body)"])
        let written = try Data(contentsOf: stage.folder.appendingPathComponent("besar.html"))
        #expect([UInt8](written) == filler + secret + Array("<p>akhir</p>".utf8))
        #expect(stage.writtenCount == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: stage.folder.path).sorted()
                    == ["bersih.html", "besar.html"])
        publisher.discard([stage])
        withExtendedLifetime(lock) {}
    }

    @Test func auditorFindsSecretsInBytesAndNamesIgnoringCase() throws {
        let site = try canarySite()
        let loaded = SiteLoader.load(siteRoot: site.siteFolder)
        let register = Projection.publicRegister(loaded, target: .public, on: LocalDate(iso: "2026-11-21")!)
        let auditor = LeakAuditor(site: loaded, publishing: register, knownPublicText: [])
        #expect(auditor.leaks(path: "index.html", bytes: Array("nothing here".utf8)).isEmpty)
        let inBody = auditor.leaks(path: "a.html", bytes: Array("<p>…disimpan di ruang arsip lantai dua.</p>".utf8))
        #expect(inBody.map(\.origin) == ["DIK-2025-001 isi (body)"])
        let inName = auditor.leaks(path: "dik/dik-canarydraft-1/index.html", bytes: [])
        #expect(inName.contains { $0.origin.contains("DIK-CANARYDRAFT-1 id") })
        // Escaped for HTML, the analysis is still found by its fragments.
        let escaped = auditor.leaks(path: "b.html", bytes: Array("Rekening dipakai untuk gaji; CANARY-UJI-ANALISIS &lt;b&gt;".utf8))
        #expect(!escaped.isEmpty)
        // A value that is public in its own right is not a secret: "PPID Utama" is a participant
        // and also appears in the public site name.
        #expect(auditor.leaks(path: "c.html", bytes: Array("PPID Utama Kota Uji".utf8)).isEmpty)
    }
}

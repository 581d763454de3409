import DikCore
import DikTestSupport
import Foundation
import Testing

@Suite("dik build: what each site contains")
struct BuildOutputTests {
    func sampleSite() throws -> FixtureSite {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.entry("DIK-2025-002", SampleEntries.decided(
            "DIK-2025-002", informasi: "Dokumen strategi pengamanan", pasal17: "[c.2, a.1]",
            period: "  tahun: 5"))
        // Ended on 2026-06-30: before the build date, so no longer exempt.
        try site.entry("DIK-2024-003", SampleEntries.decided(
            "DIK-2024-003", informasi: "Rencana relokasi pasar", pasal17: "[e]",
            period: "  sampai: 2026-06-30", decreeDate: "2024-01-10"))
        try site.entry("DIK-2023-004", SampleEntries.revoked("DIK-2023-004", decreeNumber: "188/4/PPID/2023"))
        try site.entry("DIK-2026-010", SampleEntries.draft("DIK-2026-010"))
        try site.entry("DIK-2026-011", SampleEntries.draft("DIK-2026-011", status: "diuji",
                                                            informasi: "Kajian tarif air minum"))
        return site
    }

    @Test func publicSiteHasTheRegisterPagesAndNoDrafts() throws {
        let site = try sampleSite()
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let files = site.publicFiles
        for path in ["index.html", "dik/dik-2025-001/index.html", "dik/dik-2025-002/index.html",
                     "dik/dik-2024-003/index.html", "dik/dik-2023-004/index.html",
                     "kategori/h/index.html", "kategori/c/index.html", "kategori/a/index.html",
                     "tidak-dikecualikan/index.html", "404.html", "robots.txt", "assets/style.css"] {
            #expect(files[path] != nil, "missing public/\(path)")
        }
        // Categories used only by entries no longer exempt, or by drafts, get no page.
        #expect(files["kategori/e/index.html"] == nil)
        #expect(files["kategori/b/index.html"] == nil)
        for (path, bytes) in files {
            for draft in ["DIK-2026-010", "DIK-2026-011", "Rancangan kontrak kerja sama", "Kajian tarif air minum"] {
                #expect(!path.lowercased().contains(draft.lowercased()), "draft in file name \(path)")
                #expect(!bytes.containsIgnoringCase(draft), "draft \(draft) in public/\(path)")
            }
        }
    }

    @Test func homeTableListsOnlyEntriesInForceWithTheirColumns() throws {
        let site = try sampleSite()
        #expect(site.build().succeeded)
        let home = try #require(site.publicText("index.html"))
        #expect(home.contains("DIK-2025-001"))
        #expect(home.contains("DIK-2025-002"))
        #expect(!home.contains("dik/dik-2024-003/"), "an expired entry is not in the register table")
        #expect(!home.contains("dik/dik-2023-004/"))
        #expect(home.contains("huruf h.3"))
        #expect(home.contains("Mengungkap rahasia pribadi"))
        #expect(home.contains("Membahayakan pertahanan dan keamanan negara"))
        #expect(home.contains("5 tahun sejak 30 April 2025"))
        #expect(home.contains("30 April 2030"), "computed end date of a 5-year period")
        #expect(home.contains("188.4/DIK-2025-001/PPID"))
        #expect(home.contains("Pemerintah Kota Uji"))
        #expect(home.contains("Jl. Pengujian No. 1"))
        #expect(home.contains("<html lang=\"id\">"))
        // The only script is the local, deferred table filter; its form stays hidden
        // without it and the full table is in the HTML.
        #expect(home.components(separatedBy: "<script").count == 2)
        #expect(home.contains("<script src=\"./assets/filter.js\" defer></script>"))
        #expect(home.contains("<form class=\"filter\" id=\"saring\" role=\"search\"") && home.contains(" hidden>"))
        #expect(!home.contains("http://") && !home.contains("//fonts."), "no external resources")
    }

    @Test func expiredAndOpenedEntriesMoveToTheNoLongerExemptList() throws {
        let site = try sampleSite()
        #expect(site.build().succeeded)
        let opened = try #require(site.publicText("tidak-dikecualikan/index.html"))
        #expect(opened.contains("DIK-2024-003"))
        #expect(opened.contains("Jangka waktu pengecualian berakhir 30 Juni 2026"))
        #expect(opened.contains("DIK-2023-004"))
        #expect(opened.contains("Putusan KI Provinsi No. 12/2025"))
        #expect(opened.contains("12 Agustus 2025"))
        #expect(!opened.contains("DIK-2025-001"))
        let notice = try #require(site.publicText("dik/dik-2024-003/index.html"))
        #expect(notice.contains("tidak lagi dikecualikan"))
        #expect(notice.contains("Jangka waktu pengecualian berakhir 30 Juni 2026</p>"),
                "the end date is said once in the note")
        let revoked = try #require(site.publicText("dik/dik-2023-004/index.html"))
        #expect(revoked.contains("Putusan KI Provinsi No. 12/2025 (12 Agustus 2025)</p>"))
    }

    @Test func theSameEntryIsInForceTheDayBeforeItsPeriodEnds() throws {
        let site = try sampleSite()
        #expect(site.build(date: "2026-06-29").succeeded)
        #expect(site.publicText("index.html")?.contains("dik/dik-2024-003/") == true)
        #expect(site.build(date: "2026-06-30").succeeded)
        #expect(site.publicText("index.html")?.contains("dik/dik-2024-003/") == false)
    }

    @Test func noticePageShowsThePublicFieldsOnly() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", extra: """
            konsekuensi_dibuka: Memudahkan penipuan terhadap pegawai.
            pertimbangan_ditutup: Perlindungan data pribadi lebih besar manfaatnya.
            sebagian: true
            dasar_hukum: [UU 27/2022 tentang Pelindungan Data Pribadi]
            riwayat:
              - tanggal: 2025-04-30
                status: ditetapkan
                dasar: Penetapan PPID Utama
            """))
        #expect(site.build().succeeded)
        let notice = try #require(site.publicText("dik/dik-2025-001/index.html"))
        #expect(notice.contains("Memudahkan penipuan terhadap pegawai."))
        #expect(notice.contains("Perlindungan data pribadi lebih besar manfaatnya."))
        #expect(notice.contains("hanya sebagian dokumen"))
        #expect(notice.contains("UU 27/2022 tentang Pelindungan Data Pribadi"))
        #expect(notice.contains("Penetapan PPID Utama"))
        #expect(!notice.contains("Analisis singkat."))
        #expect(!notice.contains("UK/DIK-2025-001"))
    }

    @Test func categoryPageExplainsTheLetterAndListsItsEntries() throws {
        let site = try sampleSite()
        #expect(site.build().succeeded)
        let page = try #require(site.publicText("kategori/c/index.html"))
        #expect(page.contains("Membahayakan pertahanan dan keamanan negara"))
        #expect(page.contains("strategi, intelijen"))
        #expect(page.contains("DIK-2025-002"))
        #expect(!page.contains("DIK-2025-001"))
    }

    @Test func internalSiteHasEveryEntryDraftsMarkedAndIsNeverIndexed() throws {
        let site = try sampleSite()
        #expect(site.build().succeeded)
        let files = site.internalFiles
        for id in ["dik-2025-001", "dik-2025-002", "dik-2024-003", "dik-2023-004", "dik-2026-010", "dik-2026-011"] {
            #expect(files["dik/\(id)/index.html"] != nil, "missing internal page for \(id)")
        }
        #expect(files["dasbor/index.html"] != nil)
        #expect(site.internalText("robots.txt") == "User-agent: *\nDisallow: /\n")
        for (path, bytes) in files where path.hasSuffix(".html") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("<meta name=\"robots\" content=\"noindex,nofollow\">"), "\(path) lacks noindex")
            #expect(text.contains("class=\"banner-internal\""), "\(path) lacks the internal banner")
        }
        let draft = try #require(site.internalText("dik/dik-2026-010/index.html"))
        #expect(draft.contains("DRAF"))
        let home = try #require(site.internalText("index.html"))
        #expect(home.contains("DIK-2026-010") && home.contains("DIK-2026-011"))
        #expect(home.contains("class=\"draft\""))
    }

    /// The 404 page is served from any depth, so it links from a full address: the
    /// intranet's, never the public site's (whose pages lack drafts and the dashboard).
    @Test func theInternal404PageLinksWithinTheIntranet() throws {
        let site = try FixtureSite(settings: FixtureSite.defaultSettings + "\nurl_internal: https://intranet.kotauji.go.id/dik/\n")
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(site.build().succeeded)
        let internal404 = try #require(site.internalText("404.html"))
        #expect(internal404.contains("href=\"https://intranet.kotauji.go.id/dik/assets/style.css\""))
        #expect(internal404.contains("href=\"https://intranet.kotauji.go.id/dik/dasbor/\""))
        #expect(!internal404.contains("ppid.kotauji.go.id"))
        #expect(site.publicText("404.html")?.contains("href=\"https://ppid.kotauji.go.id/assets/style.css\"") == true)

        // Without url_internal, the public address's path, on whichever host serves it.
        let settings = FixtureSite.defaultSettings.replacingOccurrences(
            of: "url_publik: https://ppid.kotauji.go.id/", with: "url_publik: https://ppid.kotauji.go.id/dik/")
        let bare = try FixtureSite(settings: settings)
        try bare.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(bare.build().succeeded)
        let bare404 = try #require(bare.internalText("404.html"))
        #expect(bare404.contains("href=\"/dik/assets/style.css\"") && bare404.contains("href=\"/dik/dasbor/\""))
        #expect(!bare404.contains("ppid.kotauji.go.id"))
        #expect(bare.publicText("404.html")?.contains("href=\"https://ppid.kotauji.go.id/dik/assets/style.css\"") == true)
    }

    @Test func internalPageRendersTheBodySafelyAndEveryInternalField() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", extra: """
            internal:
              lokasi_arsip: Lemari 3, rak B
              kontak: [Bu Sari, Pak Budi]
            catatan_lain: Kunci yang tidak dikenal
            """), body: """
            Arsip **asli** ada di gudang.

            <script>alert(1)</script>

            [klik](javascript:alert(2))
            """)
        let report = site.build()
        #expect(report.succeeded)
        #expect(report.diagnostics.contains { $0.problem.code == "unknown-key" })
        let page = try #require(site.internalText("dik/dik-2025-001/index.html"))
        #expect(page.contains("Arsip <strong>asli</strong> ada di gudang."))
        #expect(!page.contains("<script>alert(1)</script>"), "raw HTML is not passed through")
        #expect(!page.contains("javascript:alert"), "unsafe links are dropped")
        #expect(page.contains("Lemari 3, rak B"))
        #expect(page.contains("Bu Sari"))
        #expect(page.contains("catatan_lain"))
        #expect(page.contains("Kunci yang tidak dikenal"))
        #expect(page.contains("Analisis singkat."))
    }

    @Test func dashboardCountsAndListsPeriodsEndingSoon() throws {
        let site = try sampleSite()
        try site.entry("DIK-2024-020", SampleEntries.decided(
            "DIK-2024-020", informasi: "Peta rawan konflik sosial", pasal17: "[c.1]",
            period: "  sampai: 2026-12-10", decreeDate: "2024-02-01"))
        try site.entry("DIK-2024-021", SampleEntries.decided(
            "DIK-2024-021", informasi: "Data intelijen perbatasan", pasal17: "[c.3]",
            period: "  sampai: 2027-02-01", decreeDate: "2024-02-01"))
        try site.entry("DIK-2025-030", SampleEntries.decided("DIK-2025-030", extra: "dasar_hukm: [UU 1/2020]"))
        let report = site.build()
        #expect(report.succeeded)
        let dashboard = try #require(site.internalText("dasbor/index.html"))
        let within30 = try #require(dashboard.components(separatedBy: "id=\"akhir-90\"").first)
        #expect(within30.contains("DIK-2024-020"))
        #expect(!within30.contains("DIK-2024-021"))
        let within90 = try #require(dashboard.components(separatedBy: "id=\"akhir-90\"").last)
        #expect(within90.contains("DIK-2024-021"))
        #expect(dashboard.contains("<th scope=\"row\">Usulan</th><td>1</td>"))
        #expect(dashboard.contains("<th scope=\"row\">Sudah diuji</th><td>1</td>"))
        // The ended-but-still-ditetapkan entry is flagged as a problem.
        let problems = try #require(dashboard.components(separatedBy: "id=\"masalah\"").last)
        #expect(problems.contains("DIK-2024-003"))
        #expect(problems.contains("DIK-2025-030"), "decoding warnings (an unknown key) are listed too")
        #expect(problems.contains("Maksudnya &#39;dasar_hukum&#39;?"))
    }

    @Test func targetPublicLeavesTheInternalSiteAlone() throws {
        let site = try sampleSite()
        #expect(site.build().succeeded)
        let internalBefore = site.internalFiles
        try site.entry("DIK-2025-050", SampleEntries.decided("DIK-2025-050", informasi: "Data baru"))
        #expect(site.build(targets: [.public]).succeeded)
        #expect(site.internalFiles == internalBefore)
        #expect(site.publicFiles["dik/dik-2025-050/index.html"] != nil)
    }

    @Test func staleFilesFromAnOlderBuildDoNotSurvive() throws {
        let site = try sampleSite()
        #expect(site.build().succeeded)
        #expect(site.publicFiles["dik/dik-2025-002/index.html"] != nil)
        try FileManager.default.removeItem(at: site.siteFolder.appendingPathComponent("register/DIK-2025-002.md"))
        #expect(site.build().succeeded)
        #expect(site.publicFiles["dik/dik-2025-002/index.html"] == nil)
        #expect(site.internalFiles["dik/dik-2025-002/index.html"] == nil)
    }
}

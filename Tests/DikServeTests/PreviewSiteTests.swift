import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Testing

@Suite("The preview renders what dik build renders, drafts marked, from memory")
struct PreviewSiteTests {
    @Test func thePublicBuildInMemoryIsByteForByteWhatDikBuildWrites() async throws {
        let site = try PreviewFixture.sampleSite()
        let fixture = PreviewFixture(site)
        await fixture.preview.load()
        let report = site.build(date: PreviewFixture.date, targets: [.public])
        #expect(report.succeeded, "\(report.diagnostics)")
        let snapshot = fixture.preview.snapshot
        #expect(snapshot.errors.isEmpty)
        // The preview renders the site language's pages; data files, other languages and
        // the print view are left to dik build.
        let built = site.publicFiles.filter { PublicSite.isPage($0.key) }
        #expect(built.count < site.publicFiles.count)
        #expect(Set(snapshot.publicBuild.keys) == Set(built.keys))
        for (path, bytes) in built where snapshot.publicBuild[path] != bytes {
            Issue.record("public/\(path) differs from what dik build wrote")
        }
    }

    @Test func draftsAreListedInThePublicViewAndMarkedOnEveryRowAndPage() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        let preview = fixture.preview.snapshot.preview
        let home = fixture.text(preview, "index.html")
        for id in ["DIK-2026-010", "DIK-2026-011"] {
            let row = try #require(home.range(of: "<a href=\"./dik/\(id.lowercased())/\">\(id)</a>"))
            let rowStart = try #require(home[..<row.lowerBound].range(of: "<tr", options: .backwards))
            #expect(home[rowStart.lowerBound..<row.lowerBound].contains("class=\"draft\""), "\(id) row is not marked")
        }
        #expect(home.count(of: "<span class=\"draft-tag\">DRAF · ") == 2)
        #expect(home.contains("DRAF · Usulan") && home.contains("DRAF · Sudah diuji"))
        // Drafts appear on the category page of their letter, marked too.
        let categoryB = fixture.text(preview, "kategori/b/index.html")
        #expect(categoryB.contains("DIK-2026-010") && categoryB.contains("class=\"draft\""))
        let draftPage = fixture.text(preview, "dik/dik-2026-010/index.html")
        #expect(draftPage.contains("class=\"dik-watermark\""))
        #expect(draftPage.contains("DRAF — belum ditetapkan, tidak tampil di situs publik"))
        let decided = fixture.text(preview, "dik/dik-2025-001/index.html")
        #expect(!decided.contains("class=\"dik-watermark\""))
        #expect(!decided.contains("draft-tag"))
    }

    @Test func everyPreviewPageHasTheBarLinkingBothViewsOfThatPage() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        let snapshot = fixture.preview.snapshot
        for (name, files) in [("preview", snapshot.preview), ("internal", snapshot.internalView)] {
            for (path, bytes) in files where path.hasSuffix(".html") {
                #expect(bytes.text.count(of: "class=\"dik-preview-bar\"") == 1, "\(name)/\(path) has no bar")
            }
        }
        let notice = fixture.text(snapshot.preview, "dik/dik-2025-001/index.html")
        #expect(notice.contains("<a href=\"/dik/dik-2025-001/\" aria-current=\"page\">Tampilan publik</a>"))
        #expect(notice.contains("<a href=\"/internal/dik/dik-2025-001/\">Tampilan internal</a>"))
        #expect(notice.contains("<a href=\"/_dik/perubahan/\">Perubahan bila diterbitkan</a>"))
        let internalNotice = fixture.text(snapshot.internalView, "dik/dik-2025-001/index.html")
        #expect(internalNotice.contains("<a href=\"/dik/dik-2025-001/\">Tampilan publik</a>"))
        #expect(internalNotice.contains("<a href=\"/internal/dik/dik-2025-001/\" aria-current=\"page\">"))
        // The dashboard has no public counterpart; a category used only by drafts has
        // no internal page (the internal site lists drafts apart): link the register.
        let dashboard = fixture.text(snapshot.internalView, "dasbor/index.html")
        #expect(dashboard.contains("<a href=\"/\">Tampilan publik</a>"))
        let categoryB = fixture.text(snapshot.preview, "kategori/b/index.html")
        #expect(categoryB.contains("<a href=\"/internal/\">Tampilan internal</a>"))
        let categoryH = fixture.text(snapshot.preview, "kategori/h/index.html")
        #expect(categoryH.contains("<a href=\"/internal/kategori/h/\">Tampilan internal</a>"))
        // The built site has neither the bar nor drafts.
        for (path, bytes) in snapshot.publicBuild {
            #expect(!bytes.containsIgnoringCase("dik-preview-bar"), "bar in public/\(path)")
            #expect(!bytes.containsIgnoringCase("DIK-2026-010"), "draft in public/\(path)")
            #expect(!bytes.containsIgnoringCase(LiveReload.marker), "reload script in public/\(path)")
        }
        for (path, bytes) in snapshot.preview.merging(snapshot.internalView, uniquingKeysWith: { a, _ in a }) {
            #expect(!bytes.containsIgnoringCase(LiveReload.marker), "reload script rendered into \(path)")
        }
    }

    @Test func thePublicViewNeverShowsInternalFields() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        let snapshot = fixture.preview.snapshot
        for (path, bytes) in snapshot.preview {
            #expect(!bytes.containsIgnoringCase("Uraian internal yang rahasia"), "body in preview \(path)")
            #expect(!bytes.containsIgnoringCase("Analisis singkat"), "uji_konsekuensi in preview \(path)")
        }
        #expect(fixture.text(snapshot.internalView, "dik/dik-2025-001/index.html")
            .contains("Uraian internal yang rahasia"))
    }

    /// The public view shows drafts, so their ids and descriptions are there by
    /// design; nothing else internal may be: not bodies, not the consequence test,
    /// not internal notes or unknown keys, not the intranet address.
    @Test func thePublicViewCarriesNoInternalCanary() async throws {
        let site = try FixtureSite(settings: FixtureSite.defaultSettings
            + "\nurl_internal: https://canary-intranet.example/dik/\n")
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", extra: """
            internal:
              lokasi_arsip: Lemari CANARY-INTERNAL-LOKASI
            catatan_rahasia: CANARY-UNKNOWN-KEY
            """).replacingOccurrences(of: "Analisis singkat.", with: "CANARY-UJI-ANALISIS"),
            body: "Arsip **CANARY-BODY-ALPHA** disimpan di ruang arsip.")
        try site.entry("DIK-2026-010", SampleEntries.draft("DIK-2026-010", status: "diuji"),
                       body: "Draf berisi CANARY-DRAFT-BODY.")
        let fixture = PreviewFixture(site)
        await fixture.preview.load()
        let snapshot = fixture.preview.snapshot
        let canaries = ["CANARY-INTERNAL-LOKASI", "CANARY-UNKNOWN-KEY", "CANARY-UJI-ANALISIS", "CANARY-BODY-ALPHA",
                        "CANARY-DRAFT-BODY", "canary-intranet.example", "UK/DIK-2026-010", "Masih dikaji"]
        for (path, bytes) in snapshot.preview {
            for canary in canaries { #expect(!bytes.containsIgnoringCase(canary), "\(canary) in preview \(path)") }
        }
        let changes = snapshot.changesPage
        for canary in canaries { #expect(!changes.containsIgnoringCase(canary), "\(canary) in the changes page") }
        // They are in the internal view, so the test can find them.
        let internalPages = snapshot.internalView.values
        for canary in canaries.dropLast(3) + ["Masih dikaji"] {
            #expect(internalPages.contains { $0.containsIgnoringCase(canary) }, "\(canary) missing internally")
        }
    }

    @Test func servingWritesNothingIntoTheSiteOrTheOutputFolder() async throws {
        let site = try PreviewFixture.sampleSite()
        site.build(date: PreviewFixture.date)
        let before = folderState(site.root)
        let fixture = PreviewFixture(site)
        await fixture.preview.load()
        await fixture.preview.apply(.everything)
        #expect(fixture.preview.snapshot.errors.isEmpty)
        #expect(folderState(site.root) == before)
    }

    /// The incremental path must end where a full render of the same files ends.
    @Test func updatesOfSingleEntriesEqualAFullRender() async throws {
        let site = try PreviewFixture.sampleSite()
        site.build(date: PreviewFixture.date, targets: [.public])
        let fixture = PreviewFixture(site)
        let watcher = SiteWatcher(siteRoot: site.siteFolder, theme: FixtureSite.themeFolder,
                                  publishedFolder: site.outFolder.appendingPathComponent("public"))
        await fixture.preview.load()
        let edits: [(String, () throws -> Void)] = [
            ("a public field", {
                try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Nomor rekening gaji"))
            }),
            ("a draft decided, under a new letter", {
                try site.entry("DIK-2026-010", SampleEntries.decided("DIK-2026-010", informasi: "Peta cadangan mineral",
                                                                      pasal17: "[d]"))
            }),
            ("an entry opened", {
                try site.entry("DIK-2025-002", SampleEntries.decided(
                    "DIK-2025-002", informasi: "Dokumen strategi pengamanan", pasal17: "[c.2]", period: "  tahun: 5",
                    extra: "riwayat:\n  - tanggal: 2026-11-01\n    status: dibuka\n    dasar: Keputusan PPID 9/2026")
                    .replacingOccurrences(of: "status: ditetapkan", with: "status: dibuka"))
            }),
            ("a new entry file", {
                try site.entry("DIK-2026-020", SampleEntries.decided("DIK-2026-020", informasi: "Data kesehatan pasien",
                                                                      pasal17: "[h.2]"))
            }),
            ("an entry file deleted", {
                try FileManager.default.removeItem(at: site.siteFolder.appendingPathComponent("register/DIK-2024-003.md"))
            }),
            ("an id changed in its file", {
                try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-099", informasi: "Nomor rekening gaji"),
                               file: "DIK-2025-001.md")
            }),
            ("an entry back to draft", {
                try site.entry("DIK-2026-020", SampleEntries.draft("DIK-2026-020", status: "diuji"))
            }),
        ]
        for (name, edit) in edits {
            try edit()
            let change = watcher.scan()
            #expect(!change.isEmpty, "the watcher missed: \(name)")
            let report = await fixture.preview.apply(change)
            #expect(report.kind != .full, "\(name) rendered everything")
            await fixture.preview.settled()
            let incremental = fixture.preview.snapshot
            let fresh = PreviewSite(options: PreviewFixture.options(for: site))
            await fresh.load()
            let full = fresh.snapshot
            #expect(incremental.errors.isEmpty && full.errors.isEmpty, "\(name): \(incremental.errors)")
            for (view, mine, theirs) in [("preview", incremental.preview, full.preview),
                                         ("internal", incremental.internalView, full.internalView),
                                         ("public", incremental.publicBuild, full.publicBuild)] {
                #expect(Set(mine.keys) == Set(theirs.keys), "\(name): \(view) has other files")
                for (path, bytes) in theirs where mine[path] != bytes {
                    Issue.record("\(name): \(view)/\(path) differs from a full render")
                }
            }
            if incremental.changesPage != full.changesPage { Issue.record("\(name): the changes page differs") }
        }
    }

    @Test func listPagesLeftForLaterAreNeverServedOutOfDate() async throws {
        let site = try PreviewFixture.sampleSite()
        let fixture = PreviewFixture(site)
        await fixture.preview.load()
        for round in 1...5 {
            try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Judul ke-\(round)"))
            let report = await fixture.preview.apply(SiteChange(entryFiles: ["register/DIK-2025-001.md"]))
            #expect(report.kind != .full)
            // Asked for at once, before or after the worker got to it: always the new text.
            let snapshot = fixture.preview.snapshot
            for (kind, path) in [(ViewKind.preview, "index.html"), (.internalView, "index.html"),
                                 (.publicBuild, "kategori/h/index.html"), (.preview, "dik/dik-2025-001/index.html")] {
                let page = await snapshot.page(kind, path)?.text ?? ""
                #expect(page.contains("Judul ke-\(round)"), "\(kind)/\(path) in round \(round)")
            }
        }
        await fixture.preview.settled()
        #expect(fixture.preview.snapshot.changesPage.text.contains("Judul ke-5"))
    }

    @Test func anInternalValuePastedIntoATemplateIsALeakAndGoesAwayWhenFixed() async throws {
        let site = try PreviewFixture.sampleSite()
        let notice = try String(contentsOf: FixtureSite.themeFolder.appendingPathComponent("notice.mustache"),
                                encoding: .utf8)
        try site.write("templates/notice.mustache", notice.replacingOccurrences(
            of: "{{/main}}", with: "<p>Lemari arsip CANARY-LEAK-SEVEN</p>{{/main}}"))
        let fixture = PreviewFixture(site)
        await fixture.preview.load()
        #expect(fixture.preview.snapshot.errors.isEmpty)
        // The value becomes internal: every notice page now leaks it.
        try site.entry("DIK-2025-002", SampleEntries.decided(
            "DIK-2025-002", informasi: "Dokumen strategi pengamanan", pasal17: "[c.2]", period: "  tahun: 5",
            extra: "internal:\n  lokasi: Lemari arsip CANARY-LEAK-SEVEN"))
        await fixture.preview.apply(SiteChange(entryFiles: ["register/DIK-2025-002.md"]))
        await fixture.preview.settled()
        let leaking = fixture.preview.snapshot
        let leaks = leaking.errors.filter { $0.problem.code == "leak" }
        #expect(!leaks.isEmpty)
        #expect(leaking.errorPage.map { $0.text.contains("DIK-2025-002 internal") } == true)
        // Leaks on pages the incremental update did not render are found by the audit after it.
        let files = Set(leaks.map { PreviewRenderer.leakFile($0) })
        #expect(files.contains("dik/dik-2025-001/index.html"), "\(files)")
        // Fixed: the value is no longer internal, and no page leaks.
        try site.entry("DIK-2025-002", SampleEntries.decided(
            "DIK-2025-002", informasi: "Dokumen strategi pengamanan", pasal17: "[c.2]", period: "  tahun: 5",
            extra: "internal:\n  lokasi: Gudang"))
        await fixture.preview.apply(SiteChange(entryFiles: ["register/DIK-2025-002.md"]))
        await fixture.preview.settled()
        #expect(fixture.preview.snapshot.errors.isEmpty, "\(fixture.preview.snapshot.errors)")
    }

    @Test func siteSourcesAssembleTheSameSiteAsTheLoader() throws {
        let site = try PreviewFixture.sampleSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"), file: "copy-of-001.md")
        try site.write("register/broken.md", "---\nid: X\n")
        try site.write("register/2026/nested.md", "---\n" + SampleEntries.draft("DIK-2026-030") + "\n---\n")
        let loaded = SiteLoader.load(siteRoot: site.siteFolder)
        let assembled = SiteSources.read(siteRoot: site.siteFolder).site()
        #expect(assembled.entries.map(\.source) == loaded.entries.map(\.source))
        #expect(assembled.entries.map(\.record) == loaded.entries.map(\.record))
        #expect(assembled.diagnostics == loaded.diagnostics)
        #expect(loaded.diagnostics.contains { $0.problem.code == "duplicate-id" })
        #expect(assembled.settings == loaded.settings)

        // Read again file by file, through edits that keep and that change ids.
        var sources = SiteSources.read(siteRoot: site.siteFolder)
        let edits: [(file: String, text: String)] = [
            ("copy-of-001.md", SampleEntries.decided("DIK-2025-000")),
            ("DIK-2025-002.md", SampleEntries.decided("DIK-2025-002", informasi: "Judul baru", pasal17: "[c.2]")),
            ("DIK-2026-010.md", SampleEntries.draft("DIK-2030-001")),
            ("DIK-2025-002.md", SampleEntries.decided("DIK-2025-002", informasi: "Judul lain", pasal17: "[c.2]")),
        ]
        for edit in edits {
            try site.entry("unused", edit.text, file: edit.file)
            let source = try #require(sources.files["register/\(edit.file)"]?.source)
            sources.reread(source)
            let incremental = sources.site()
            let fresh = SiteLoader.load(siteRoot: site.siteFolder)
            #expect(incremental.entries.map(\.record) == fresh.entries.map(\.record), "after \(edit.file)")
            #expect(incremental.diagnostics == fresh.diagnostics, "after \(edit.file)")
        }
    }
}

import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Testing

/// Every kind of edit a reviewer makes while the preview runs, applied as the watcher
/// reports it: after each, what the preview serves must be exactly what a preview
/// started fresh on the same files serves (and so what `dik build` would publish).
@Suite("An edit updates the preview to exactly a fresh render")
struct IncrementalPreviewTests {
    /// A fixture, its watcher, and a loaded preview with a last build to compare with.
    struct Session {
        let site: FixtureSite
        let fixture: PreviewFixture
        let watcher: SiteWatcher

        init() async throws {
            site = try PreviewFixture.sampleSite()
            site.build(date: PreviewFixture.date, targets: [.public])
            fixture = PreviewFixture(site)
            watcher = SiteWatcher(siteRoot: site.siteFolder, theme: FixtureSite.themeFolder,
                                  publishedFolder: site.outFolder.appendingPathComponent("public"))
            await fixture.preview.load()
        }

        /// Applies what the watcher sees now; returns the report.
        @discardableResult
        func apply(_ name: String) async -> UpdateReport {
            let change = watcher.scan()
            #expect(!change.isEmpty, "the watcher missed: \(name)")
            return await fixture.preview.apply(change)
        }

        /// Each page, asked for right after the update (before the work left for later
        /// has run), and everything after it has run, equal a fresh preview's.
        func expectFresh(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async {
            let fresh = PreviewSite(options: PreviewFixture.options(for: site))
            await fresh.load()
            let full = fresh.snapshot
            let early = fixture.preview.snapshot
            #expect(early.errors == full.errors, "\(name): errors differ", sourceLocation: sourceLocation)
            if full.errors.isEmpty {
                for (kind, files) in [(ViewKind.preview, full.preview), (.internalView, full.internalView),
                                      (.publicBuild, full.publicBuild)] {
                    for (path, bytes) in files where await early.page(kind, path) != bytes {
                        Issue.record("\(name): \(kind.rawValue)/\(path), asked for at once, differs",
                                     sourceLocation: sourceLocation)
                    }
                }
            } else {
                #expect(early.errorPage == full.errorPage, "\(name): error page differs", sourceLocation: sourceLocation)
            }
            await fixture.preview.settled()
            let mine = fixture.preview.snapshot
            #expect(mine.errors == full.errors, "\(name): errors differ once settled", sourceLocation: sourceLocation)
            // While there are errors, the error page is all there is to see.
            guard full.errors.isEmpty else { return }
            for (view, ours, theirs) in [("preview", mine.preview, full.preview),
                                         ("internal", mine.internalView, full.internalView),
                                         ("public", mine.publicBuild, full.publicBuild)] {
                #expect(Set(ours.keys) == Set(theirs.keys),
                        "\(name): \(view) has other files: \(Set(ours.keys).symmetricDifference(theirs.keys))",
                        sourceLocation: sourceLocation)
                for (path, bytes) in theirs where ours[path] != bytes {
                    Issue.record("\(name): \(view)/\(path) differs from a fresh render", sourceLocation: sourceLocation)
                }
            }
            if mine.changesPage != full.changesPage {
                Issue.record("\(name): the changes page differs", sourceLocation: sourceLocation)
            }
        }

        var registerFolder: URL { site.siteFolder.appendingPathComponent("register") }
    }

    @Test func editingOneEntryAgainAndAgain() async throws {
        let session = try await Session()
        for round in 1...3 {
            try session.site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001",
                                                                          informasi: "Nomor rekening ke-\(round)"))
            let report = await session.apply("edit \(round)")
            #expect(report.kind != .full)
            await session.expectFresh("edit \(round)")
        }
    }

    @Test func addingAnEntryUnderANewLetterAndDeletingIt() async throws {
        let session = try await Session()
        try session.site.entry("DIK-2026-050", SampleEntries.decided("DIK-2026-050", informasi: "Akta wasiat",
                                                                      pasal17: "[g]"))
        #expect(await session.apply("added").kind != .full)
        await session.expectFresh("added")
        try FileManager.default.removeItem(at: session.registerFolder.appendingPathComponent("DIK-2026-050.md"))
        #expect(await session.apply("deleted").kind != .full)
        await session.expectFresh("deleted")
    }

    @Test func renamingAnEntryFileKeepsTheEntry() async throws {
        let session = try await Session()
        let folder = session.registerFolder
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("2025"),
                                                withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: folder.appendingPathComponent("DIK-2025-002.md"),
                                         to: folder.appendingPathComponent("2025/strategi.md"))
        #expect(await session.apply("renamed").kind != .full)
        await session.expectFresh("renamed into a folder")
        // The internal page names the file the entry now comes from.
        let page = await session.fixture.preview.snapshot.page(.internalView, "dik/dik-2025-002/index.html")
        #expect(page?.text.contains("register/2025/strategi.md") == true)
    }

    @Test func anEntryBecomingInvalidShowsTheErrorsAndComesBackWhenFixed() async throws {
        let session = try await Session()
        try session.site.write("register/DIK-2025-002.md", "---\nid: DIK-2025-002\nstatus: ditetapkan\npasal17: [z]\n")
        let broken = await session.apply("broken")
        guard case .errors = broken.kind else {
            Issue.record("a broken entry gave \(broken.kind)")
            return
        }
        #expect(session.fixture.preview.snapshot.errorPage != nil)
        await session.expectFresh("broken")
        // Another entry edited while the site is broken: still errors, then fixed together.
        try session.site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Diubah saat rusak"))
        await session.apply("edited while broken")
        #expect(session.fixture.preview.snapshot.errorPage != nil)
        try session.site.entry("DIK-2025-002", SampleEntries.decided(
            "DIK-2025-002", informasi: "Dokumen strategi diperbaiki", pasal17: "[c.2]", period: "  tahun: 5"))
        await session.apply("fixed")
        #expect(session.fixture.preview.snapshot.errorPage == nil)
        await session.expectFresh("fixed")
    }

    @Test func twoFilesClaimingOneIdAndTheClashResolved() async throws {
        let session = try await Session()
        try session.site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Salinan"),
                               file: "salinan.md")
        await session.apply("duplicate")
        #expect(session.fixture.preview.snapshot.errors.contains { $0.problem.code == "duplicate-id" })
        await session.expectFresh("duplicate")
        try session.site.entry("DIK-2025-077", SampleEntries.decided("DIK-2025-077", informasi: "Salinan"),
                               file: "salinan.md")
        await session.apply("clash resolved")
        await session.expectFresh("clash resolved")
    }

    @Test func editsThatMoveAnEntryBetweenListsAndLetters() async throws {
        let session = try await Session()
        let edits: [(String, String, String)] = [
            ("draft decided", "DIK-2026-011", SampleEntries.decided("DIK-2026-011", informasi: "Kajian tarif",
                                                                     pasal17: "[e.2]", period: "  tahun: 2")),
            ("decided back to draft", "DIK-2025-001", SampleEntries.draft("DIK-2025-001", status: "diuji")),
            ("id changed, moving in the register order", "DIK-2024-003",
             SampleEntries.decided("DIK-2030-001", informasi: "Rencana relokasi pasar", pasal17: "[e]")),
            ("a period that ends", "DIK-2025-002", SampleEntries.decided(
                "DIK-2025-002", informasi: "Dokumen strategi pengamanan", pasal17: "[c.2]",
                period: "  sampai: 2026-01-01")),
            ("letters changed", "DIK-2023-004", PreviewFixture.revoked(
                "DIK-2023-004", informasi: "Hasil audit kinerja", pasal17: "[a.1, j]", ruling: "Putusan KI 1/2026")),
        ]
        for (name, file, text) in edits {
            try session.site.entry("unused", text, file: file + ".md")
            #expect(await session.apply(name).kind != .full, "\(name)")
            await session.expectFresh(name)
        }
    }

    @Test func severalFilesChangedInOneBatch() async throws {
        let session = try await Session()
        try session.site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Bersama satu"))
        try session.site.entry("DIK-2026-010", SampleEntries.decided("DIK-2026-010", informasi: "Bersama dua",
                                                                      pasal17: "[f.1]"))
        try FileManager.default.removeItem(at: session.registerFolder.appendingPathComponent("DIK-2024-003.md"))
        try session.site.entry("DIK-2026-060", SampleEntries.draft("DIK-2026-060"))
        #expect(await session.apply("batch").kind != .full)
        await session.expectFresh("batch")
    }
}

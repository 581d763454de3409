import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Testing

@Suite("The watcher notices what changed on disk", .timeLimit(.minutes(1)))
struct WatcherTests {
    func watcher(_ site: FixtureSite) -> SiteWatcher {
        SiteWatcher(siteRoot: site.siteFolder, theme: FixtureSite.themeFolder,
                    publishedFolder: site.outFolder.appendingPathComponent("public"))
    }

    func path(_ site: FixtureSite, _ relative: String) -> String {
        site.siteFolder.appendingPathComponent(relative).standardizedFileURL.path
    }

    @Test func namedPathsAreJudgedAloneAndAgreeWithAFullScan() throws {
        let site = try PreviewFixture.sampleSite()
        let watcher = watcher(site)
        let entry = path(site, "register/DIK-2025-001.md")

        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Baru"))
        #expect(watcher.scan(paths: [entry]) == SiteChange(entryFiles: ["register/DIK-2025-001.md"]))
        #expect(watcher.scan().isEmpty, "the targeted scan left the watcher behind")

        // An editor's swap file beside the entry is nothing.
        try site.write("register/.DIK-2025-001.md.swp", "x")
        #expect(watcher.scan(paths: [path(site, "register/.DIK-2025-001.md.swp")]).isEmpty)

        // A new entry file and a removed one are listing changes.
        try site.entry("DIK-2026-020", SampleEntries.decided("DIK-2026-020"))
        #expect(watcher.scan(paths: [path(site, "register/DIK-2026-020.md")]).listing)
        try FileManager.default.removeItem(atPath: entry)
        #expect(watcher.scan(paths: [entry]).listing)
        #expect(watcher.scan().isEmpty)

        // A new folder of entries.
        try site.entry("DIK-2027-001", SampleEntries.decided("DIK-2027-001"), file: "2027/DIK-2027-001.md")
        #expect(watcher.scan(paths: [path(site, "register/2027")]).listing)
        #expect(watcher.folders.contains(path(site, "register/2027")))

        try site.write("site.yml", FixtureSite.defaultSettings + "\nbahasa: id\n")
        #expect(watcher.scan(paths: [path(site, "site.yml")]) == SiteChange(settings: true))
        try site.write("templates/home.mustache", "{{<layout}}{{$main}}x{{/main}}{{/layout}}")
        #expect(watcher.scan(paths: [path(site, "templates")]).templates)
        #expect(site.build(date: PreviewFixture.date, targets: [.public]).succeeded)
        #expect(watcher.scan(paths: [site.outFolder.standardizedFileURL.path + "/public"]).published)
        #expect(watcher.scan().isEmpty)
    }

    @Test func savingThroughARenameIsAnEdit() throws {
        let site = try PreviewFixture.sampleSite()
        let watcher = watcher(site)
        // How many editors save: write a new file, rename it over the old one.
        try site.write("register/DIK-2025-001.md.tmp",
                       "---\n" + SampleEntries.decided("DIK-2025-001", informasi: "Disimpan") + "\n---\n")
        #expect(rename(path(site, "register/DIK-2025-001.md.tmp"), path(site, "register/DIK-2025-001.md")) == 0)
        let change = watcher.scan()
        #expect(change.entryFiles == ["register/DIK-2025-001.md"])
        #expect(!change.listing, "a rename-save is not a new file")
    }

    @Test func folderEventsNameTheSavedFile() async throws {
        let site = try PreviewFixture.sampleSite()
        let watcher = watcher(site)
        guard let events = FolderEvents() else { return }  // no inotify here: the timer does the work
        events.watch(watcher.folders)
        var wakeups = events.wakeups(fallback: .seconds(60)).makeAsyncIterator()
        try site.entry("DIK-2025-002", SampleEntries.decided("DIK-2025-002", informasi: "Dari editor"))
        _ = await wakeups.next()
        try await Task.sleep(for: .milliseconds(20))
        let batch = events.take()
        #expect(!batch.everything)
        #expect(batch.paths.contains(path(site, "register/DIK-2025-002.md")))
        #expect(watcher.scan(paths: batch.paths).entryFiles == ["register/DIK-2025-002.md"])
    }

    /// The watcher waits for a save to end only while a file is still being written:
    /// a file closed after writing, or renamed into place, is processed at once.
    @Test func aBatchIsSettledOnceEveryNamedFileIsComplete() async throws {
        let site = try PreviewFixture.sampleSite()
        let watcher = watcher(site)
        guard let events = FolderEvents() else { return }  // no inotify here
        events.watch(watcher.folders)
        var wakeups = events.wakeups(fallback: .seconds(60)).makeAsyncIterator()
        let entry = path(site, "register/DIK-2025-002.md")

        // Written in place, in two steps: not settled while the file is open.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: entry))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data("---\n".utf8))
        _ = await wakeups.next()
        #expect(!events.isSettled, "a file still open for writing counted as complete")
        _ = events.take()
        try handle.write(contentsOf: Data((SampleEntries.decided("DIK-2025-002") + "\n---\n").utf8))
        try handle.close()
        #expect(try await eventuallySettled(events, naming: entry))

        // Saved through a rename, as most editors save.
        try site.write("register/.DIK-2025-002.md.swp",
                       "---\n" + SampleEntries.decided("DIK-2025-002", informasi: "Lewat rename") + "\n---\n")
        #expect(rename(path(site, "register/.DIK-2025-002.md.swp"), entry) == 0)
        #expect(try await eventuallySettled(events, naming: entry))

        // An entry file that went away may be back in a moment: wait for that.
        try FileManager.default.removeItem(atPath: entry)
        #expect(try await settledBatch(events, naming: entry) == false)
    }

    /// Takes batches until one names `path`; returns whether it was settled then.
    /// Whether batches naming the file settle: on a loaded machine the events of one
    /// save may arrive in two batches, the first taken before the file was closed.
    private func eventuallySettled(_ events: FolderEvents, naming path: String) async throws -> Bool {
        var named = false
        for _ in 0..<500 {
            let batch = events.take()
            if batch.paths.contains(path) { named = true }
            if named && batch.isSettled { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    private func settledBatch(_ events: FolderEvents, naming path: String) async throws -> Bool? {
        for _ in 0..<500 {
            let batch = events.take()
            if batch.paths.contains(path) { return batch.isSettled }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}

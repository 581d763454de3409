import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Testing

/// What the preview does when reading the site fails because the process has no file
/// descriptor to spare: it reports that, not something else, and recovers by itself.
@Suite("dik serve reading the site without descriptors", .timeLimit(.minutes(1)))
struct StarvedReadTests {
    /// A folder listing that fails is not a folder whose files went away. Before, an
    /// empty listing made every template and entry look deleted, and the preview read
    /// the site again just then, while nothing could be read: it reported the
    /// templates as missing instead of the real cause.
    @Test func aFolderThatCannotBeListedHasNotLostItsFiles() throws {
        let site = try PreviewFixture.sampleSite()
        try site.write("templates/home.mustache", "{{<layout}}{{$main}}x{{/main}}{{/layout}}")
        let starved = Switch()
        let watcher = SiteWatcher(siteRoot: site.siteFolder, theme: FixtureSite.themeFolder,
                                  publishedFolder: site.outFolder.appendingPathComponent("public"),
                                  lister: { starved.isOn ? nil : SiteWatcher.names(in: $0) })
        starved.isOn = true
        // Saved through a rename, which moves the folder's stamp and so asks for a listing.
        let entry = site.siteFolder.appendingPathComponent("register/DIK-2025-001.md").path
        try site.write("register/DIK-2025-001.md.tmp",
                       "---\n" + SampleEntries.decided("DIK-2025-001", informasi: "Disimpan") + "\n---\n")
        #expect(rename(entry + ".tmp", entry) == 0)
        #expect(watcher.scan() == SiteChange(entryFiles: ["register/DIK-2025-001.md"]))
        #expect(watcher.scan().isEmpty)

        // A file that came meanwhile is seen once the folder can be listed again.
        try site.entry("DIK-2026-030", SampleEntries.decided("DIK-2026-030"))
        #expect(watcher.scan().isEmpty)
        starved.isOn = false
        #expect(watcher.scan() == SiteChange(listing: true))
        #expect(watcher.scan().isEmpty)
    }

    @Test func anUpdateThatRanOutOfDescriptorsIsTriedAgainUntilItReads() {
        let change = SiteChange(entryFiles: ["register/DIK-2025-001.md"])
        let place = SourceLocation(path: "register/DIK-2025-001.md")
        // The reader's words for EMFILE and ENFILE (strerror).
        for reason in ["Too many open files", "Too many open files in system"] {
            var retry = WatchService.Retry()
            retry.after(change, errors: [.error(.unreadableFile(reason: reason), at: place)])
            #expect(retry.adding(to: SiteChange()) == change, "\(reason)")
            #expect(retry.adding(to: SiteChange(settings: true))
                == SiteChange(entryFiles: ["register/DIK-2025-001.md"], settings: true))
            retry.after(change, errors: [])
            #expect(retry.adding(to: SiteChange()).isEmpty)
        }
        // Other errors are the file's own: trying again would read the same thing.
        var retry = WatchService.Retry()
        retry.after(change, errors: [.error(.unreadableFile(reason: "Permission denied"), at: place),
                                     .error(.templateMissing(name: "home"), at: place)])
        #expect(retry.adding(to: SiteChange()).isEmpty)
    }

    /// The changes page compares with the last published site. A page of it that could
    /// not be read was passed over, as if publishing had removed it; now reading stops
    /// and says why, and the preview shows that until the page can be read.
    @Test func aPublishedPageThatCannotBeReadIsNotAPageRemoved() throws {
        let site = try PreviewFixture.sampleSite()
        #expect(site.build(date: PreviewFixture.date, targets: [.public]).succeeded)
        let folder = site.outFolder.appendingPathComponent("public")
        let expected = SiteInventory(files: site.publicFiles.filter { PublicSite.isPage($0.key) })
        #expect(try SiteInventory.read(publishedAt: folder).get() == expected)

        let starved = Switch()
        let reader: PublishedReading.Reader = { path in
            guard starved.isOn, path.hasSuffix("dik-2025-001/index.html") else { return PublishedReading.contents(of: path) }
            return .failure(.init(path: path, reason: "Too many open files"))
        }
        starved.isOn = true
        guard case .failure(let failure) = SiteInventory.read(publishedAt: folder, read: reader) else {
            Issue.record("a page that could not be read was passed over")
            return
        }
        #expect(failure.reason == "Too many open files" && failure.path.hasSuffix("dik/dik-2025-001/index.html"))
        #expect(SiteInventory.read(publishedAt: folder.appendingPathComponent("none")) == .success(nil))
    }

    /// The error page names the cause as the reader gave it.
    @Test func theErrorPageSaysDescriptorsRanOut() {
        let error = Diagnostic.error(.unreadableFile(reason: "Too many open files"),
                                     at: SourceLocation(path: "register/DIK-2025-001.md"))
        let page = ErrorPage.html(errors: [error], warnings: 0, language: .id, sourceLine: { _ in nil })
        #expect(page.contains("Too many open files") && page.contains("register/DIK-2025-001.md"))
        #expect(!page.contains("tidak ditemukan"))
    }
}

final class Switch: @unchecked Sendable {
    private let lock = NSLock()
    private var on = false
    var isOn: Bool {
        get { lock.withLock { on } }
        set { lock.withLock { on = newValue } }
    }
}

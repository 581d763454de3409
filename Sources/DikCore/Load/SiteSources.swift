import Foundation

/// A site read file by file and kept that way, so the review preview can read one
/// changed entry again without reading the ten thousand others. Assembling it gives
/// the same `LoadedSite` as `SiteLoader.load`; a test holds the two together.
public struct SiteSources: Sendable {
    /// One entry file as last read.
    public struct EntryFile: Sendable {
        public let source: SourceFile
        public let entry: Entry?
        public let diagnostics: [Diagnostic]
    }

    public let root: URL
    public private(set) var settings: SiteSettings
    public private(set) var settingsDiagnostics: [Diagnostic]
    /// Problems of the register folder itself (missing, links leaving the site).
    public private(set) var listingDiagnostics: [Diagnostic]
    /// Keyed by the path shown in messages, relative to the site.
    public private(set) var files: [String: EntryFile]

    /// Reads everything, as `dik build` does.
    public static func read(siteRoot: URL) -> SiteSources {
        let root = siteRoot.standardizedFileURL
        let (settings, settingsDiagnostics) = SiteSettings.load(siteRoot: root)
        let (found, listing) = RegisterFiles.find(in: root)
        let results = ConcurrentMap.map(found) { SiteLoader.readEntry($0) }
        var files: [String: EntryFile] = [:]
        for (source, result) in zip(found, results) {
            files[source.displayPath] = EntryFile(source: source, entry: result.0, diagnostics: result.1)
        }
        return SiteSources(root: root, settings: settings, settingsDiagnostics: settingsDiagnostics,
                           listingDiagnostics: listing, files: files)
    }

    /// The entry files `dik build` would read now, without reading them: to tell which
    /// files came or went.
    public func listEntryFiles() -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        RegisterFiles.find(in: root)
    }

    /// Reads one entry file again (or for the first time).
    public mutating func reread(_ source: SourceFile) {
        let (entry, diagnostics) = SiteLoader.readEntry(source)
        files[source.displayPath] = EntryFile(source: source, entry: entry, diagnostics: diagnostics)
    }

    public mutating func remove(displayPath: String) {
        files[displayPath] = nil
    }

    public mutating func replaceListing(diagnostics: [Diagnostic]) {
        listingDiagnostics = diagnostics
    }

    public mutating func rereadSettings() {
        (settings, settingsDiagnostics) = SiteSettings.load(siteRoot: root)
    }

    /// The site as `SiteLoader.load` returns it: entries in register order, ids checked
    /// across files. While no file came, went or changed its id, the order and the id
    /// check of the last call still hold and are reused (sorting ten thousand ids by
    /// natural order is most of the time an edit takes).
    public func site() -> LoadedSite {
        var diagnostics = settingsDiagnostics + listingDiagnostics
        let ids = files.mapValues { $0.entry?.record.id ?? "" }
        let order: Order
        // Duplicate-id findings point at lines that an edit may move: recheck those.
        if let cached = orderCache.order, cached.duplicates.isEmpty, cached.ids == ids {
            order = cached
        } else {
            let paths = files.keys.sorted()
            let entries = paths.compactMap { files[$0]?.entry }
            let duplicates = SiteLoader.duplicateIds(entries)
            let registerOrder = entries.sorted { NaturalOrder.less($0.record.id, $1.record.id) }
                .map(\.source.displayPath)
            order = Order(ids: ids, paths: paths, registerOrder: registerOrder, duplicates: duplicates)
            orderCache.order = order
        }
        for path in order.paths { diagnostics += files[path]?.diagnostics ?? [] }
        diagnostics += order.duplicates
        let entries = order.registerOrder.compactMap { files[$0]?.entry }
        var settings = settings
        if settings.publicBaseURL.isEmpty { settings.publicBaseURL = "/" }
        return LoadedSite(root: root, settings: settings, entries: entries, diagnostics: diagnostics)
    }

    struct Order: Sendable {
        /// Every file's id ("" where it has none): the order holds while these do.
        let ids: [String: String]
        let paths: [String]
        let registerOrder: [String]
        let duplicates: [Diagnostic]
    }

    private let orderCache = OrderCache()
}

/// Shared by copies of a `SiteSources`; each use checks it still fits the files.
final class OrderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: SiteSources.Order?

    var order: SiteSources.Order? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

extension LoadedSite {
    /// The same site served from another address. The preview serves its views from
    /// its own address (`/`, `/internal/`), and the build's internal site from the
    /// intranet's, so links that use the base URL (the 404 page's) must point there
    /// rather than at the real public site.
    public func servedAt(publicBaseURL: String) -> LoadedSite {
        var site = self
        site.settings.publicBaseURL = publicBaseURL
        return site
    }
}

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
    /// across files.
    public func site() -> LoadedSite {
        var diagnostics = settingsDiagnostics + listingDiagnostics
        var entries: [Entry] = []
        entries.reserveCapacity(files.count)
        for path in files.keys.sorted() {
            guard let file = files[path] else { continue }
            diagnostics += file.diagnostics
            if let entry = file.entry { entries.append(entry) }
        }
        diagnostics += SiteLoader.duplicateIds(entries)
        entries.sort { NaturalOrder.less($0.record.id, $1.record.id) }
        var settings = settings
        if settings.publicBaseURL.isEmpty { settings.publicBaseURL = "/" }
        return LoadedSite(root: root, settings: settings, entries: entries, diagnostics: diagnostics)
    }
}

extension LoadedSite {
    /// The same site served from another address. The preview serves its views from
    /// its own address (`/`, `/internal/`), so links that use the base URL (the 404
    /// page's) must point there rather than at the real public site.
    public func servedAt(publicBaseURL: String) -> LoadedSite {
        var settings = settings
        settings.publicBaseURL = publicBaseURL
        return LoadedSite(root: root, settings: settings, entries: entries, diagnostics: diagnostics)
    }
}

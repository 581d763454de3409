import DikCore
import Foundation

public struct PreviewOptions: Sendable {
    public var siteRoot: URL
    /// The last published public site, what the changes page compares with.
    public var publishedFolder: URL
    public var date: LocalDate
    public var theme: URL
    /// Language of error messages.
    public var language: MessageLanguage

    public init(siteRoot: URL, publishedFolder: URL, date: LocalDate,
                theme: URL = TemplateSet.defaultThemeFolder(), language: MessageLanguage = .id) {
        self.siteRoot = siteRoot.standardizedFileURL
        self.publishedFolder = publishedFolder.standardizedFileURL
        self.date = date
        self.theme = theme.standardizedFileURL
        self.language = language
    }
}

/// What the server serves, replaced whole on every update so a request never sees
/// half of one. Pages that list a changed entry may still be rendering; asking for one
/// renders it (see `LiveView`).
public struct PreviewSnapshot: Sendable {
    public let generation: Int
    let views: [ViewKind: LiveView]
    let changes: PendingPage
    public let errors: [Diagnostic]
    /// Served for every page while `errors` is not empty.
    public let errorPage: [UInt8]?

    /// Served at `/`: the public view with drafts, each marked.
    public var preview: [String: [UInt8]] { views[.preview]?.allFiles ?? [:] }
    /// Served at `/internal/`.
    public var internalView: [String: [UInt8]] { views[.internalView]?.allFiles ?? [:] }
    /// What `dik build` would write to `public/` now. Never served.
    public var publicBuild: [String: [UInt8]] { views[.publicBuild]?.allFiles ?? [:] }
    /// Served at `/_dik/perubahan/`; empty until ready (`PreviewSite.settled()`).
    public var changesPage: [UInt8] { changes.value ?? [] }

    func page(_ kind: ViewKind, _ path: String) async -> [UInt8]? { await views[kind]?.page(path) }
    func has(_ kind: ViewKind, _ path: String) -> Bool { views[kind]?.contains(path) ?? false }

    static let empty = PreviewSnapshot(generation: 0, views: [:], changes: PendingPage([]), errors: [], errorPage: nil)
}

/// What changed on disk since the last update, as the watcher saw it.
public struct SiteChange: Sendable, Equatable {
    /// Entry files (paths relative to the site, `register/...`) whose content changed.
    public var entryFiles: Set<String> = []
    /// Entry files came or went, or a folder or link under `register/` changed.
    public var listing = false
    public var settings = false
    public var templates = false
    /// The last published site changed (a `dik build` ran).
    public var published = false

    public init(entryFiles: Set<String> = [], listing: Bool = false, settings: Bool = false,
                templates: Bool = false, published: Bool = false) {
        self.entryFiles = entryFiles
        self.listing = listing
        self.settings = settings
        self.templates = templates
        self.published = published
    }

    public var isEmpty: Bool { entryFiles.isEmpty && !listing && !settings && !templates && !published }

    public static let everything = SiteChange(listing: true, settings: true, templates: true, published: true)
}

public struct UpdateReport: Sendable {
    public enum Kind: Sendable, Equatable {
        case full
        /// Only these pages were rendered again or marked to render (all views together).
        case incremental(pages: Int)
        case errors(Int)
        case baselineOnly
    }

    public let generation: Int
    public let kind: Kind
    public let duration: Duration
}

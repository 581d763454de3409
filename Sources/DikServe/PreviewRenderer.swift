import DikCore
import Foundation

/// The three renderings the preview keeps in memory, all made by the renderers `dik
/// build` uses: the public view with drafts (served at `/`), the internal view (served
/// at `/internal/`) and the public site exactly as `dik build` would write it now,
/// which is never served: it feeds the changes page and the leak audit.
enum ViewKind: String, Sendable, CaseIterable {
    case preview, internalView = "internal", publicBuild = "public"
}

/// One rendering: its files and what decides which pages it has.
struct ViewState: Sendable {
    var files: [String: [UInt8]] = [:]
    /// Pages whose bytes in `files` are out of date, to render before use.
    var stale: Set<String> = []
    /// Letters with a category page.
    var letters: Set<Character> = []
    /// Entries with a page of their own.
    var slugs: Set<String> = []
}

struct RenderState: Sendable {
    var views: [ViewKind: ViewState] = [:]
    /// Leaks found in the public build, per file, for the error page.
    var leaks: [String: [Diagnostic]] = [:]
    /// What the last update rendered again and removed, per view.
    var written: [ViewKind: [String: [UInt8]]] = [:]
    var removed: [ViewKind: [String]] = [:]

    subscript(kind: ViewKind) -> ViewState {
        get { views[kind] ?? ViewState() }
        set { views[kind] = newValue }
    }
}

/// The page paths `RegisterPages` and `InternalPages` write, for rendering one page.
enum PagePath {
    static let home = "index.html"
    static let categories = "kategori/index.html"
    static let opened = "tidak-dikecualikan/index.html"
    static let dashboard = "dasbor/index.html"
    static let notFound = "404.html"
    static func notice(_ slug: String) -> String { "dik/\(slug)/index.html" }
    static func category(_ letter: Character) -> String { "kategori/\(letter)/index.html" }
}

/// What one update changed: the entries as they were and as they are now.
struct EntryChanges: Sendable {
    var before: [Entry] = []
    var after: [Entry] = []

    var isEmpty: Bool { before.isEmpty && after.isEmpty }
    var slugs: Set<String> { Set((before + after).map(\.record.slug)) }
    var letters: Set<Character> { Set((before + after).flatMap { $0.record.pasal17.map(\.letter) }) }
}

/// Renders the three views, whole or only the pages a few changed entries touch.
struct PreviewRenderer: Sendable {
    let templates: TemplateSet
    let date: LocalDate
    static let changesURL = "/_dik/perubahan/"

    /// Every register the views are rendered from, for one state of the site.
    struct Registers: Sendable {
        let site: LoadedSite
        let preview: PublicRegister
        let internalRegister: InternalRegister
        let publicBuild: PublicRegister
        let previewLetters: Set<Character>
        let internalLetters: Set<Character>
    }

    func registers(_ site: LoadedSite, findings: [Diagnostic]) -> Registers {
        let language = site.settings.language
        let preview = Projection.publicRegister(site.servedAt(publicBaseURL: "/"), target: .preview, on: date)
        let internalRegister = Projection.internalRegister(site.servedAt(publicBaseURL: "/internal/"), on: date,
                                                           findings: findings)
        let publicBuild = Projection.publicRegister(site, target: .public, on: date)
        return Registers(
            site: site, preview: preview, internalRegister: internalRegister, publicBuild: publicBuild,
            previewLetters: Set(RegisterPages(register: preview, templates: templates, language: language)
                .categoryLetters),
            internalLetters: Set(RegisterPages(register: internalRegister.publicView, templates: templates,
                                               language: language).categoryLetters))
    }

    // MARK: Whole views

    func renderAll(_ registers: Registers) throws -> RenderState {
        let language = registers.site.settings.language
        var state = RenderState()
        let previewSink = MemorySink()
        try PublicSite.render(registers.preview, templates: templates, language: language, to: previewSink,
                              outputs: .pages, chrome: chrome(.preview, registers))
        state[.preview] = ViewState(files: previewSink.files, letters: registers.previewLetters,
                                    slugs: Set(registers.preview.entries.map(\.record.slug)))

        let internalSink = MemorySink()
        try internalPages(registers).renderAll(to: internalSink)
        state[.internalView] = ViewState(files: internalSink.files, letters: registers.internalLetters,
                                         slugs: Set(registers.internalRegister.entries.map(\.publicEntry.record.slug)))

        let auditor = LeakAuditor(site: registers.site, publishing: registers.publicBuild,
                                  knownPublicText: templates.sourceTexts)
        let publicSink = MemorySink(auditor: auditor)
        try PublicSite.render(registers.publicBuild, templates: templates, language: language, to: publicSink,
                              outputs: .pages)
        let publicPages = publicPages(registers.publicBuild, registers)
        state[.publicBuild] = ViewState(files: publicSink.files, letters: Set(publicPages.categoryLetters),
                                        slugs: Set(registers.publicBuild.entries.map(\.record.slug)))
        state.leaks = Dictionary(grouping: publicSink.leakDiagnostics(target: .public)) { Self.leakFile($0) }
        return state
    }

    // MARK: Single pages

    /// After a few entries changed: renders their own pages at once and marks stale
    /// the pages that list them (the register, the category pages of their letters,
    /// the opened list, the dashboard). Pages of letters or entries that are gone are
    /// removed. Stale pages are rendered on request or by the finisher (`LiveView`).
    func update(_ previous: RenderState, to registers: Registers, changes: EntryChanges) throws -> RenderState {
        var state = previous
        state.written = [:]
        state.removed = [:]
        let changedSlugs = changes.slugs
        let changedLetters = changes.letters
        for kind in ViewKind.allCases {
            let old = previous[kind]
            var view = ViewState(files: old.files, stale: old.stale, letters: letters(of: kind, registers),
                                 slugs: slugs(of: kind, registers, among: changedSlugs, keeping: old.slugs))
            var lists: [String] = [PagePath.home, PagePath.categories, PagePath.opened]
            if kind == .internalView { lists.append(PagePath.dashboard) }
            lists += view.letters.intersection(changedLetters).union(view.letters.subtracting(old.letters))
                .map(PagePath.category)
            let gone = old.letters.subtracting(view.letters).map(PagePath.category)
                + changedSlugs.subtracting(view.slugs).map(PagePath.notice)
            for path in gone {
                view.files[path] = nil
                view.stale.remove(path)
            }
            view.stale.formUnion(lists)
            let own = changedSlugs.intersection(view.slugs).map(PagePath.notice)
            let rendered = try render(own, of: kind, registers)
            view.files.merge(rendered) { _, new in new }
            state[kind] = view
            state.written[kind] = rendered
            state.removed[kind] = gone.filter { old.files[$0] != nil }
        }
        // Findings about values of the changed entries may be gone; the audit after
        // the stale pages are rendered settles them.
        let sources = Set((changes.before + changes.after).map(\.source.displayPath))
        state.leaks = previous.leaks.compactMapValues { found -> [Diagnostic]? in
            let kept = found.filter { !sources.contains($0.location.path) }
            return kept.isEmpty ? nil : kept
        }
        for path in state.removed[.publicBuild] ?? [] { state.leaks[path] = nil }
        return state
    }

    /// One page of a view, for a request that finds it stale.
    func renderPage(_ path: String, of kind: ViewKind, _ registers: Registers) -> [UInt8]? {
        (try? render([path], of: kind, registers))?[path]
    }

    private func letters(of kind: ViewKind, _ registers: Registers) -> Set<Character> {
        switch kind {
        case .preview: registers.previewLetters
        case .internalView: registers.internalLetters
        case .publicBuild: Set(publicPages(registers.publicBuild, registers).categoryLetters)
        }
    }

    /// The view's entry pages after the update: unchanged entries keep theirs, changed
    /// ones have a page when the view lists them now.
    private func slugs(of kind: ViewKind, _ registers: Registers, among changed: Set<String>,
                       keeping old: Set<String>) -> Set<String> {
        let listed: [String] = switch kind {
        case .preview: registers.preview.entries.map(\.record.slug)
        case .internalView: registers.internalRegister.entries.map(\.publicEntry.record.slug)
        case .publicBuild: registers.publicBuild.entries.map(\.record.slug)
        }
        let present = Set(listed.lazy.filter { changed.contains($0) })
        return old.subtracting(changed).union(present)
    }

    private func render(_ paths: [String], of kind: ViewKind, _ registers: Registers) throws -> [String: [UInt8]] {
        guard !paths.isEmpty else { return [:] }
        let slugs = Set(paths.compactMap(PreviewLinks.noticeSlug))
        let language = registers.site.settings.language
        let pages: RegisterPages
        var notices: [String: @Sendable () -> String] = [:]
        switch kind {
        case .preview:
            pages = PublicSite.primaryPages(registers.preview, templates: templates, language: language,
                                            chrome: chrome(.preview, registers))
            for entry in registers.preview.entries where slugs.contains(entry.record.slug) {
                notices[PagePath.notice(entry.record.slug)] = { pages.notice(entry) }
            }
        case .publicBuild:
            pages = publicPages(registers.publicBuild, registers)
            for entry in registers.publicBuild.entries where slugs.contains(entry.record.slug) {
                notices[PagePath.notice(entry.record.slug)] = { pages.notice(entry) }
            }
        case .internalView:
            let internalSite = internalPages(registers)
            pages = internalSite.registerPages
            for entry in registers.internalRegister.entries where slugs.contains(entry.publicEntry.record.slug) {
                notices[PagePath.notice(entry.publicEntry.record.slug)] = { internalSite.entryPage(entry) }
            }
            notices[PagePath.dashboard] = { internalSite.dashboard() }
        }
        let sink = MemorySink()
        let special = notices
        try ConcurrentWork.forEach(paths.indices) { index in
            let path = paths[index]
            let text: String
            if let special = special[path] {
                text = special()
            } else if path == PagePath.home {
                text = pages.home()
            } else if path == PagePath.categories {
                text = pages.categories()
            } else if path == PagePath.opened {
                text = pages.opened()
            } else if path.hasPrefix("kategori/"), let letter = path.dropFirst("kategori/".count).first {
                text = pages.category(letter)
            } else {
                return
            }
            try sink.write(path, Array(text.utf8))
        }
        return sink.files
    }

    /// Every leak in these public files, per file, found as `dik build` finds them.
    func auditAll(_ files: [String: [UInt8]], _ registers: Registers) -> [String: [Diagnostic]] {
        let auditor = LeakAuditor(site: registers.site, publishing: registers.publicBuild,
                                  knownPublicText: templates.sourceTexts)
        let sink = MemorySink(auditor: auditor)
        let paths = Array(files.keys)
        try? ConcurrentWork.forEach(paths.indices) { index in
            try sink.write(paths[index], files[paths[index]] ?? [])
        }
        return Dictionary(grouping: sink.leakDiagnostics(target: .public), by: Self.leakFile)
    }

    static func leakFile(_ diagnostic: Diagnostic) -> String {
        if case .leak(let file, _) = diagnostic.problem { return String(file.drop { $0 != "/" }.dropFirst()) }
        return ""
    }

    // MARK: Renderers and the preview bar

    private func publicPages(_ register: PublicRegister, _ registers: Registers) -> RegisterPages {
        PublicSite.primaryPages(register, templates: templates, language: registers.site.settings.language)
    }

    private func internalPages(_ registers: Registers) -> InternalPages {
        InternalPages(register: registers.internalRegister, templates: templates,
                      language: registers.site.settings.language, chrome: chrome(.internalView, registers))
    }

    /// The preview bar's context for each page: which view this is, and links to the
    /// same page in the other view when it has one (else to its register).
    func chrome(_ kind: ViewKind, _ registers: Registers) -> @Sendable (String, String) -> [String: Any] {
        let drafts = kind == .preview ? Set(registers.preview.drafts.map(\.record.slug)) : []
        let otherLetters = kind == .preview ? registers.internalLetters : registers.previewLetters
        return { path, _ in
            // The preview's own pages (the changes page) belong to neither view.
            let own = path.hasPrefix("_dik/")
            let here = own ? "" : PreviewLinks.urlPath(of: path)
            let there = PreviewLinks.counterpartExists(path, otherLetters: otherLetters) ? here : ""
            var bar: [String: Any] = [
                "view": own ? "changes" : kind.rawValue,
                "is_public": kind == .preview && !own, "is_internal": kind == .internalView && !own,
                "public_url": "/" + (kind == .preview ? here : there),
                "internal_url": "/internal/" + (kind == .internalView ? here : there),
                "changes_url": Self.changesURL,
            ]
            if let slug = PreviewLinks.noticeSlug(path), drafts.contains(slug) { bar["draft_page"] = true }
            return ["preview": bar]
        }
    }
}

/// How the preview's file paths map to URLs and to each other.
enum PreviewLinks {
    /// `dik/x/index.html` → `dik/x/`; the 404 page links to the register.
    static func urlPath(of file: String) -> String {
        if file == PagePath.notFound { return "" }
        if file == "index.html" { return "" }
        if file.hasSuffix("/index.html") { return String(file.dropLast("index.html".count)) }
        return file
    }

    static func noticeSlug(_ path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count == 3, parts[0] == "dik", parts[2] == "index.html" else { return nil }
        return String(parts[1])
    }

    /// Whether the other view has this page: every entry has a page in both, the
    /// dashboard is internal only, and a category page exists where its letter is used.
    static func counterpartExists(_ path: String, otherLetters: Set<Character>) -> Bool {
        if path == PagePath.dashboard { return false }
        let parts = path.split(separator: "/")
        if parts.count == 3, parts[0] == "kategori", let letter = parts[1].first {
            return otherLetters.contains(letter)
        }
        return true
    }
}

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
    /// What the last update removed, per view.
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
        state[.publicBuild] = ViewState(files: publicSink.files, letters: registers.letters(.publicBuild),
                                        slugs: Set(registers.publicBuild.entries.map(\.record.slug)))
        state.leaks = Dictionary(grouping: publicSink.leakDiagnostics(target: .public)) { Self.leakFile($0) }
        return state
    }

    // MARK: Single pages

    /// After a few entries changed: marks stale their own pages and the pages that
    /// list them (the register, the category pages of their letters, the opened list,
    /// the dashboard), and removes the pages of letters or entries that are gone.
    /// Nothing is rendered here: stale pages are rendered on request or by the
    /// finisher (`LiveView`), so the reload goes out as soon as the registers are new.
    func update(_ previous: RenderState, to registers: Registers, changes: EntryChanges) -> RenderState {
        var state = previous
        state.removed = [:]
        let changedSlugs = changes.slugs
        let changedLetters = changes.letters
        for kind in ViewKind.allCases {
            let old = previous[kind]
            let present = changedSlugs.filter { registers.hasNotice($0, in: kind) }
            // Changed in place, and only where needed: copying the ten thousand slugs of
            // each view for an edit that keeps them all would cost more than the rest.
            var view = old
            view.letters = registers.letters(kind)
            for slug in changedSlugs where present.contains(slug) != view.slugs.contains(slug) {
                if present.contains(slug) { view.slugs.insert(slug) } else { view.slugs.remove(slug) }
            }
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
            view.stale.formUnion(present.map(PagePath.notice))
            // A notice links its letters' category pages where they exist: when a
            // letter gains or loses its page, every notice under it changes.
            let moved = view.letters.symmetricDifference(old.letters)
            if !moved.isEmpty {
                for entry in registers.entries(kind) where entry.record.pasal17.contains(where: {
                    moved.contains($0.letter)
                }) {
                    view.stale.insert(PagePath.notice(entry.record.slug))
                }
            }
            state[kind] = view
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

    /// One page of a view, for a request or the finisher that finds it stale.
    func renderPage(_ path: String, of kind: ViewKind, _ registers: Registers, makers: PageMakers) -> [UInt8]? {
        let text: String
        if let slug = PreviewLinks.noticeSlug(path) {
            switch kind {
            case .preview:
                guard let index = registers.indexBySlug[slug] else { return nil }
                text = makers.noticePages(kind).notice(registers.preview.entries[index])
            case .publicBuild:
                guard let index = registers.publicIndexBySlug[slug] else { return nil }
                text = makers.noticePages(kind).notice(registers.publicBuild.entries[index])
            case .internalView:
                guard let index = registers.indexBySlug[slug], let site = makers.internalNoticeSite else { return nil }
                text = site.entryPage(registers.internalRegister.entries[index])
            }
        } else if path == PagePath.dashboard {
            guard kind == .internalView, let site = makers.internalSite else { return nil }
            text = site.dashboard()
        } else if path == PagePath.home {
            text = makers.pages(kind).home()
        } else if path == PagePath.categories {
            text = makers.pages(kind).categories()
        } else if path == PagePath.opened {
            text = makers.pages(kind).opened()
        } else if path.hasPrefix("kategori/"), let letter = path.dropFirst("kategori/".count).first {
            text = makers.pages(kind).category(letter)
        } else {
            return nil
        }
        return Array(text.utf8)
    }

    /// The page renderers of one state of the site, each made when first asked for
    /// and then shared by every page: making one goes through every entry.
    func makers(_ registers: Registers) -> PageMakers {
        let language = registers.site.settings.language
        return PageMakers { [self] kind, forNotices in
            // A notice page reads nothing of the register but which letters have a
            // category page (it links them), so its renderer is made from one listed
            // entry per letter: the same pages, without going through every entry.
            switch kind {
            case .preview:
                let register = forNotices ? registers.preview.replacingEntries(
                    Self.witnesses(registers.preview.entries, of: .preview)) : registers.preview
                return (PublicSite.primaryPages(register, templates: templates, language: language,
                                                chrome: chrome(.preview, registers)), nil)
            case .publicBuild:
                let register = forNotices ? registers.publicBuild.replacingEntries(
                    Self.witnesses(registers.publicBuild.entries, of: .publicBuild)) : registers.publicBuild
                return (publicPages(register, registers), nil)
            case .internalView:
                var internalRegister = registers.internalRegister
                if forNotices {
                    let picked = Self.witnessIndices(internalRegister.publicView.entries, of: .internalView)
                    internalRegister = internalRegister.replacingEntries(
                        picked.map { internalRegister.entries[$0] },
                        publicEntries: picked.map { internalRegister.publicView.entries[$0] })
                }
                let site = InternalPages(register: internalRegister, templates: templates, language: language,
                                         chrome: chrome(.internalView, registers))
                return (site.registerPages, site)
            }
        }
    }

    /// One listed entry for each letter the listed entries use, in register order.
    static func witnesses(_ entries: [PublicEntry], of kind: ViewKind) -> [PublicEntry] {
        witnessIndices(entries, of: kind).map { entries[$0] }
    }

    static func witnessIndices(_ entries: [PublicEntry], of kind: ViewKind) -> [Int] {
        var seen = Set<Character>()
        var picked: [Int] = []
        for (index, entry) in entries.enumerated() where Registers.isListed(entry.placement, in: kind) {
            let letters = Set(entry.record.pasal17.map(\.letter))
            if !letters.isSubset(of: seen) {
                seen.formUnion(letters)
                picked.append(index)
            }
            // Ten letters at most: usually all are found in the first few entries.
            if seen.count == Pasal17Catalogue.all.count { break }
        }
        return picked
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
    func chrome(_ kind: ViewKind, _ registers: Registers) -> @Sendable (String, String) -> ViewContext {
        let drafts = kind == .preview ? registers.draftSlugs : []
        let otherLetters = kind == .preview ? registers.internalLetters : registers.previewLetters
        return { path, _ in
            // The preview's own pages (the changes page) belong to neither view.
            let own = path.hasPrefix("_dik/")
            let here = own ? "" : PreviewLinks.urlPath(of: path)
            let there = PreviewLinks.counterpartExists(path, otherLetters: otherLetters) ? here : ""
            var bar: ViewContext = [
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

/// The page renderers of one state of the site, each made once, when first needed.
final class PageMakers: @unchecked Sendable {
    typealias Made = (pages: RegisterPages, internalSite: InternalPages?)
    private struct Key: Hashable {
        let kind: ViewKind
        let forNotices: Bool
    }

    private let lock = NSLock()
    private var made: [Key: Made] = [:]
    /// One per renderer: a notice page never waits while the register's renderer is made.
    private let making: [Key: NSLock]
    private let make: @Sendable (ViewKind, _ forNotices: Bool) -> Made

    init(make: @escaping @Sendable (ViewKind, _ forNotices: Bool) -> Made) {
        self.make = make
        var making: [Key: NSLock] = [:]
        for kind in ViewKind.allCases {
            for forNotices in [false, true] { making[Key(kind: kind, forNotices: forNotices)] = NSLock() }
        }
        self.making = making
    }

    func pages(_ kind: ViewKind) -> RegisterPages { made(Key(kind: kind, forNotices: false)).pages }
    func noticePages(_ kind: ViewKind) -> RegisterPages { made(Key(kind: kind, forNotices: true)).pages }
    var internalSite: InternalPages? { made(Key(kind: .internalView, forNotices: false)).internalSite }
    var internalNoticeSite: InternalPages? { made(Key(kind: .internalView, forNotices: true)).internalSite }

    /// Two pages asking at once for the same renderer wait for one making.
    private func made(_ key: Key) -> Made {
        if let done = lock.withLock({ made[key] }) { return done }
        let build = { [self] in
            if let done = lock.withLock({ made[key] }) { return done }
            let done = make(key.kind, key.forNotices)
            lock.withLock { made[key] = done }
            return done
        }
        return making[key]?.withLock(build) ?? build()
    }
}

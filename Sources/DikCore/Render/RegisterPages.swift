import Foundation

/// The pages every register view has: home, notices, categories, the list of items
/// no longer exempt, the 404 page and static assets. Rendered from one
/// `PublicRegister`; the internal site passes its own (with drafts), the public site
/// its own (without), once per language.
public struct RegisterPages: Sendable {
    let register: PublicRegister
    let templates: TemplateSet
    let wording: Wording
    let languages: PageLanguages
    /// Whether the target also carries the data files, feed and print view, so pages
    /// may link to them.
    let publishesData: Bool
    /// The letters used by the listed entries, in order: each gets a category page.
    public let categoryLetters: [Character]
    let views: PublicViews
    /// Extra context every page gets (the internal banner, the preview bar).
    let chrome: @Sendable (_ path: String, _ root: String) -> ViewContext

    public init(register: PublicRegister, templates: TemplateSet, language: String,
                languages: PageLanguages? = nil, publishesData: Bool = false,
                chrome: @escaping @Sendable (_ path: String, _ root: String) -> ViewContext = { _, _ in [:] }) {
        self.register = register
        self.templates = templates
        let wording = Wording(language: language, templates: templates)
        self.wording = wording
        self.languages = languages ?? PageLanguages(current: language, primary: language, all: [language])
        self.publishesData = publishesData
        self.chrome = chrome
        let letters = Set(Self.listed(register).flatMap { $0.record.pasal17.map(\.letter) }).sorted()
        self.categoryLetters = letters
        self.views = PublicViews(wording: wording, settings: register.settings, buildDate: register.buildDate,
                                 categoryPages: Set(letters))
    }

    /// The relative way from a page back to the root of its site; "./" at the top, as
    /// an empty link is easy to misread (and validators flag it).
    static func root(for path: String) -> String {
        // The number of non-empty `/`-separated parts, counted without splitting.
        var parts = 0
        var inPart = false
        for byte in path.utf8 {
            if byte == 0x2F {
                inPart = false
            } else if !inPart {
                inPart = true
                parts += 1
            }
        }
        let depth = parts - 1
        return depth <= 0 ? "./" : String(repeating: "../", count: depth)
    }

    /// The address of a written page relative to its site root: `index.html` is dropped
    /// so links read `dik/dik-2025-001/`.
    static func address(of path: String) -> String {
        path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path
    }

    /// Any page in the site's layout, e.g. the preview's changes page.
    public func page(_ template: String, path: String, title: String, _ extra: ViewContext) -> String {
        String(decoding: pageBytes(template, path: path, title: title, extra), as: UTF8.self)
    }

    func pageBytes(_ template: String, path: String, title: String, _ extra: ViewContext) -> [UInt8] {
        templates.renderBytes(template, pageContext(path: path, title: title, extra))
    }

    func pageContext(path: String, title: String, _ extra: ViewContext) -> ViewContext {
        let root = Self.root(for: path)
        var context = views.page(root: root, title: title, extra: extra)
        context.merge(placement(root: root, baseRoot: baseRoot(for: path),
                                alternateAddress: Self.address(of: path)))
        context.merge(chrome(path, root))
        return context
    }

    /// A list page, rendered whole for the preview or streamed into a build: the home
    /// page of a national register is hundreds of megabytes.
    struct ListPage {
        let template: String
        let path: String
        let title: String
        let extra: ViewContext
    }

    func render(_ list: ListPage) -> String { page(list.template, path: list.path, title: list.title, list.extra) }

    func write(_ list: ListPage, to sink: OutputSink) throws {
        let context = pageContext(path: list.path, title: list.title, list.extra)
        try sink.stream(list.path) { try templates.render(list.template, context, into: $0) }
    }

    /// From a page of this language back to the target root, where the assets and the
    /// data files are.
    func baseRoot(for path: String) -> String { Self.root(for: languages.prefix(of: languages.current) + path) }

    /// Links that depend on where this language's pages sit: the target root (assets,
    /// data files), the same page in the other languages, and the language of the
    /// register's own text when it differs from the page's.
    func placement(root: String, baseRoot: String, alternateAddress: String) -> ViewContext {
        var context: ViewContext = [
            "base_root": baseRoot, "public_data": publishesData,
            "has_feed": publishesData && register.settings.absoluteBaseURL != nil,
        ]
        let alternates = languages.others.map { language -> ViewContext in
            ["lang": language, "name": templates.strings[language]?["language_name"] ?? language,
             "url": baseRoot + languages.prefix(of: language) + alternateAddress]
        }
        context["alternates"] = alternates
        context["has_alternates"] = !alternates.isEmpty
        if languages.current != languages.primary { context["data_lang"] = languages.primary }
        return context
    }

    /// The rows of the register and category tables: entries in force, and on the
    /// review preview the drafts too, in their place, so reviewers see the list as it
    /// will be once the drafts are decided. Drafts are marked as such in every row.
    var listed: [PublicEntry] { Self.listed(register) }

    static func listed(_ register: PublicRegister) -> [PublicEntry] {
        register.target == .preview ? register.entries.filter { $0.placement.opening == nil } : register.inForce
    }

    public func renderAll(to sink: OutputSink, noticePages: Bool = true) throws {
        try ConcurrentWork.run(renderJobs(to: sink, noticePages: noticePages))
    }

    /// `renderAll` as independent pieces of work, for a caller that runs them among its
    /// own: work started inside a running job gets no other core (see
    /// `ConcurrentWork.sideBySide`), so a whole language's notice pages as one job kept
    /// a core busy alone at the end of a build. The list pages come first, as the
    /// longest; the notice pages follow in runs of 64.
    func renderJobs(to sink: OutputSink, noticePages: Bool = true) -> [@Sendable () throws -> Void] {
        var jobs: [@Sendable () throws -> Void] = [
            { try write(homePage(), to: sink) },
            { try sink.write("kategori/index.html", text: categories()) },
            { try write(openedPage(), to: sink) },
            { try sink.write("404.html", text: notFound()) },
        ]
        jobs += categoryLetters.map { letter in { try write(categoryPage(letter), to: sink) } }
        // One copy of the theme's files, at the target root, serves every language.
        if languages.isPrimary {
            let assets = templates.assets.sorted { $0.key < $1.key }
            jobs.append {
                for (name, bytes) in assets { try sink.write("assets/\(name)", bytes) }
            }
        }
        if noticePages {
            let entries = register.entries
            for lower in stride(from: 0, to: entries.count, by: 64) {
                jobs.append {
                    for entry in entries[lower..<min(lower + 64, entries.count)] {
                        try sink.write("dik/\(entry.record.slug)/index.html", noticeBytes(entry))
                    }
                }
            }
        }
        return jobs
    }

    func rows(_ entries: [PublicEntry], root: String) -> ContextRows {
        let views = views
        return ContextRows(entries) { index, entry in views.entry(entry, number: index + 1, root: root) }
    }

    public func home() -> String { render(homePage()) }

    func homePage() -> ListPage {
        let path = "index.html"
        let root = Self.root(for: path)
        return ListPage(template: "home", path: path, title: wording["home_title"], extra: [
            "entries": rows(listed, root: root), "count": register.inForce.count,
            "filter": filterChoices(listed),
            "drafts": rows(separateDrafts, root: root), "has_drafts": !separateDrafts.isEmpty,
            "opened_count": register.noLongerExempt.count, "is_home": true,
            "has_entries": !listed.isEmpty, "has_opened": !register.noLongerExempt.isEmpty,
        ])
    }

    /// Drafts listed apart, under the register (the internal site); the preview lists
    /// them in the register itself.
    var separateDrafts: [PublicEntry] { register.target == .preview ? [] : register.drafts }

    public func notice(_ entry: PublicEntry) -> String {
        String(decoding: noticeBytes(entry), as: UTF8.self)
    }

    func noticeBytes(_ entry: PublicEntry) -> [UInt8] {
        let path = "dik/\(entry.record.slug)/index.html"
        return pageBytes("notice", path: path, title: entry.record.id, [
            "entry": views.entry(entry, root: Self.root(for: path)),
        ])
    }

    public func categories() -> String {
        let path = "kategori/index.html"
        let root = Self.root(for: path)
        let used = Set(categoryLetters)
        let all = Pasal17Catalogue.all.map { category -> ViewContext in
            let entries = listed.filter { $0.cites(category.letter) }
            var view = views.category(category.letter, entries: entries, root: root)
            view["used"] = used.contains(category.letter)
            return view
        }
        return page("categories", path: path, title: wording["categories_title"], ["categories": all])
    }

    public func category(_ letter: Character) -> String { render(categoryPage(letter)) }

    func categoryPage(_ letter: Character) -> ListPage {
        let path = "kategori/\(letter)/index.html"
        let root = Self.root(for: path)
        let entries = listed.filter { $0.cites(letter) }
        return ListPage(template: "category", path: path, title: wording.categoryHeading(letter), extra: [
            "category": views.category(letter, entries: entries, root: root),
            "entries": rows(entries, root: root), "has_entries": !entries.isEmpty,
        ])
    }

    public func opened() -> String { render(openedPage()) }

    func openedPage() -> ListPage {
        let path = "tidak-dikecualikan/index.html"
        let root = Self.root(for: path)
        return ListPage(template: "opened", path: path, title: wording["opened_title"], extra: [
            "entries": rows(register.noLongerExempt, root: root), "count": register.noLongerExempt.count,
            "has_entries": !register.noLongerExempt.isEmpty,
        ])
    }

    public func notFound() -> String {
        // Served from any depth, so links are absolute from the site's base URL.
        let base = register.settings.baseURL
        let root = base + languages.prefix(of: languages.current)
        var context = views.page(root: root, title: wording["not_found_title"], extra: [:])
        context.merge(placement(root: root, baseRoot: base, alternateAddress: ""))
        context.merge(chrome("404.html", root))
        return templates.render("not-found", context)
    }

    /// The choices of the home table's filter: what the rows actually hold.
    func filterChoices(_ entries: [PublicEntry]) -> ViewContext {
        let letters = Set(entries.flatMap { $0.record.pasal17.map(\.letter) }).sorted()
        let units = Set(entries.map(\.record.unit)).sorted {
            $0.compare($1, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedAscending
        }
        let years = Set(entries.compactMap { $0.record.penetapan?.tanggal?.year }).sorted(by: >)
        return [
            // Typed as the compiled renderer expects: a `[[String: String]]` here sent
            // every home page to swift-mustache, many times slower.
            "categories": letters.map { ["value": String($0), "label": "\($0). \(wording.categoryLabel($0))"] as ViewContext },
            "units": units, "years": years.map(String.init),
        ]
    }
}

public enum ConcurrentWork {
    /// Runs independent jobs on all cores, each job on its own as a core comes free;
    /// the first error thrown is rethrown.
    public static func run(_ jobs: [@Sendable () throws -> Void]) throws {
        try forEach(jobs.indices, pieces: jobs.count) { try jobs[$0]() }
    }

    /// Runs each job on a thread of its own, so that each can spread its own work over
    /// all cores (work started inside `forEach` runs on its caller's thread only);
    /// waits for all of them, then rethrows the error of the first job that failed
    /// (by position, so the report does not depend on which finished first).
    public static func sideBySide(_ jobs: [@Sendable () throws -> Void]) throws {
        let failures = jobs.indices.map { _ in FirstError() }
        let group = DispatchGroup()
        for index in jobs.indices.dropFirst() {
            DispatchQueue.global().async(group: group) {
                do { try jobs[index]() } catch { failures[index].set(error) }
            }
        }
        if let first = jobs.first {
            do { try first() } catch { failures[0].set(error) }
        }
        group.wait()
        if let error = failures.lazy.compactMap(\.error).first { throw error }
    }

    /// Runs `body` for every index on all cores, in up to `pieces` runs of indices that
    /// the cores take as they come free; the first error thrown is rethrown.
    public static func forEach(_ indices: Range<Int>, pieces: Int = 64,
                               _ body: @Sendable (Int) throws -> Void) throws {
        let failure = FirstError()
        let count = indices.count
        guard count > 0 else { return }
        let chunks = min(count, pieces)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = indices.lowerBound + count * chunk / chunks
            let upper = indices.lowerBound + count * (chunk + 1) / chunks
            for index in lower..<upper {
                if failure.isSet { return }
                do { try body(index) } catch { failure.set(error) }
            }
        }
        if let error = failure.error { throw error }
    }
}

final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var isSet: Bool { lock.withLock { stored != nil } }
    var error: Error? { lock.withLock { stored } }
    func set(_ error: Error) { lock.withLock { if stored == nil { stored = error } } }
}

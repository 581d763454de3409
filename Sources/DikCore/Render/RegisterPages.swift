import Foundation

/// The pages every register view has: home, notices, categories, the list of items
/// no longer exempt, the 404 page and static assets. Rendered from one
/// `PublicRegister`; the internal site passes its own (with drafts), the public site
/// its own (without).
public struct RegisterPages: Sendable {
    let register: PublicRegister
    let templates: TemplateSet
    let wording: Wording
    /// Extra context every page gets (the internal banner, the preview bar).
    let chrome: @Sendable (_ path: String, _ root: String) -> [String: Any]

    public init(register: PublicRegister, templates: TemplateSet, language: String,
                chrome: @escaping @Sendable (_ path: String, _ root: String) -> [String: Any] = { _, _ in [:] }) {
        self.register = register
        self.templates = templates
        self.wording = Wording(language: language, templates: templates)
        self.chrome = chrome
    }

    var views: PublicViews { PublicViews(wording: wording, settings: register.settings, buildDate: register.buildDate) }

    static func root(for path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }

    func page(_ template: String, path: String, title: String, _ extra: [String: Any]) -> String {
        let root = Self.root(for: path)
        var context = views.page(root: root, title: title, extra: extra)
        context.merge(chrome(path, root)) { _, new in new }
        return templates.render(template, context)
    }

    /// The letters used by entries in force, in order.
    var categoryLetters: [Character] {
        Set(register.inForce.flatMap { $0.record.pasal17.map(\.letter) }).sorted()
    }

    public func renderAll(to sink: OutputSink, noticePages: Bool = true) throws {
        try sink.write("index.html", text: home())
        try sink.write("kategori/index.html", text: categories())
        for letter in categoryLetters {
            try sink.write("kategori/\(letter)/index.html", text: category(letter))
        }
        try sink.write("tidak-dikecualikan/index.html", text: opened())
        try sink.write("404.html", text: notFound())
        for (name, bytes) in templates.assets.sorted(by: { $0.key < $1.key }) {
            try sink.write("assets/\(name)", bytes)
        }
        if noticePages {
            let entries = register.entries
            try ConcurrentWork.forEach(entries.indices) { index in
                let entry = entries[index]
                try sink.write("dik/\(entry.record.slug)/index.html", text: notice(entry))
            }
        }
    }

    func rows(_ entries: [PublicEntry], root: String) -> ContextRows {
        let views = views
        return ContextRows(entries) { index, entry in views.entry(entry, number: index + 1, root: root) }
    }

    public func home() -> String {
        let path = "index.html"
        let root = Self.root(for: path)
        return page("home", path: path, title: wording["home_title"], [
            "entries": rows(register.inForce, root: root), "count": register.inForce.count,
            "drafts": rows(register.drafts, root: root), "has_drafts": !register.drafts.isEmpty,
            "opened_count": register.noLongerExempt.count, "is_home": true,
            "has_entries": !register.inForce.isEmpty, "has_opened": !register.noLongerExempt.isEmpty,
        ])
    }

    public func notice(_ entry: PublicEntry) -> String {
        let path = "dik/\(entry.record.slug)/index.html"
        return page("notice", path: path, title: entry.record.id, [
            "entry": views.entry(entry, root: Self.root(for: path)),
        ])
    }

    public func categories() -> String {
        let path = "kategori/index.html"
        let root = Self.root(for: path)
        let used = Set(categoryLetters)
        let all = Pasal17Catalogue.all.map { category -> [String: Any] in
            let entries = register.inForce.filter { $0.record.pasal17.contains { $0.letter == category.letter } }
            var view = views.category(category.letter, entries: entries, root: root)
            view["used"] = used.contains(category.letter)
            return view
        }
        return page("categories", path: path, title: wording["categories_title"], ["categories": all])
    }

    public func category(_ letter: Character) -> String {
        let path = "kategori/\(letter)/index.html"
        let root = Self.root(for: path)
        let entries = register.inForce.filter { $0.record.pasal17.contains { $0.letter == letter } }
        return page("category", path: path, title: "Pasal 17 huruf \(letter)", [
            "category": views.category(letter, entries: entries, root: root),
            "entries": rows(entries, root: root), "has_entries": !entries.isEmpty,
        ])
    }

    public func opened() -> String {
        let path = "tidak-dikecualikan/index.html"
        let root = Self.root(for: path)
        return page("opened", path: path, title: wording["opened_title"], [
            "entries": rows(register.noLongerExempt, root: root), "count": register.noLongerExempt.count,
            "has_entries": !register.noLongerExempt.isEmpty,
        ])
    }

    public func notFound() -> String {
        // Served from any depth, so links are absolute from the site's base URL.
        var context = views.page(root: register.settings.baseURL, title: wording["not_found_title"], extra: [:])
        context.merge(chrome("404.html", register.settings.baseURL)) { _, new in new }
        return templates.render("not-found", context)
    }
}

public enum ConcurrentWork {
    /// Runs `body` for every index on all cores; the first error thrown is rethrown.
    public static func forEach(_ indices: Range<Int>, _ body: @Sendable (Int) throws -> Void) throws {
        let failure = FirstError()
        let count = indices.count
        guard count > 0 else { return }
        let chunks = min(count, 64)
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

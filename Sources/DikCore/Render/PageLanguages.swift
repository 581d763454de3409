/// Where each language's copy of the public pages sits: the site's own language
/// (`bahasa`, Indonesian by default) at the root, every other one in a folder named
/// after it (`en/`). Pages use this to link to the same page in the other languages
/// and back to the files that exist once, at the target root.
public struct PageLanguages: Sendable, Hashable {
    /// The language being rendered.
    public let current: String
    /// The site's language, at the target root; the register's own text is in it.
    public let primary: String
    /// Every language of the site, the primary first.
    public let all: [String]

    public init(current: String, primary: String, all: [String]) {
        self.current = current
        self.primary = primary
        self.all = all
    }

    /// The site's language first, then every other language the theme has strings for.
    public static func site(primary: String, available: some Sequence<String>) -> PageLanguages {
        let others = Set(available).subtracting([primary]).sorted()
        return PageLanguages(current: primary, primary: primary, all: [primary] + others)
    }

    public func rendering(_ language: String) -> PageLanguages {
        PageLanguages(current: language, primary: primary, all: all)
    }

    public var isPrimary: Bool { current == primary }
    public var others: [String] { all.filter { $0 != current } }

    /// The folder of a language's pages relative to the target root: "" or "en/".
    public func prefix(of language: String) -> String { language == primary ? "" : "\(language)/" }
}

import Mustache

/// The one place dik relies on swift-mustache's internals (pinned to 2.1.1 in
/// Package.swift): its parsed tokens, read by reflection, and its parser errors, read
/// by their type. `MustacheSeamTests` names every label read here and fails when an
/// upgrade changes one; a template whose tokens cannot be read is refused by
/// `TemplateSet` (never rendered unchecked, never a silent fallback).
extension CompiledTemplates {
    /// The labels of swift-mustache's `MustacheTemplate.Token` cases read below.
    static let tokenLabels = ["text", "variable", "unescapedVariable", "section", "invertedSection",
                              "blockExpansion", "partial", "contentType"]

    /// The template's tokens as nodes. An unexpected shape throws: `TemplateSet` then
    /// refuses the template, since what cannot be read cannot be checked.
    static func compile(_ template: MustacheTemplate) throws -> [Node] {
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value
        else { throw Unsupported() }
        return try Mirror(reflecting: tokens).children.map { try compileToken($0.value) }
    }

    private static func compileToken(_ token: Any) throws -> Node {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let (label, payload) = mirror.children.first.map({ ($0.label, $0.value) })
        else { throw Unsupported() }
        let fields = Dictionary(Mirror(reflecting: payload).children.compactMap { child in
            child.label.map { ($0, child.value) }
        }, uniquingKeysWith: { first, _ in first })
        func string(_ key: String) throws -> String {
            guard let value = fields[key] as? String else { throw Unsupported() }
            return value
        }
        func noTransforms() throws {
            guard let transforms = fields["transforms"] as? [String], transforms.isEmpty else { throw Unsupported() }
        }
        func template(_ key: String) throws -> [Node] {
            guard let value = fields[key] as? MustacheTemplate else { throw Unsupported() }
            return try compile(value)
        }
        switch label {
        case "text":
            guard let text = payload as? String else { throw Unsupported() }
            return .text(Array(text.utf8))
        case "variable", "unescapedVariable":
            try noTransforms()
            return .variable(Name(try string("name")), escaped: label == "variable")
        case "section":
            try noTransforms()
            return .section(Name(try string("name")), try template("template"))
        case "invertedSection":
            try noTransforms()
            return .inverted(Name(try string("name")), try template("template"))
        case "blockExpansion":
            return .block(try string("name"), try template("default"), indentation: fields["indentation"] as? String)
        case "partial":
            guard let name = fields[".0"] as? String else { throw Unsupported() }
            var inherits: [String: [Node]]?
            if let overrides = fields["inherits"] as? [String: MustacheTemplate] {
                inherits = try overrides.mapValues(compile)
            }
            return .partial(name, indentation: fields["indentation"] as? String, inherits: inherits)
        case "contentType":
            guard payload is ScalarHTMLContentType else { throw Unsupported() }
            return .text([])
        default:
            throw Unsupported()
        }
    }

}

extension TemplateSet {
    /// swift-mustache's parser errors in words an editor of a template can act on.
    static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return String(describing: error) }
        switch error {
        case .unfinishedName: return "tag {{…}} tidak ditutup dengan }} (unclosed tag)"
        case .expectedSectionEnd: return "bagian {{#…}} atau {{^…}} tidak ditutup dengan {{/…}} (unclosed section)"
        case .sectionCloseNameIncorrect: return "{{/…}} tidak cocok dengan bagian yang dibuka (mismatched section close)"
        case .invalidSetDelimiter: return "penggantian pembatas {{=…=}} salah (invalid delimiter change)"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable:
            return "pragma {{%…}} tidak dikenal (unknown pragma)"
        case .illegalTokenInsideInheritSection, .transformAppliedToInheritanceSection, .textInsideInheritSection:
            return "isi {{<…}} hanya boleh berupa blok {{$…}} (only {{$block}} inside {{<parent}})"
        @unknown default:
            return String(describing: error)
        }
    }
}

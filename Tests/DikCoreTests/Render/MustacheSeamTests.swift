@testable import DikCore
import DikTestSupport
import Mustache
import Testing

/// What dik relies on inside swift-mustache 2.1.1 (`MustacheSeam.swift`): the labels of
/// its token cases and their fields, read by reflection. An upgrade that renames one
/// fails here by name, not as a silent change of renderer.
@Suite("The swift-mustache seam: every token kind dik reads")
struct MustacheSeamTests {
    static func tokens(_ source: String) throws -> [Mirror.Child] {
        let template = try MustacheTemplate(string: source)
        let tokens = try #require(Mirror(reflecting: template).children.first { $0.label == "tokens" },
                                  "MustacheTemplate has no stored property 'tokens'")
        return Array(Mirror(reflecting: tokens.value).children)
    }

    static func label(_ token: Mirror.Child) -> String? { Mirror(reflecting: token.value).children.first?.label }

    static func fields(_ token: Mirror.Child) -> Set<String> {
        guard let payload = Mirror(reflecting: token.value).children.first?.value else { return [] }
        return Set(Mirror(reflecting: payload).children.compactMap(\.label))
    }

    @Test func everyTokenLabelAndFieldIsWhereTheSeamReadsIt() throws {
        let source = "t{{v}}{{{u}}}{{#s}}x{{/s}}{{^i}}y{{/i}}{{$b}}d{{/b}}{{> p}}{{<q}}{{$b}}o{{/b}}{{/q}}"
        _ = ScalarHTMLContentType.registered
        let found = try Self.tokens("{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}" + source)
        let labels = found.compactMap(Self.label)
        #expect(Set(labels) == Set(CompiledTemplates.tokenLabels), "token labels are now \(labels)")
        for token in found {
            switch Self.label(token) {
            case "variable", "unescapedVariable": #expect(Self.fields(token) == ["name", "transforms"])
            case "section", "invertedSection": #expect(Self.fields(token) == ["name", "transforms", "template"])
            case "blockExpansion": #expect(Self.fields(token) == ["name", "default", "indentation"])
            case "partial": #expect(Self.fields(token).isSuperset(of: [".0", "indentation", "inherits"]))
            default: break
            }
        }
    }

    @Test func theShippedThemeIsReadWholeByTheSeam() throws {
        let set = try TemplateSet.load(theme: FixtureSite.themeFolder, siteRoot: nil).get()
        #expect(set.compiled != nil, "a shipped template has a token the seam cannot read")
    }

    @Test func parserErrorsAreToldApartByType() {
        #expect(TemplateSet.describe(MustacheTemplate.Error.unfinishedName).contains("unclosed tag"))
        #expect(TemplateSet.describe(MustacheTemplate.Error.expectedSectionEnd).contains("unclosed section"))
        #expect(TemplateSet.describe(MustacheTemplate.Error.invalidSetDelimiter).contains("delimiter"))
    }
}

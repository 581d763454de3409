@testable import DikCore
import DikTestSupport
import Foundation
import Mustache
import Testing

/// The compiled renderer must print exactly what swift-mustache prints; these
/// templates exercise the rules it reproduces (standalone lines, partial
/// indentation, inherited blocks, stack lookup, truthiness, escaping).
@Suite("The compiled renderer prints what swift-mustache prints")
struct CompiledTemplateTests {
    static let prefix = "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}"

    func library(_ templates: [String: String]) throws -> MustacheLibrary {
        _ = ScalarHTMLContentType.registered
        var library = MustacheLibrary()
        for (name, text) in templates { library.register(try MustacheTemplate(string: Self.prefix + text), named: name) }
        return library
    }

    func bothRenderings(_ templates: [String: String], _ name: String,
                        _ context: Any) throws -> (compiled: String, reference: String) {
        let library = try library(templates)
        let compiled = try #require(CompiledTemplates(library: library, names: Array(templates.keys)))
        let bytes = try #require(compiled.render(name, context))
        return (String(decoding: bytes, as: UTF8.self), library.render(context, withTemplate: name) ?? "")
    }

    static let templates = [
        "layout": """
            <html>
              {{$main}}default{{/main}}
              <footer>{{site.name}}</footer>
            </html>
            """,
        "page": """
            {{<layout}}
            {{$main}}
            <ul>
              {{#rows}}
              <li>{{no}}. {{name}}{{#tags}} [{{.}}]{{/tags}}{{^tags}} (none){{/tags}} {{count}}</li>
              {{/rows}}
            </ul>
            {{^empty}}no rows: {{count}}{{/empty}}
            {{#flag}}flag on{{/flag}}{{^off}}flag off{{/off}}
              {{>row-partial}}
            {{{raw_html}}} {{&raw_html}} {{escaped}}
            {{#nested}}{{inner.value}} {{.missing}} {{site.name}}{{/nested}}
            {{#zero}}zero is truthy{{/zero}}{{#blank}}blank is truthy{{/blank}}
            {{/main}}
            {{/layout}}
            """,
        "row-partial": """
            <p>
            {{#rows}}
            {{name}}
            {{/rows}}
            </p>
            """,
    ]

    static var context: [String: Any] { [
        "site": ["name": "Kota <Uji> & \"Co\""],
        "rows": [
            ["no": 1, "name": "Satu", "tags": ["a", "b'c"]],
            ["no": 2, "name": "Dua", "tags": [String]()],
        ] as [[String: Any]],
        "empty": [[String: Any]](), "count": 7, "flag": true, "off": false,
        "raw_html": "<b>tebal</b>", "escaped": "<b>é\u{301}\"</b>",
        "nested": ["inner": ["value": "dalam"]] as [String: Any], "zero": 0, "blank": "",
    ] }

    @Test func aPageWithEveryFeatureRendersTheSame() throws {
        let (compiled, reference) = try bothRenderings(Self.templates, "page", Self.context)
        #expect(compiled == reference)
        #expect(compiled.contains("&lt;b&gt;é\u{301}&quot;&lt;/b&gt;"))
        #expect(compiled.contains("Satu") && compiled.contains("flag on") && compiled.contains("flag off"))
    }

    /// The views' own context type, hashed keys and all, reads as the dictionaries do:
    /// the same names found at the same depth of the stack, in swift-mustache too.
    static var viewContext: ViewContext { [
        "site": ["name": "Kota <Uji> & \"Co\""] as ViewContext,
        "rows": [
            ["no": 1, "name": "Satu", "tags": ["a", "b'c"]],
            ["no": 2, "name": "Dua", "tags": [String]()],
        ] as [ViewContext],
        "empty": [ViewContext](), "count": 7, "flag": true, "off": false,
        "raw_html": "<b>tebal</b>", "escaped": "<b>é\u{301}\"</b>",
        "nested": ["inner": ViewContext(["value": "dalam"])] as ViewContext, "zero": 0, "blank": "",
    ] }

    @Test func viewContextsRenderLikeDictionaries() throws {
        let (compiled, reference) = try bothRenderings(Self.templates, "page", Self.viewContext)
        let (dictionaryCompiled, _) = try bothRenderings(Self.templates, "page", Self.context)
        #expect(compiled == reference)
        #expect(compiled == dictionaryCompiled)
        #expect(compiled.contains("dalam  Kota &lt;Uji&gt;"))
        // Names that collide in neither hash nor text, and a miss, down a deep stack.
        var keys = Set<ContextKey>()
        for index in 0..<5_000 { keys.insert(ContextKey("k\(index)")) }
        #expect(keys.count == 5_000 && keys.contains("k4999") && !keys.contains("k5000"))
    }

    @Test func lazyRowsRenderLikeTheArrayTheyReplace() throws {
        let rows = [["name": "Satu"], ["name": "Dua"]] as [ViewContext]
        var lazy = Self.context
        lazy["rows"] = ContextRows(rows) { _, row in row }
        lazy["empty"] = ContextRows([Int]()) { _, _ in [:] }
        var eager = Self.context
        eager["rows"] = rows
        let templates = ["list": "{{#rows}}<li>{{name}}</li>{{/rows}}{{^empty}}none {{count}}{{/empty}}"]
        let (compiled, reference) = try bothRenderings(templates, "list", lazy)
        let (_, eagerReference) = try bothRenderings(templates, "list", eager)
        #expect(compiled == reference)
        #expect(compiled == eagerReference)
        #expect(compiled == "<li>Satu</li><li>Dua</li>none 7")
    }

    /// Partials inside sections and sections inside overridden blocks, blocks given
    /// at two levels, an indented partial that overrides, and a partial no template
    /// answers: the flat program's bodies and ends must nest as the tokens did.
    @Test func nestedPartialsAndBlocksRenderTheSame() throws {
        let templates = [
            "base": "<b>{{$a}}base a{{/a}}|{{$b}}base b{{/b}}</b>\n",
            "middle": "{{<base}}{{$a}}middle a {{#rows}}[{{>item}}]{{/rows}}{{/a}}{{/base}}",
            "item": "{{name}}{{^tags}}-{{/tags}}{{#tags}}<{{.}}>{{/tags}}",
            "page": """
                start
                  {{<middle}}{{$b}}page b {{#flag}}{{>item}}{{/flag}}{{>missing}}{{/b}}{{/middle}}
                {{#rows}}{{>missing}}{{name}}{{/rows}}
                  {{>item}}
                end
                """,
        ]
        var context = Self.context
        context["name"] = "Puncak"
        let (compiled, reference) = try bothRenderings(templates, "page", context)
        #expect(compiled == reference)
        #expect(compiled.contains("middle a [Satu<a><b&#39;c>][Dua-]|page b Puncak-"))
    }

    @Test func aValueItDoesNotRenderMakesItDecline() throws {
        let library = try library(["t": "{{value}}"])
        let compiled = try #require(CompiledTemplates(library: library, names: ["t"]))
        // swift-mustache prints a Double with String(describing:); the compiled renderer
        // leaves such values to it.
        #expect(compiled.render("t", ["value": 1.5]) == nil)
        #expect(compiled.render("t", ["value": "ok"]).map { String(decoding: $0, as: UTF8.self) } == "ok")
    }

    @Test func listsOfStringTablesRenderWithoutFallingBack() throws {
        // The home page's filter choices are `[[String: String]]`; declining them sent
        // the whole home page (every row) to swift-mustache.
        let context: [String: Any] = [
            "filter": ["categories": [["value": "a", "label": "a. <Satu>"], ["value": "h", "label": "h. 'Dua'"]],
                       "years": ["2026", "2025"]] as [String: Any],
            "none": [[String: String]](), "count": 3,
        ]
        let templates = ["t": "{{#filter}}{{#categories}}<option value=\"{{value}}\">{{label}}</option>{{/categories}}"
            + "{{#years}}[{{.}}]{{/years}}{{/filter}}{{^none}}empty {{count}}{{/none}}"]
        let library = try library(templates)
        let compiled = try #require(CompiledTemplates(library: library, names: ["t"]))
        let bytes = try #require(compiled.render("t", context))
        let reference = library.render(context, withTemplate: "t") ?? ""
        #expect(String(decoding: bytes, as: UTF8.self) == reference)
        #expect(reference.contains("&lt;Satu&gt;") && reference.contains("&#39;Dua&#39;") && reference.contains("empty 3"))
    }

    @Test func escapingCopiesRunsAndReplacesEveryEntity() throws {
        let text = "<a href=\"x\">'&'</a> é\u{301}\" tail & <<>>"
        let (compiled, reference) = try bothRenderings(["t": "{{text}}|{{&text_html}}"], "t",
                                                       ["text": text, "text_html": text])
        #expect(compiled == reference)
        #expect(compiled == HTMLEscaping.escape(text) + "|" + text)
    }

    @Test func placeholdersAreReplacedEverywhereAndOnlyWhole() {
        #expect("huruf {code} ({code})".replacingPlaceholder("code", with: "h.3") == "huruf h.3 (h.3)")
        #expect("{code}".replacingPlaceholder("code", with: "é") == "é")
        #expect("no token {cod} {code".replacingPlaceholder("code", with: "x") == "no token {cod} {code")
        #expect("{n} tahun sejak {date}".replacingPlaceholder("n", with: "5") == "5 tahun sejak {date}")
        #expect("".replacingPlaceholder("n", with: "5") == "")
    }

    @Test func aTransformMakesTheWholeSetFallBack() throws {
        let library = try library(["t": "{{#first(rows)}}x{{/first(rows)}}"])
        #expect(CompiledTemplates(library: library, names: ["t"]) == nil)
    }

    @Test func theShippedThemeCompiles() throws {
        let set = try TemplateSet.load(theme: FixtureSite.themeFolder, siteRoot: nil).get()
        #expect(set.compiled != nil)
    }
}

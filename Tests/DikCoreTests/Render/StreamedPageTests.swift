@testable import DikCore
import DikTestSupport
import Foundation
import Mustache
import Testing

/// List pages are streamed: the compiled renderer hands over finished output between
/// rows. The bytes must be those of a whole rendering, whatever the piece size.
@Suite("Streamed pages")
struct StreamedPageTests {
    static let prefix = "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}"

    static func compiled(_ templates: [String: String]) throws -> (CompiledTemplates, MustacheLibrary) {
        _ = ScalarHTMLContentType.registered
        var library = MustacheLibrary()
        for (name, text) in templates { library.register(try MustacheTemplate(string: prefix + text), named: name) }
        let compiled = try #require(CompiledTemplates(library: library, names: Array(templates.keys)))
        return (compiled, library)
    }

    /// Collects pieces as a sink would, starting over when told to.
    final class Collector {
        var whole: [UInt8] = []
        var pieces = 0
        lazy var output = ChunkedOutput(threshold: 64) { [unowned self] piece, fromStart in
            if fromStart { whole = [] }
            whole += piece
            pieces += 1
        }
    }

    static func rows(_ count: Int, value: @escaping (Int) -> Any = { "Baris <\($0)>" }) -> ContextRows {
        ContextRows(Array(0..<count)) { index, _ in ["name": value(index)] }
    }

    @Test func piecesJoinToTheWholePage() throws {
        let (compiled, library) = try Self.compiled([
            "list": "<h1>{{title}}</h1>\n<ul>\n{{#rows}}\n<li>{{name}}</li>\n{{/rows}}\n</ul>\n",
        ])
        let context: [String: Any] = ["title": "Daftar", "rows": Self.rows(200)]
        let collector = Collector()
        #expect(try compiled.render("list", context, into: collector.output))
        try collector.output.finish()
        #expect(collector.pieces > 10)
        let whole = try #require(compiled.render("list", context))
        #expect(collector.whole == whole)
        #expect(String(decoding: whole, as: UTF8.self) == library.render(context, withTemplate: "list"))
    }

    @Test func nothingIsHandedOverInsideAnIndentedPartial() throws {
        let (compiled, library) = try Self.compiled([
            "page": "<main>\n  {{>table}}\n</main>\n",
            "table": "<ul>\n{{#rows}}\n<li>{{name}}</li>\n{{/rows}}\n</ul>\n",
        ])
        let context: [String: Any] = ["rows": Self.rows(100)]
        let collector = Collector()
        #expect(try compiled.render("page", context, into: collector.output))
        try collector.output.finish()
        #expect(collector.pieces == 1)
        #expect(String(decoding: collector.whole, as: UTF8.self) == library.render(context, withTemplate: "page"))
    }

    /// A row the fast renderer cannot print, after pieces went out: the file starts
    /// again with swift-mustache's rendering, as `TemplateSet` does.
    @Test func aLateDeclineStartsTheFileAgain() throws {
        let (compiled, library) = try Self.compiled(["list": "{{#rows}}<li>{{name}}</li>\n{{/rows}}"])
        let context: [String: Any] = ["rows": Self.rows(100) { $0 == 90 ? 1.5 as Any : "Baris \($0)" as Any }]
        let collector = Collector()
        #expect(try compiled.render("list", context, into: collector.output) == false)
        #expect(collector.pieces > 1)
        collector.output.restart()
        collector.output.append(library.render(context, withTemplate: "list") ?? "")
        try collector.output.finish()
        let text = String(decoding: collector.whole, as: UTF8.self)
        #expect(text == library.render(context, withTemplate: "list"))
        #expect(text.hasPrefix("<li>Baris 0</li>\n") && text.contains("<li>1.5</li>"))
    }

    @Test func aStagedFileStartedAgainHoldsOnlyTheNewBytes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dik-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let publisher = Publisher(outRoot: root)
        let lock = try publisher.prepare()
        let stage = try publisher.stage(.internal, auditor: nil)
        try stage.stream("halaman.html") { output in
            output.append([UInt8](repeating: UInt8(ascii: "a"), count: StagedTarget.streamPiece + 10))
            try output.flushIfFull()
            output.restart()
            output.append("baru")
        }
        try stage.finishWriting()
        let bytes = try Data(contentsOf: stage.folder.appendingPathComponent("halaman.html"))
        #expect(String(decoding: bytes, as: UTF8.self) == "baru")
        publisher.discard([stage])
        withExtendedLifetime(lock) {}
    }
}

/// The shipped theme renders every page of the demo register with the fast renderer;
/// a value type it cannot print once sent every home page to swift-mustache.
@Suite("The shipped theme never needs swift-mustache")
struct FastPathTests {
    final class CountingSink: OutputSink, @unchecked Sendable {
        private let lock = NSLock()
        private(set) var files = 0
        func write(_ path: String, _ bytes: [UInt8]) throws { lock.withLock { files += 1 } }
    }

    static var demo: URL {
        FixtureSite.themeFolder.deletingLastPathComponent().appendingPathComponent("content")
    }

    @Test func everyPageOfTheDemoRegisterTakesTheFastPath() throws {
        let site = SiteLoader.load(siteRoot: Self.demo)
        let date = try #require(LocalDate(iso: "2026-11-21"))
        let templates = try TemplateSet.load(theme: FixtureSite.themeFolder, siteRoot: site.root).get()
        let sink = CountingSink()
        try PublicSite.render(Projection.publicRegister(site, target: .public, on: date), templates: templates,
                              language: site.settings.language, to: sink)
        try PublicSite.render(Projection.publicRegister(site, target: .preview, on: date), templates: templates,
                              language: site.settings.language, to: sink, outputs: .pages)
        try InternalPages(register: Projection.internalRegister(site, on: date), templates: templates,
                          language: site.settings.language).renderAll(to: sink)
        #expect(sink.files > 100)
        #expect(templates.fallbacks.value == 0)
    }

    @Test func aSiteTemplateTheFastRendererCannotPrintIsCounted() throws {
        let fixture = try FixtureSite()
        try fixture.write("templates/opened.mustache", "{{<layout}}{{$main}}{{alternates}}{{/main}}{{/layout}}")
        try fixture.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        let site = SiteLoader.load(siteRoot: fixture.siteFolder)
        let templates = try TemplateSet.load(theme: FixtureSite.themeFolder, siteRoot: site.root).get()
        let register = Projection.publicRegister(site, target: .public, on: try #require(LocalDate(iso: "2026-11-21")))
        try PublicSite.render(register, templates: templates, language: "id", to: CountingSink(), outputs: .pages)
        #expect(templates.fallbacks.value == 1)
    }
}

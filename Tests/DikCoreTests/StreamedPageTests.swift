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

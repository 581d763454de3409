import DikCore
import DikTestSupport
import Foundation
import Testing

@Suite("HTML escaping holds per Unicode scalar")
struct EscapingTests {
    @Test func quoteFollowedByCombiningMarkIsEscaped() {
        let text = "a\"\u{301}b<c>&'"
        #expect(HTMLEscaping.escape(text) == "a&quot;\u{301}b&lt;c&gt;&amp;&#39;")
        // The pair is one Character, which is why a Character-based escaper misses it.
        #expect("\"\u{301}".count == 1)
    }

    @Test func publicFieldsAreEscapedInTextAndAttributes() throws {
        let site = try FixtureSite()
        let hostile = "\"\u{301} onmouseover=alert(1) <script>alert(2)</script>"
        try site.entry("DIK-2025-001", SampleEntries.decided(
            "DIK-2025-001", informasi: "'\(hostile.replacingOccurrences(of: "'", with: "''"))'",
            unit: "\"Unit <img src=x onerror=alert(3)>\""))
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        for (path, bytes) in site.publicFiles where path.hasSuffix(".html") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("<script>alert"), "unescaped script in \(path)")
            #expect(!text.contains("<img src=x"), "unescaped tag in \(path)")
            let rawPair = "\"\u{301} onmouseover"
            #expect(!text.contains(rawPair), "raw quote+U+0301 in \(path)")
        }
        let home = try #require(site.publicText("index.html"))
        #expect(home.contains("&quot;\u{301} onmouseover=alert(1) &lt;script&gt;"))
    }

    @Test func templatesMayNotTurnEscapingOff() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("templates/notice.mustache", "{{% CONTENT_TYPE: TEXT}}\n{{{entry.informasi}}}\n")
        let report = site.build()
        #expect(!report.succeeded)
        let codes = report.diagnostics.map(\.problem.code)
        #expect(codes.contains("template-pragma"))
        #expect(codes.contains("template-raw-value"))
        let raw = try #require(report.diagnostics.first { $0.problem.code == "template-raw-value" })
        #expect(raw.location == SourceLocation(path: "templates/notice.mustache", line: 2, column: 1))
    }

    @Test func templateSyntaxErrorNamesTheFileAndLine() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("templates/notice.mustache", "<p>ok</p>\n<p>{{#entry}}{{id}}</p>\n")
        let report = site.build()
        #expect(!report.succeeded)
        let syntax = try #require(report.diagnostics.first { $0.problem.code == "template-syntax" })
        #expect(syntax.location.path == "templates/notice.mustache")
        #expect(syntax.location.line >= 2)
        #expect(DiagnosticMessages.text(syntax).contains("tidak ditutup dengan {{/…}} (unclosed section)"))
    }
}

@Suite("Template references and hidden files")
struct TemplateReferenceTests {
    @Test func aPartialThatDoesNotExistIsAnErrorAtItsLine() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("templates/notice.mustache", "{{<layout}}{{$main}}\n<p>{{> kolom-tambahan }}</p>{{/main}}{{/layout}}\n")
        let report = site.build()
        #expect(!report.succeeded)
        let missing = try #require(report.diagnostics.first { $0.problem == .templateMissing(name: "kolom-tambahan") })
        #expect(missing.location == SourceLocation(path: "templates/notice.mustache", line: 2, column: 4))
    }

    @Test func hiddenFilesUnderRegisterAreNotEntries() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("register/._DIK-2025-001.md", "\u{0}\u{5}\u{16}\u{7}Mac OS X resource fork")
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.diagnostics.isEmpty)
    }
}

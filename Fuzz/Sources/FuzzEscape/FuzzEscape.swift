@testable import DikCore
import Foundation
import FuzzDriver
import Mustache

/// The template shape every public value is printed in: text, a double-quoted and a
/// single-quoted attribute. Parsed once with dik's own escaper.
let template: MustacheTemplate = {
    _ = ScalarHTMLContentType.registered
    let source = "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}<p title=\"{{v}}\" data-x='{{v}}'>{{v}}</p>"
    guard let parsed = try? MustacheTemplate(string: source) else { fatalError("harness template") }
    return parsed
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEscape(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    checkEscaper(text)
    checkMarkdown(text)
    return 0
}

func checkEscaper(_ text: String) {
    let escaped = HTMLEscaping.escape(text)
    for scalar in escaped.unicodeScalars where "<>\"'".unicodeScalars.contains(scalar) {
        fatalError("escaper let \(scalar) through")
    }
    guard unescape(escaped) == Array(text.unicodeScalars) else { fatalError("escaping lost or changed text") }
    let rendered = template.render(["v": text])
    let expected = "<p title=\"\(escaped)\" data-x='\(escaped)'>\(escaped)</p>"
    guard rendered == expected else { fatalError("template output differs from the escaped value") }
}

func unescape(_ escaped: String) -> [Unicode.Scalar] {
    let entities: [(String, Unicode.Scalar)] = [("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"), ("&quot;", "\""), ("&#39;", "'")]
    let scalars = Array(escaped.unicodeScalars)
    var result: [Unicode.Scalar] = []
    var index = 0
    outer: while index < scalars.count {
        if scalars[index] == "&" {
            for (entity, scalar) in entities where scalars[index...].starts(with: entity.unicodeScalars) {
                result.append(scalar)
                index += entity.unicodeScalars.count
                continue outer
            }
            fatalError("a bare & in escaped text")
        }
        result.append(scalars[index])
        index += 1
    }
    return result
}

/// libcmark's safe mode on a body: only CommonMark's own tags, no event handlers, no
/// script URLs.
func checkMarkdown(_ text: String) {
    // Scalars, not Characters: a ">" followed by U+0301 is one Character, and a
    // Character-based scan would read past the end of the tag (the first finding).
    let html = Array(Markdown.html(text).unicodeScalars)
    let allowed: Set<String> = ["p", "em", "strong", "a", "img", "code", "pre", "blockquote", "ul", "ol", "li",
                                "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br"]
    var index = 0
    while let open = html[index...].firstIndex(of: "<") {
        guard let close = html[(open + 1)...].firstIndex(of: ">") else { fatalError("unclosed tag in cmark output") }
        let tag = String(String.UnicodeScalarView(html[(open + 1)..<close]))
        index = close + 1
        if tag.hasPrefix("!--") {
            guard tag == "!-- raw HTML omitted --" else { fatalError("unexpected comment: \(tag)") }
            continue
        }
        let name = String(String.UnicodeScalarView(tag.unicodeScalars.drop { $0 == "/" }
            .prefix { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) })).lowercased()
        guard allowed.contains(name) else { fatalError("tag <\(name)> in safe-mode output") }
        let lowered = tag.lowercased()
        for attribute in ["href=\"", "src=\""] {
            var search = lowered[...]
            while let range = search.range(of: attribute) {
                let value = search[range.upperBound...].drop { $0 == " " }
                for scheme in ["javascript:", "vbscript:", "file:"] where value.hasPrefix(scheme) {
                    fatalError("\(scheme) URL in safe-mode output")
                }
                if value.hasPrefix("data:"), !value.hasPrefix("data:image/") { fatalError("data: URL") }
                search = search[range.upperBound...]
            }
        }
        // Attribute values are quoted and escaped by cmark, so a space-separated piece
        // starting with "on" and holding "=" outside quotes would be a handler.
        var quoted = false
        var piece = ""
        for scalar in lowered.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if !quoted, scalar == " " {
                if piece.hasPrefix("on"), piece.contains("=") { fatalError("event handler attribute in safe-mode output") }
                piece = ""
            } else if !quoted {
                piece.unicodeScalars.append(scalar)
            }
        }
        if piece.hasPrefix("on"), piece.contains("=") { fatalError("event handler attribute in safe-mode output") }
    }
}

/// SwiftPM links an executable's entry as `FuzzEscape_main`; hand control to libFuzzer.
@_cdecl("FuzzEscape_main")
public func fuzzescapeMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzEscape(data, size)
    }
}

import Foundation

/// What a public notice page (`dik/<id>/index.html`) tells a reader, read back from
/// its HTML: the heading, whether it says the item is no longer exempt, and every
/// labelled field. The changes page reads both sides this way, the last published
/// build from disk and the would-be build from memory, so the two are compared in
/// the same terms whatever the templates print.
struct NoticeSummary: Sendable, Equatable {
    struct Field: Sendable, Equatable {
        let label: String
        let value: String
    }

    var title: String = ""
    /// The "no longer exempt" note, when the page has one.
    var openedNote: String?
    var fields: [Field] = []

    var isOpened: Bool { openedNote != nil }

    /// Labels with the value on each side, for fields that differ.
    func changedFields(from before: NoticeSummary) -> [(label: String, before: String?, after: String?)] {
        var labels: [String] = []
        for field in before.fields + fields where !labels.contains(field.label) { labels.append(field.label) }
        let old = Dictionary(before.fields.map { ($0.label, $0.value) }) { first, _ in first }
        let new = Dictionary(fields.map { ($0.label, $0.value) }) { first, _ in first }
        var changes = labels.compactMap { label -> (label: String, before: String?, after: String?)? in
            old[label] == new[label] ? nil : (label, old[label], new[label])
        }
        if before.openedNote != openedNote {
            changes.append(("", before.openedNote, openedNote))
        }
        return changes
    }

    /// Reads the `<main>` of a notice page. Fields are the `dt`/`dd` pairs of every
    /// `<dl class="fields">`, prefixed with the `<h2>` above them, and the items of
    /// `<ol class="history">`. A page made from templates without those parts is
    /// summarised by its text, so a change still shows.
    static func parse(_ bytes: [UInt8]) -> NoticeSummary {
        let root = HTMLTree.parse(bytes)
        let main = root.first { $0.name == "main" } ?? root
        var summary = NoticeSummary()
        summary.title = main.first { $0.name == "h1" }?.text ?? ""
        var section = ""
        main.walk { node in
            switch node.name {
            case "h2":
                section = node.text
                return false
            case "p" where node.hasClass("opened-note"):
                summary.openedNote = node.text
                return false
            case "dl" where node.hasClass("fields"):
                var label: String?
                for child in node.children where child.name == "dt" || child.name == "dd" {
                    if child.name == "dt" {
                        label = child.text
                    } else if let name = label {
                        summary.fields.append(Field(label: section.isEmpty ? name : "\(section) › \(name)",
                                                    value: child.text))
                        label = nil
                    }
                }
                return false
            case "ol" where node.hasClass("history"):
                let items = node.children.filter { $0.name == "li" }.map(\.text)
                summary.fields.append(Field(label: section.isEmpty ? "Riwayat" : section,
                                            value: items.joined(separator: "\n")))
                return false
            default:
                return true
            }
        }
        if summary.fields.isEmpty {
            summary.fields = [Field(label: "", value: main.text)]
        }
        return summary
    }
}

/// A forgiving HTML reader, enough for pages made from templates: elements, their
/// class attribute and text. Unclosed elements close with their parent; stray end
/// tags are ignored; `script` and `style` contents are skipped.
final class HTMLNode {
    let name: String
    let classes: [Substring]
    var children: [HTMLNode] = []
    var textValue: String?

    init(name: String, classes: [Substring] = [], text: String? = nil) {
        self.name = name
        self.classes = classes
        self.textValue = text
    }

    func hasClass(_ name: String) -> Bool { classes.contains { $0 == name } }

    /// Depth-first; `visit` returns whether to descend into the node.
    func walk(_ visit: (HTMLNode) -> Bool) {
        for child in children where child.textValue == nil {
            if visit(child) { child.walk(visit) }
        }
    }

    func first(where predicate: (HTMLNode) -> Bool) -> HTMLNode? {
        for child in children where child.textValue == nil {
            if predicate(child) { return child }
            if let found = child.first(where: predicate) { return found }
        }
        return nil
    }

    /// Text with whitespace collapsed; list items and line breaks separated.
    var text: String {
        var raw = ""
        collect(into: &raw)
        return raw.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .joined(separator: " ").replacingOccurrences(of: " ;", with: ";")
    }

    private func collect(into raw: inout String) {
        if let textValue {
            raw += textValue
            return
        }
        if name == "br" { raw += " " }
        for (index, child) in children.enumerated() {
            if child.name == "li", index > 0, children[..<index].contains(where: { $0.name == "li" }) { raw += "; " }
            child.collect(into: &raw)
        }
    }
}

enum HTMLTree {
    static let voidElements: Set<String> = ["br", "img", "meta", "link", "input", "hr", "wbr", "source", "area",
                                            "base", "col", "embed", "track"]

    static let endTagTrim = CharacterSet(charactersIn: " \t\r\n/")
    static let commentOpen = Array("<!--".utf8)
    static let commentClose = Array("-->".utf8)

    static func parse(_ bytes: [UInt8]) -> HTMLNode {
        let root = HTMLNode(name: "#root")
        var stack = [root]
        var index = 0
        var textStart = 0
        func flushText(upTo end: Int) {
            guard end > textStart else { return }
            let text = decodeEntities(String(decoding: bytes[textStart..<end], as: UTF8.self))
            stack[stack.count - 1].children.append(HTMLNode(name: "#text", text: text))
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            flushText(upTo: index)
            if bytes[index...].starts(with: commentOpen) {
                index = find(commentClose, in: bytes, from: index + 4).map { $0 + 3 } ?? bytes.count
                textStart = index
                continue
            }
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
            index = close + 1
            textStart = index
            if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().trimmingCharacters(in: endTagTrim).lowercased()
                if let depth = stack.lastIndex(where: { $0.name == name }), depth > 0 {
                    stack.removeSubrange(depth...)
                }
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
            let node = HTMLNode(name: name, classes: classes(in: tag))
            stack[stack.count - 1].children.append(node)
            if name == "script" || name == "style" {
                index = find(Array("</\(name)".utf8), in: bytes, from: index) ?? bytes.count
                textStart = index
                continue
            }
            if !voidElements.contains(name) && !tag.hasSuffix("/") { stack.append(node) }
        }
        flushText(upTo: bytes.count)
        return root
    }

    static func classes(in tag: String) -> [Substring] {
        guard let range = tag.range(of: "class=\"") else { return [] }
        let rest = tag[range.upperBound...]
        return rest.prefix { $0 != "\"" }.split(separator: " ")
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var position = start
        while position <= bytes.count - needle.count {
            if bytes[position] == needle[0], bytes[position..<(position + needle.count)].elementsEqual(needle) {
                return position
            }
            position += 1
        }
        return nil
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[amp...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = after[after.index(after: after.startIndex)..<semicolon]
            if let decoded = decode(entity) {
                result += decoded
            } else {
                result += after[...semicolon]
            }
            rest = after[after.index(after: semicolon)...]
        }
        return result + rest
    }

    private static func decode(_ entity: Substring) -> String? {
        switch entity {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{A0}"
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}

/// A JSON value whose objects keep the order they were built in, so the same register
/// always gives the same bytes (Foundation's encoder orders keys only on request and
/// escapes `/`).
enum JSONValue: Sendable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    static func optional(_ number: Int?) -> JSONValue { number.map(JSONValue.integer) ?? .null }
    static func optional(_ flag: Bool?) -> JSONValue { flag.map(JSONValue.bool) ?? .null }
    static func optional(_ date: LocalDate?) -> JSONValue { date.map { .string($0.iso) } ?? .null }

    /// UTF-8 JSON (RFC 8259), indented by two spaces, ending in a newline.
    func text() -> String {
        var output = ""
        write(to: &output, indent: 0)
        return output + "\n"
    }

    /// `"key": value` of an object, at `indent`, with the comma and line end that
    /// follow it.
    static func member(_ key: String, _ value: JSONValue, indent: Int, last: Bool, into output: inout String) {
        output += String(repeating: "  ", count: indent)
        quote(key, into: &output)
        output += ": "
        value.write(to: &output, indent: indent)
        output += last ? "\n" : ",\n"
    }

    /// A member whose value is an array, written an item at a time with the bytes
    /// `member` would give for the whole array.
    static func streamArray<Item>(_ key: String, _ items: [Item], indent: Int, last: Bool, into output: ChunkedOutput,
                                  _ value: (Item) -> JSONValue) throws {
        var text = String(repeating: "  ", count: indent)
        quote(key, into: &text)
        text += items.isEmpty ? ": []" : ": [\n"
        for (index, item) in items.enumerated() {
            text += String(repeating: "  ", count: indent + 1)
            value(item).write(to: &text, indent: indent + 1)
            text += index == items.count - 1 ? "\n" : ",\n"
            output.append(text)
            text = ""
            try output.flushIfFull()
        }
        if !items.isEmpty { text += String(repeating: "  ", count: indent) + "]" }
        output.append(text + (last ? "\n" : ",\n"))
    }

    private func write(to output: inout String, indent: Int) {
        switch self {
        case .string(let text): Self.quote(text, into: &output)
        case .integer(let number): output += String(number)
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += String(repeating: "  ", count: indent + 1)
                item.write(to: &output, indent: indent + 1)
                output += index == items.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += String(repeating: "  ", count: indent + 1)
                Self.quote(key, into: &output)
                output += ": "
                value.write(to: &output, indent: indent + 1)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: "  ", count: indent) + "}"
        }
    }

    /// Escapes only what JSON requires: quote, backslash and control characters.
    /// Everything else, Indonesian letters and `/` included, is written as itself, in
    /// runs of bytes: every byte that needs escaping is ASCII, so a run always starts
    /// and ends on a scalar boundary.
    static func quote(_ text: String, into output: inout String) {
        output += "\""
        let bytes = text.utf8
        var runStart = bytes.startIndex
        var index = runStart
        while index != bytes.endIndex {
            let byte = bytes[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                bytes.formIndex(after: &index)
                continue
            }
            output += Substring(bytes[runStart..<index])
            switch byte {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            default:
                let hex = String(byte, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            bytes.formIndex(after: &index)
            runStart = index
        }
        output += Substring(bytes[runStart..<index])
        output += "\""
    }
}

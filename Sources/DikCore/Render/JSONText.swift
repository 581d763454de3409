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
        var output: [UInt8] = []
        write(to: &output, indent: 0)
        output.append(0x0A)
        return String(decoding: output, as: UTF8.self)
    }

    // Written as bytes: a register's JSON is built of many short pieces, and appending
    // each to a String (which checks where characters meet) cost more than all else.

    /// `"key": value` of an object, at `indent`, with the comma and line end that
    /// follow it.
    static func member(_ key: String, _ value: JSONValue, indent: Int, last: Bool, into output: inout [UInt8]) {
        spaces(indent, into: &output)
        quote(key, into: &output)
        append(": ", to: &output)
        value.write(to: &output, indent: indent)
        append(last ? "\n" : ",\n", to: &output)
    }

    /// A member whose value is an array, written an item at a time with the bytes
    /// `member` would give for the whole array.
    static func streamArray<Item>(_ key: String, _ items: [Item], indent: Int, last: Bool, into output: ChunkedOutput,
                                  _ value: (Item) -> JSONValue) throws {
        output.write { bytes in
            spaces(indent, into: &bytes)
            quote(key, into: &bytes)
            append(items.isEmpty ? ": []" : ": [\n", to: &bytes)
        }
        for (index, item) in items.enumerated() {
            let json = value(item)
            output.write { bytes in
                spaces(indent + 1, into: &bytes)
                json.write(to: &bytes, indent: indent + 1)
                append(index == items.count - 1 ? "\n" : ",\n", to: &bytes)
            }
            try output.flushIfFull()
        }
        output.write { bytes in
            if !items.isEmpty {
                spaces(indent, into: &bytes)
                bytes.append(UInt8(ascii: "]"))
            }
            append(last ? "\n" : ",\n", to: &bytes)
        }
    }

    private func write(to output: inout [UInt8], indent: Int) {
        switch self {
        case .string(let text): Self.quote(text, into: &output)
        case .integer(let number): Self.appendText(String(number), to: &output)
        case .bool(let flag): Self.append(flag ? "true" : "false", to: &output)
        case .null: Self.append("null", to: &output)
        case .array(let items):
            guard !items.isEmpty else { Self.append("[]", to: &output); return }
            Self.append("[\n", to: &output)
            for (index, item) in items.enumerated() {
                Self.spaces(indent + 1, into: &output)
                item.write(to: &output, indent: indent + 1)
                Self.append(index == items.count - 1 ? "\n" : ",\n", to: &output)
            }
            Self.spaces(indent, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { Self.append("{}", to: &output); return }
            Self.append("{\n", to: &output)
            for (index, (key, value)) in members.enumerated() {
                Self.spaces(indent + 1, into: &output)
                Self.quote(key, into: &output)
                Self.append(": ", to: &output)
                value.write(to: &output, indent: indent + 1)
                Self.append(index == members.count - 1 ? "\n" : ",\n", to: &output)
            }
            Self.spaces(indent, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func spaces(_ indent: Int, into output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    private static func append(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func appendText(_ text: String, to output: inout [UInt8]) {
        output.append(contentsOf: text.utf8)
    }

    /// Escapes only what JSON requires: quote, backslash and control characters.
    /// Everything else, Indonesian letters and `/` included, is written as itself, in
    /// runs of bytes: every byte that needs escaping is ASCII, so a run always starts
    /// and ends on a scalar boundary.
    static func quote(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        text.withUTF8Bytes { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case 0x22: append("\\\"", to: &output)
                case 0x5C: append("\\\\", to: &output)
                case 0x0A: append("\\n", to: &output)
                case 0x0D: append("\\r", to: &output)
                case 0x09: append("\\t", to: &output)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    append("\\u00", to: &output)
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0xF)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

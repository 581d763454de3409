/// The front matter almost every entry has, read straight from its bytes: block
/// mappings and sequences, one-line scalars (plain, single- or double-quoted without
/// escapes) and one-line flow sequences of them.
///
/// It exists for speed: libyaml through Yams costs most of an entry's load. It is
/// not a second YAML parser with opinions of its own: anything outside that subset,
/// or anything where libyaml might read the text differently (a `#`, a tab, a
/// backslash, a line that could continue a scalar, a value starting with an
/// indicator, a repeated key, unusual characters), makes it give up and the caller
/// composes the text with Yams as before. Where it answers, the tree is the one
/// Yams would compose (text, style and every mark), which the differential test
/// checks on thousands of generated documents, and the answer implies `YAMLGuard`
/// would find nothing (no tabs, no anchors, shallow).
enum BlockYAML {
    /// Deeper documents are left to Yams and its depth checks.
    static let maxDepth = 16
    /// Longer keys, or mappings with more keys, are left to Yams.
    static let maxKeyLength = 128
    static let maxPairs = 64

    /// The document's root mapping, or nil when the text is not in the subset.
    static func parse(_ yaml: String) -> YAMLNode? {
        var text = yaml
        return text.withUTF8 { bytes in
            guard let lineStarts = lineStarts(bytes) else { return nil }
            var parser = BlockYAMLParser(bytes: bytes, lineStarts: lineStarts)
            return parser.document()
        }
    }

    /// Where each line starts, or nil when a byte anywhere rules the text out.
    static func lineStarts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int]? {
        var starts = [0]
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                starts.append(index + 1)
            case 0x20...0x7E:
                // A comment or an escape changes what the text says.
                if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\\") { return nil }
            case 0xC2:
                // C1 controls and NEL (a line break to libyaml).
                if index + 1 < count, bytes[index + 1] < 0xA0 { return nil }
            case 0xE2:
                // LINE and PARAGRAPH SEPARATOR: line breaks to libyaml.
                if index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                    return nil
                }
            case 0xEF:
                // The byte-order mark, U+FFFE and U+FFFF.
                if index + 2 < count,
                   (bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF)
                   || (bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE) {
                    return nil
                }
            case 0x80...0xFF:
                break
            default:
                // Tabs, other control characters and DEL.
                return nil
            }
            index += 1
        }
        return starts
    }
}

private struct BlockYAMLParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let lineStarts: [Int]
    /// The first line not yet read.
    var next = 0

    private static let space = UInt8(ascii: " ")
    private static let colon = UInt8(ascii: ":")
    private static let dash = UInt8(ascii: "-")

    init(bytes: UnsafeBufferPointer<UInt8>, lineStarts: [Int]) {
        self.bytes = bytes
        self.lineStarts = lineStarts
    }

    mutating func document() -> YAMLNode? {
        guard let first = contentLine(from: 0), indent(first) == 0,
              let root = mapping(at: lineStarts[first], line: first, depth: 1),
              contentLine(from: next) == nil
        else { return nil }
        return root
    }

    // MARK: Lines

    func lineEnd(_ line: Int) -> Int {
        line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
    }

    func indent(_ line: Int) -> Int {
        var index = lineStarts[line]
        let end = lineEnd(line)
        while index < end, bytes[index] == Self.space { index += 1 }
        return index - lineStarts[line]
    }

    /// The first line from `line` on with anything but spaces.
    func contentLine(from line: Int) -> Int? {
        var line = line
        while line < lineStarts.count {
            if lineStarts[line] + indent(line) < lineEnd(line) { return line }
            line += 1
        }
        return nil
    }

    /// A block sequence entry: `-` then a space or the end of the line.
    func isEntry(_ line: Int, column: Int) -> Bool {
        let index = lineStarts[line] + column
        return bytes[index] == Self.dash && (index + 1 == lineEnd(line) || bytes[index + 1] == Self.space)
    }

    /// libyaml's mark for the byte at `index` on `line`, its columns in scalars.
    func mark(_ index: Int, line: Int) -> YAMLMark {
        var column = 0
        for position in lineStarts[line]..<index where bytes[position] & 0xC0 != 0x80 { column += 1 }
        return YAMLMark(line: line + 1, column: column + 1)
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The plain scalar of the bytes in `range` on `line` (keys, values, empty values).
    func plainScalar(_ range: Range<Int>, line: Int) -> YAMLNode {
        .scalar(YAMLScalar(string: string(range), style: .plain, mark: mark(range.lowerBound, line: line)))
    }

    /// `end`, moved back past the spaces before it (but not before `start`).
    func trimmingSpaces(from start: Int, to end: Int) -> Int {
        var last = end
        while last > start, bytes[last - 1] == Self.space { last -= 1 }
        return last
    }

    // MARK: Collections

    /// The end of a key (the index of its `:`) starting at `index`: letters, digits,
    /// `_` and `-` (not first), then `:` and a space or the end of the line.
    func keyEnd(at index: Int, end: Int) -> Int? {
        var position = index
        while position < end, position - index < BlockYAML.maxKeyLength {
            switch bytes[position] {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                position += 1
            case Self.dash where position > index:
                position += 1
            case Self.colon where position > index:
                return position + 1 == end || bytes[position + 1] == Self.space ? position : nil
            default:
                return nil
            }
        }
        return nil
    }

    /// A block mapping whose first key starts at `start` on `line`; its column is
    /// the key's (the text before it is ASCII: spaces, or `- ` and spaces).
    mutating func mapping(at start: Int, line first: Int, depth: Int) -> YAMLNode? {
        guard depth <= BlockYAML.maxDepth else { return nil }
        let column = start - lineStarts[first]
        var pairs: [YAMLPair] = []
        var line = first
        var keyStart = start
        while true {
            let end = lineEnd(line)
            guard pairs.count < BlockYAML.maxPairs, let colon = keyEnd(at: keyStart, end: end) else { return nil }
            let key = plainScalar(keyStart..<colon, line: line)
            guard !pairs.contains(where: { $0.key.string == key.string }) else { return nil }
            var valueStart = colon + 1
            while valueStart < end, bytes[valueStart] == Self.space { valueStart += 1 }
            let value: YAMLNode
            if valueStart < end {
                guard let inline = inlineValue(at: valueStart, line: line, end: end) else { return nil }
                value = inline
                next = line + 1
            } else {
                guard let nested = valueBelow(keyLine: line, colon: colon, column: column, depth: depth) else {
                    return nil
                }
                value = nested
            }
            pairs.append(YAMLPair(key: key, value: value))

            guard let following = contentLine(from: next) else { break }
            let indent = indent(following)
            if indent < column { break }
            guard indent == column, !isEntry(following, column: column) else { return nil }
            line = following
            keyStart = lineStarts[following] + column
        }
        return .mapping(pairs, mark: mark(start, line: first))
    }

    /// The value of a key with nothing after its `:`: a collection on the lines
    /// below, or an empty plain scalar where libyaml puts it (just after the `:`).
    mutating func valueBelow(keyLine: Int, colon: Int, column: Int, depth: Int) -> YAMLNode? {
        let empty = plainScalar(colon + 1..<colon + 1, line: keyLine)
        guard let below = contentLine(from: keyLine + 1) else {
            next = keyLine + 1
            return empty
        }
        let indent = indent(below)
        if indent > column {
            if isEntry(below, column: indent) {
                return sequence(line: below, column: indent, indentless: false, depth: depth + 1)
            }
            return mapping(at: lineStarts[below] + indent, line: below, depth: depth + 1)
        }
        if indent == column, isEntry(below, column: indent) {
            return sequence(line: below, column: indent, indentless: true, depth: depth + 1)
        }
        next = keyLine + 1
        return empty
    }

    /// A block sequence whose entries' dashes stand at `column`. An indentless one
    /// (at its key's own column) ends at the key's next sibling.
    mutating func sequence(line first: Int, column: Int, indentless: Bool, depth: Int) -> YAMLNode? {
        guard depth <= BlockYAML.maxDepth else { return nil }
        var items: [YAMLNode] = []
        var line = first
        while true {
            let end = lineEnd(line)
            var itemStart = lineStarts[line] + column + 1
            while itemStart < end, bytes[itemStart] == Self.space { itemStart += 1 }
            guard itemStart < end else { return nil }
            if keyEnd(at: itemStart, end: end) != nil {
                guard let item = mapping(at: itemStart, line: line, depth: depth + 1) else { return nil }
                items.append(item)
            } else {
                guard let item = inlineValue(at: itemStart, line: line, end: end) else { return nil }
                items.append(item)
                next = line + 1
            }

            guard let following = contentLine(from: next) else { break }
            let indent = indent(following)
            if indent < column { break }
            guard indent == column else { return nil }
            if isEntry(following, column: column) {
                line = following
                continue
            }
            guard indentless else { return nil }
            break
        }
        return .sequence(items, mark: mark(lineStarts[first] + column, line: first))
    }

    // MARK: One-line values

    /// A value that starts at `start` and, with trailing spaces, fills the line.
    func inlineValue(at start: Int, line: Int, end: Int) -> YAMLNode? {
        switch bytes[start] {
        case UInt8(ascii: "["):
            return flowSequence(at: start, line: line, end: end)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard let (scalar, after) = quoted(at: start, line: line, end: end), onlySpaces(after..<end) else {
                return nil
            }
            return scalar
        default:
            return plain(at: start, line: line, end: end)
        }
    }

    func onlySpaces(_ range: Range<Int>) -> Bool {
        range.allSatisfy { bytes[$0] == Self.space }
    }

    /// Characters that start something other than a plain scalar, or may (`-`, `?`,
    /// `:` do only before a space; refusing them always costs nothing).
    static func canStartPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
             UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
             UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), Self.space:
            false
        default:
            true
        }
    }

    /// A plain scalar in block context, to the end of its line. A `:` before a space
    /// or at the end would make it a key (or an error), so it is refused.
    func plain(at start: Int, line: Int, end: Int) -> YAMLNode? {
        guard Self.canStartPlain(bytes[start]) else { return nil }
        let last = trimmingSpaces(from: start, to: end)
        for index in start..<last where bytes[index] == Self.colon {
            if index + 1 == last || bytes[index + 1] == Self.space { return nil }
        }
        return plainScalar(start..<last, line: line)
    }

    /// A quoted scalar closed on its own line; returns it and the index after it.
    func quoted(at start: Int, line: Int, end: Int) -> (YAMLNode, Int)? {
        let quote = bytes[start]
        var text: [UInt8] = []
        var index = start + 1
        while index < end {
            if bytes[index] == quote {
                // In single quotes, '' is one quote; a double quote always closes.
                if quote == UInt8(ascii: "'"), index + 1 < end, bytes[index + 1] == quote {
                    text.append(quote)
                    index += 2
                    continue
                }
                let style: YAMLScalar.Style = quote == UInt8(ascii: "'") ? .singleQuoted : .doubleQuoted
                let scalar = YAMLScalar(string: String(decoding: text, as: UTF8.self), style: style,
                                        mark: mark(start, line: line))
                return (.scalar(scalar), index + 1)
            }
            text.append(bytes[index])
            index += 1
        }
        return nil
    }

    /// `[a, 'b', c]` on one line, of scalars only, with no trailing comma.
    func flowSequence(at start: Int, line: Int, end: Int) -> YAMLNode? {
        var items: [YAMLNode] = []
        var index = start + 1
        func skipSpaces() { while index < end, bytes[index] == Self.space { index += 1 } }
        skipSpaces()
        if index < end, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                guard index < end else { return nil }
                if bytes[index] == UInt8(ascii: "'") || bytes[index] == UInt8(ascii: "\"") {
                    guard let (item, after) = quoted(at: index, line: line, end: end) else { return nil }
                    items.append(item)
                    index = after
                } else {
                    guard let (item, after) = flowPlain(at: index, line: line, end: end) else { return nil }
                    items.append(item)
                    index = after
                }
                skipSpaces()
                guard index < end else { return nil }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    break
                }
                guard bytes[index] == UInt8(ascii: ",") else { return nil }
                index += 1
                skipSpaces()
            }
        }
        guard onlySpaces(index..<end) else { return nil }
        return .sequence(items, mark: mark(start, line: line))
    }

    /// A plain scalar inside a flow sequence: up to `,` or `]`, without `:` or brackets.
    func flowPlain(at start: Int, line: Int, end: Int) -> (YAMLNode, Int)? {
        guard Self.canStartPlain(bytes[start]) else { return nil }
        var index = start
        scan: while index < end {
            switch bytes[index] {
            case UInt8(ascii: ","), UInt8(ascii: "]"): break scan
            case Self.colon, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "}"): return nil
            default: index += 1
            }
        }
        return (plainScalar(start..<trimmingSpaces(from: start, to: index), line: line), index)
    }
}

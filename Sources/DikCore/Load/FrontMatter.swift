import Foundation

/// An entry file split into its YAML front matter and Markdown body.
public struct EntryText: Sendable {
    /// The YAML between the two `---` lines, with line breaks normalised to `\n`.
    public let yaml: String
    /// Line of the file where the YAML starts (the line after the opening `---`).
    public let yamlFirstLine: Int
    public let body: String
    public let bodyFirstLine: Int
}

/// Limits that keep a hostile or accidental file from exhausting memory.
public enum InputLimits {
    public static let maxEntryFileBytes = 8 * 1024 * 1024
    public static let maxFrontMatterBytes = 256 * 1024
    public static let maxPublicTextLength = 4_000
    public static let maxNesting = 32
}

public enum FrontMatter {
    /// Decodes the raw bytes of an entry file, or returns the problem that stops it.
    /// A UTF-8 byte-order mark and CRLF line endings are accepted as they come from
    /// Windows editors.
    public static func split(_ bytes: [UInt8]) -> Result<EntryText, LocatedProblem> {
        if bytes.count > InputLimits.maxEntryFileBytes {
            return .failure(.init(.fileTooLarge(bytes: bytes.count, limit: InputLimits.maxEntryFileBytes)))
        }
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        if let nul = bytes[start...].firstIndex(of: 0) {
            let line = bytes[start..<nul].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
            return .failure(.init(.nulByte, line: line, column: 1))
        }
        guard let decoded = String(validating: bytes[start...], as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes, from: start)
            let line = bytes[start..<offset].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
            return .failure(.init(.invalidUTF8(byteOffset: offset), line: line, column: 1))
        }
        let text = normaliseLineEndings(decoded)
        // Lines are found on the UTF-8 bytes: "\n" is always a grapheme of its own, so
        // this is the same split as on Characters, without decoding graphemes.
        let utf8 = Array(text.utf8)
        let lineEnds = utf8.indices.filter { utf8[$0] == 10 }
        func lineRange(_ index: Int) -> Range<Int> {
            (index == 0 ? 0 : lineEnds[index - 1] + 1)..<(index < lineEnds.count ? lineEnds[index] : utf8.count)
        }
        guard isFence(utf8[lineRange(0)]) else {
            if text.allSatisfy(\.isWhitespace) { return .failure(.init(.emptyFile)) }
            return .failure(.init(.noFrontMatter, line: 1, column: 1))
        }
        guard let closing = (1..<(lineEnds.count + 1)).first(where: { isFence(utf8[lineRange($0)]) }) else {
            return .failure(.init(.unclosedFrontMatter, line: 1, column: 1))
        }
        let yamlStart = lineRange(1).lowerBound
        let yamlBytes = utf8[yamlStart..<max(yamlStart, lineRange(closing).lowerBound - 1)]
        if yamlBytes.count > InputLimits.maxFrontMatterBytes {
            return .failure(.init(.fileTooLarge(bytes: yamlBytes.count, limit: InputLimits.maxFrontMatterBytes),
                                  line: 2, column: 1))
        }
        let bodyBytes = closing < lineEnds.count ? utf8[(lineEnds[closing] + 1)...] : []
        // Line indices are 0-based positions in the file's lines.
        return .success(EntryText(yaml: String(decoding: yamlBytes, as: UTF8.self), yamlFirstLine: 2,
                                  body: String(decoding: bodyBytes, as: UTF8.self), bodyFirstLine: closing + 2))
    }

    private static func isFence(_ line: ArraySlice<UInt8>) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 32 || line[end - 1] == 9 { end -= 1 }
        return end - line.startIndex == 3 && line[line.startIndex..<end].allSatisfy { $0 == 45 }
    }

    static func normaliseLineEndings(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    private static func firstInvalidUTF8Offset(_ bytes: [UInt8], from start: Int) -> Int {
        var iterator = bytes[start...].makeIterator()
        var decoder = UTF8()
        var offset = start
        var consumed = 0
        var scalarStart = start
        // Walk scalar by scalar to find where decoding first fails.
        var position = start
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed = UTF8.width(scalar)
                position += consumed
                scalarStart = position
            case .emptyInput:
                return bytes.count
            case .error:
                offset = scalarStart
                return offset
            }
        }
    }
}

/// A problem with an optional position inside the file.
public struct LocatedProblem: Error, Sendable {
    public let problem: Problem
    public let line: Int
    public let column: Int
    public init(_ problem: Problem, line: Int = 0, column: Int = 0) {
        self.problem = problem
        self.line = line
        self.column = column
    }
}

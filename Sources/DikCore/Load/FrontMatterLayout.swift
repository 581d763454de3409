/// Where the YAML and the body lie in an entry file, found on its UTF-8 bytes.
///
/// The file is read once as bytes: no grapheme breaking, no array of lines, and the
/// only strings made are the YAML and the body. Each step is chosen to give exactly
/// what splitting the decoded text into `Character` lines gives: a line feed is
/// always a grapheme of its own (so splitting bytes at 0x0A is splitting the text at
/// "\n"), and no grapheme other than the ASCII characters themselves equals "-",
/// " " or "\t" (so a fence is a byte comparison).
struct Layout {
    /// The file without its byte-order mark, CR and CRLF turned into LF.
    let text: [UInt8]
    /// The YAML lines (without the line break that ends the last of them).
    let yaml: Range<Int>
    let body: Range<Int>
    let bodyFirstLine: Int

    static func find(_ bytes: [UInt8]) -> Result<Layout, LocatedProblem> {
        if bytes.count > InputLimits.maxEntryFileBytes {
            return .failure(.init(.fileTooLarge(bytes: bytes.count, limit: InputLimits.maxEntryFileBytes)))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            // UTF-16, as Notepad's "Unicode" saves: the same advice as any other encoding.
            return .failure(.init(.invalidUTF8(byteOffset: 0), line: 1, column: 1))
        }
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let survey = bytes.withUnsafeBufferPointer { ByteScan.survey(UnsafeBufferPointer(rebasing: $0[start...])) }
        if let nul = survey.firstNUL.map({ start + $0 }) {
            let (line, column) = FrontMatter.position(of: nul, in: bytes, from: start)
            return .failure(.init(.nulByte, line: line, column: column))
        }
        // Most files are ASCII up to their first Indonesian quotation mark or dash; the
        // full check runs only from the first byte that is not.
        if let wide = survey.firstNonASCII.map({ start + $0 }),
           !bytes.withUnsafeBufferPointer({ ByteScan.isValidUTF8(UnsafeBufferPointer(rebasing: $0[wide...])) }) {
            let offset = FrontMatter.firstInvalidUTF8Offset(bytes, from: start)
            let (line, column) = FrontMatter.position(of: offset, in: bytes, from: start)
            return .failure(.init(.invalidUTF8(byteOffset: offset), line: line, column: column))
        }
        let text = normalisingLineEndings(bytes[start...], hasCarriageReturn: survey.hasCarriageReturn)
        if isBlank(text) { return .failure(.init(.emptyFile)) }

        let firstEnd = lineEnd(in: text, from: 0)
        guard isFence(text[0..<firstEnd]) else { return .failure(.init(.noFrontMatter, line: 1, column: 1)) }
        var lineIndex = 0
        var end = firstEnd
        while end < text.count {
            let lineStart = end + 1
            end = lineEnd(in: text, from: lineStart)
            lineIndex += 1
            if isFence(text[lineStart..<end]) {
                let yamlStart = firstEnd + 1
                return .success(Layout(text: text, yaml: yamlStart..<max(yamlStart, lineStart - 1),
                                       body: min(end + 1, text.count)..<text.count,
                                       // `lineIndex` is the closing fence's 0-based line.
                                       bodyFirstLine: lineIndex + 2))
            }
        }
        return .failure(.init(.unclosedFrontMatter, line: 1, column: 1))
    }

    func bodyText() -> String { String(decoding: text[body], as: UTF8.self) }

    /// The YAML with NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as spaces, as
    /// `FrontMatter.normaliseYAMLBreaks` gives it (see there for why). In valid UTF-8
    /// 0xC2 and 0xE2 only ever lead a character, so the byte patterns are exact.
    func normalisedYAML() -> ArraySlice<UInt8> {
        let yamlBytes = text[yaml]
        guard yamlBytes.contains(where: { $0 == 0xC2 || $0 == 0xE2 }) else { return yamlBytes }
        var result: [UInt8] = []
        result.reserveCapacity(yamlBytes.count)
        var index = yaml.lowerBound
        while index < yaml.upperBound {
            let width = Self.yamlBreakWidth(text, at: index, end: yaml.upperBound)
            if width > 0 {
                result.append(0x20)
                index += width
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result[...]
    }

    func normalisedYAMLByteCount() -> Int {
        var count = yaml.count
        var index = yaml.lowerBound
        while index < yaml.upperBound {
            let width = Self.yamlBreakWidth(text, at: index, end: yaml.upperBound)
            count -= max(width - 1, 0)
            index += max(width, 1)
        }
        return count
    }

    /// The byte length of a NEL (2), LS or PS (3) starting at `index`, else 0.
    private static func yamlBreakWidth(_ text: [UInt8], at index: Int, end: Int) -> Int {
        switch text[index] {
        case 0xC2 where index + 1 < end && text[index + 1] == 0x85:
            return 2
        case 0xE2 where index + 2 < end && text[index + 1] == 0x80 && (text[index + 2] == 0xA8 || text[index + 2] == 0xA9):
            return 3
        default:
            return 0
        }
    }

    private static func lineEnd(in text: [UInt8], from start: Int) -> Int {
        text[start...].firstIndex(of: 0x0A) ?? text.count
    }

    /// `---` followed by nothing but spaces and tabs.
    private static func isFence(_ line: ArraySlice<UInt8>) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        return end - line.startIndex == 3 && line[line.startIndex..<end].allSatisfy { $0 == 0x2D }
    }

    /// CRLF and a lone CR both become LF, as `FrontMatter.normaliseLineEndings` does;
    /// CR and CRLF are graphemes of their own, so replacing bytes replaces characters.
    private static func normalisingLineEndings(_ bytes: ArraySlice<UInt8>, hasCarriageReturn: Bool) -> [UInt8] {
        guard hasCarriageReturn else { return Array(bytes) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if byte == 0x0D {
                result.append(0x0A)
                if index < bytes.endIndex, bytes[index] == 0x0A { index += 1 }
            } else {
                result.append(byte)
            }
        }
        return result
    }

    /// Whether every character is whitespace, as `Character.isWhitespace` judges it
    /// (by its first scalar). While the bytes are ASCII they decide alone: an ASCII
    /// letter after whitespace always starts a character of its own. A non-ASCII byte
    /// first hands the question to the decoded text, as a combining mark joins the
    /// whitespace before it into one character.
    private static func isBlank(_ text: [UInt8]) -> Bool {
        for byte in text {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return String(decoding: text, as: UTF8.self).allSatisfy(\.isWhitespace)
            default: return false
            }
        }
        return true
    }
}

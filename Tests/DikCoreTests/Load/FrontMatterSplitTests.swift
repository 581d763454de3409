@testable import DikCore
import Foundation
import Testing

/// `FrontMatter.split` works on bytes; these tests hold it to the `Character`-based
/// split it replaced (kept below as the oracle), case by case and over many files
/// made of the pieces that matter: fences with blanks, CR and CRLF, BOMs, NUL,
/// broken UTF-8, Unicode whitespace, combining marks and YAML line separators.
@Suite("Front matter split on bytes gives what the character split gave")
struct FrontMatterSplitTests {
    enum Outcome: Equatable {
        // Bytes, not strings: `String` equality would let a composed "é" equal a decomposed one.
        case split(yaml: [UInt8], yamlFirstLine: Int, body: [UInt8], bodyFirstLine: Int)
        case failed(Problem, line: Int, column: Int)
    }

    static func outcome(_ result: Result<EntryText, LocatedProblem>) -> Outcome {
        switch result {
        case .success(let text):
            .split(yaml: Array(text.yaml.utf8), yamlFirstLine: text.yamlFirstLine, body: Array(text.body.utf8),
                   bodyFirstLine: text.bodyFirstLine)
        case .failure(let problem):
            .failed(problem.problem, line: problem.line, column: problem.column)
        }
    }

    static func expectSameAsOracle(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let expected = outcome(CharacterSplitOracle.split(bytes))
        let actual = outcome(FrontMatter.split(bytes))
        #expect(actual == expected, "input \(bytes)", sourceLocation: sourceLocation)
        let body: [UInt8]? = if case .split(_, _, let body, _) = expected { body } else { nil }
        #expect(FrontMatter.body(bytes).map { Array($0.utf8) } == body, "body of \(bytes)",
                sourceLocation: sourceLocation)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func fenceLinesMayEndInSpacesAndTabs() {
        let file = Self.bytes("---  \t\nid: A-1\n--- \t \nBody\n")
        guard case .success(let text) = FrontMatter.split(file) else {
            Issue.record("a fence with trailing blanks was refused")
            return
        }
        #expect(text.yaml == "id: A-1")
        #expect(text.body == "Body\n")
        #expect(text.bodyFirstLine == 4)
        Self.expectSameAsOracle(file)
    }

    @Test func aFenceWithAnythingElseAfterItIsNoFence() {
        for line in ["--- x", "---\u{301}", "--- \u{301}", "----", "--", " ---", "---\u{A0}", "---\u{0B}"] {
            let file = Self.bytes("\(line)\nid: A-1\n---\nBody")
            Self.expectSameAsOracle(file)
            Self.expectSameAsOracle(Self.bytes("---\nid: A-1\n\(line)\nBody"))
        }
    }

    @Test func crlfAndLoneCRBecomeLineFeeds() {
        let file = Self.bytes("---\r\nid: A-1\rstatus: usulan\r\n---\r\n\r\nBody\r\nmore\r")
        guard case .success(let text) = FrontMatter.split(file) else {
            Issue.record("a CRLF file was refused")
            return
        }
        #expect(text.yaml == "id: A-1\nstatus: usulan")
        #expect(text.body == "\nBody\nmore\n")
        #expect(text.bodyFirstLine == 5)
        Self.expectSameAsOracle(file)
    }

    @Test func byteOrderMarkWithCRLF() {
        let file = [0xEF, 0xBB, 0xBF] + Self.bytes("---\r\nid: A-1\r\n---\r\nBody")
        guard case .success(let text) = FrontMatter.split(file) else {
            Issue.record("a BOM and CRLF file was refused")
            return
        }
        #expect(text.yaml == "id: A-1")
        #expect(text.body == "Body")
        #expect(text.bodyFirstLine == 4)
        Self.expectSameAsOracle(file)
    }

    @Test func unicodeWhitespaceOnlyIsAnEmptyFile() {
        for text in ["\u{3000}\u{A0}\n", " \u{2028}\t", "\u{85}", " \u{301}", "\u{FEFF}", "\n\u{200B}", ""] {
            Self.expectSameAsOracle(Self.bytes(text))
            Self.expectSameAsOracle([0xEF, 0xBB, 0xBF] + Self.bytes(text))
        }
        if case .failure(let problem) = FrontMatter.split(Self.bytes("\u{3000}\u{A0}\r\n \u{301}")) {
            #expect(problem.problem == .emptyFile)
        } else {
            Issue.record("a file of Unicode whitespace was not reported empty")
        }
    }

    @Test func bodyLineNumbersCountEveryLineBeforeTheBody() {
        let file = Self.bytes("---\na: 1\n\nb: 2\n---\nfirst body line\n")
        guard case .success(let text) = FrontMatter.split(file) else {
            Issue.record("a plain file was refused")
            return
        }
        #expect(text.yaml == "a: 1\n\nb: 2")
        #expect(text.yamlFirstLine == 2)
        #expect(text.bodyFirstLine == 6)
        #expect(text.body == "first body line\n")
        Self.expectSameAsOracle(file)
    }

    @Test func yamlLineSeparatorsBecomeSpacesAndCountTowardsTheLimit() {
        let file = Self.bytes("---\na:\u{85}1\u{2028}b\u{2029}\n---\nBody\u{2028}kept")
        guard case .success(let text) = FrontMatter.split(file) else {
            Issue.record("YAML with NEL was refused")
            return
        }
        #expect(text.yaml == "a: 1 b ")
        #expect(text.body == "Body\u{2028}kept")
        Self.expectSameAsOracle(file)

        let justOver = Self.bytes("---\n") + Array(repeating: 0x61, count: InputLimits.maxFrontMatterBytes + 1)
            + Self.bytes("\n---\n")
        Self.expectSameAsOracle(justOver)
        // LS is three bytes but one space: the normalised YAML fits where the raw does not.
        let fitsOnceNormalised = Self.bytes("---\n") + Array(repeating: 0x61, count: InputLimits.maxFrontMatterBytes - 1)
            + Self.bytes("\u{2028}\n---\nBody")
        Self.expectSameAsOracle(fitsOnceNormalised)
        #expect(FrontMatter.body(fitsOnceNormalised) == "Body")
    }

    @Test func positionsOfNulAndBrokenUTF8() {
        Self.expectSameAsOracle(Self.bytes("---\nid: é\u{0}\n---\n"))
        Self.expectSameAsOracle([0xEF, 0xBB, 0xBF] + Self.bytes("---\nid: x") + [0xC3, 0x28] + Self.bytes("\n---\n"))
        Self.expectSameAsOracle(Self.bytes("---\r\nid: x\r\n") + [0xE2, 0x80] + Self.bytes("\n---\n"))
        Self.expectSameAsOracle([0xFF, 0xFE, 0x2D, 0x00])
        Self.expectSameAsOracle(Self.bytes("---\nBody") + [0xF4, 0x90, 0x80, 0x80])
    }

    @Test func missingAndUnclosedFrontMatter() {
        for text in ["---", "---\n", "---\nid: 1", "id: 1\n---\n---", "\n---\n---\n", "---\n---", "---\n---\n",
                     "\u{FEFF}---\n---\n", "-\u{301}--\n---\n"] {
            Self.expectSameAsOracle(Self.bytes(text))
        }
    }

    /// Files made at random from the pieces above, against the oracle.
    @Test func randomFilesSplitAsTheCharacterSplitDid() {
        let pieces: [[UInt8]] = [
            "---", "---", "--- ", "---\t", "\n", "\n", "\r\n", "\r", "id: A-1", " ", "\t", "x", "é", "\u{301}",
            "\u{85}", "\u{2028}", "\u{2029}", "\u{A0}", "\u{3000}", "#", "-", "\u{FEFF}", "\u{1F1EE}\u{1F1E9}",
        ].map { Array($0.utf8) } + [[0xEF, 0xBB, 0xBF], [0x00], [0xC3], [0xFF]]
        var generator = SplitMix64(seed: 0x5EED_D1C0)
        for _ in 0..<4_000 {
            var file: [UInt8] = []
            let prefix = Int(generator.next() % 4)
            if prefix == 0 { file += [0xEF, 0xBB, 0xBF] }
            if prefix <= 1 { file += Array("---\n".utf8) }
            for _ in 0..<Int(generator.next() % 14) {
                file += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            Self.expectSameAsOracle(file)
        }
    }
}

/// A small, seeded generator, so a failing random case can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// The split as it was before it moved to bytes, kept word for word as the oracle.
enum CharacterSplitOracle {
    static func split(_ bytes: [UInt8]) -> Result<EntryText, LocatedProblem> {
        if bytes.count > InputLimits.maxEntryFileBytes {
            return .failure(.init(.fileTooLarge(bytes: bytes.count, limit: InputLimits.maxEntryFileBytes)))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(.init(.invalidUTF8(byteOffset: 0), line: 1, column: 1))
        }
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        if let nul = bytes[start...].firstIndex(of: 0) {
            let (line, column) = FrontMatter.position(of: nul, in: bytes, from: start)
            return .failure(.init(.nulByte, line: line, column: column))
        }
        guard let decoded = String(validating: bytes[start...], as: UTF8.self) else {
            let offset = FrontMatter.firstInvalidUTF8Offset(bytes, from: start)
            let (line, column) = FrontMatter.position(of: offset, in: bytes, from: start)
            return .failure(.init(.invalidUTF8(byteOffset: offset), line: line, column: column))
        }
        let text = FrontMatter.normaliseLineEndings(decoded)
        if text.allSatisfy(\.isWhitespace) { return .failure(.init(.emptyFile)) }

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.first, isFence(first) else {
            return .failure(.init(.noFrontMatter, line: 1, column: 1))
        }
        lines = lines.dropFirst()
        guard let closing = lines.firstIndex(where: isFence) else {
            return .failure(.init(.unclosedFrontMatter, line: 1, column: 1))
        }
        let yaml = FrontMatter.normaliseYAMLBreaks(lines[lines.startIndex..<closing].joined(separator: "\n"))
        if yaml.utf8.count > InputLimits.maxFrontMatterBytes {
            return .failure(.init(.fileTooLarge(bytes: yaml.utf8.count, limit: InputLimits.maxFrontMatterBytes),
                                  line: 2, column: 1))
        }
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return .success(EntryText(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: closing + 2))
    }

    private static func isFence(_ line: Substring) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed == "---"
    }
}

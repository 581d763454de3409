@testable import DikCore
import Testing

/// The audit's one-pass search must find exactly what a plain case-blind search finds,
/// wherever a pattern sits: at the ends of the text, across the matcher's internal
/// blocks, next to bytes above 0x7F.
@Suite("The leak audit's pattern search finds what a plain search finds")
struct PatternMatcherTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Mostly letters of both cases, some spaces, digits, punctuation and UTF-8 bytes.
    static let alphabet: [UInt8] = Array("aAbBcCdDeEzZ  09@[`{-".utf8) + [0xC3, 0xA9, 0xE2, 0x80, 0x94]

    /// The first place the pattern stands, ignoring ASCII case; a pattern that starts
    /// (or ends) with a digit counts only where no digit stands just before (or after).
    static func naiveFirstMatch(_ pattern: [UInt8], in text: [UInt8]) -> Int? {
        guard pattern.count <= text.count else { return nil }
        func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
        for start in 0...(text.count - pattern.count)
        where pattern.indices.allSatisfy({ PatternMatcher.fold(pattern[$0]) == PatternMatcher.fold(text[start + $0]) }) {
            let end = start + pattern.count
            if isDigit(text[start]), start > 0, isDigit(text[start - 1]) { continue }
            if isDigit(text[end - 1]), end < text.count, isDigit(text[end]) { continue }
            return start
        }
        return nil
    }

    static func keys(_ patterns: [[UInt8]]) -> [PatternMatcher.Key] {
        patterns.enumerated().map { index, pattern in
            pattern.withUnsafeBufferPointer { PatternMatcher.key($0, origin: UInt32(index)) }
        }
    }

    /// What the matcher finds for `patterns` in `text`, and what a plain search finds:
    /// key index -> start of the first match.
    static func search(_ patterns: [[UInt8]], in text: [UInt8]) -> (found: [Int: Int], expected: [Int: Int]) {
        var keys = keys(patterns)
        let matcher = PatternMatcher(taking: &keys)
        var found: [Int: Int] = [:]
        text.withUnsafeBufferPointer { matcher.matches(in: $0, into: &found) }
        var expected: [Int: Int] = [:]
        for (index, key) in matcher.keys.enumerated() {
            if let start = naiveFirstMatch(patterns[Int(key.origin)], in: text) { expected[index] = start }
        }
        return (found, expected)
    }

    @Test(arguments: [1, 2, 3, 4])
    func findsEveryPlantedPatternAndNothingElse(seed: UInt64) {
        var random = Generator(state: seed)
        // Longer than one block of the matcher, so patterns straddle block edges.
        var text = (0..<40_000).map { _ in Self.alphabet[random.next(Self.alphabet.count)] }
        var patterns: [[UInt8]] = []
        for _ in 0..<60 {
            let length = [6, 7, 8, 9, 15, 16, 17, 31, 64, 300][random.next(10)]
            patterns.append((0..<length).map { _ in Self.alphabet[random.next(Self.alphabet.count)] })
        }
        // Plant two thirds of them, with their case flipped, some at the text's very
        // ends and some across the 16 KiB block boundaries.
        let places = [0, text.count - 300, 16_384 - 3, 32_768 - 10]
        for (index, pattern) in patterns.enumerated() where index % 3 != 0 {
            let start = index < places.count ? places[index] : random.next(text.count - pattern.count)
            let end = min(start + pattern.count, text.count)
            text.replaceSubrange(start..<end, with: pattern.prefix(end - start).map { byte in
                (65...90).contains(byte) ? byte | 0x20 : (97...122).contains(byte) ? byte & ~0x20 : byte
            })
        }
        // A pattern planted last at the very end, so the last window of the text counts.
        patterns.append(Array(text.suffix(16)))
        patterns.append(Array(text.suffix(6)))

        let (found, expected) = Self.search(patterns, in: text)
        #expect(!expected.isEmpty)
        #expect(found == expected)
    }

    /// Registers repeat their phrasing: many secrets begin alike, with the same or
    /// different lengths. Each one present is found, and only those.
    @Test func keysSharingTheirBeginningAreToldApart() {
        var random = Generator(state: 7)
        let opening = Array("Berdasarkan Pasal 17 huruf b, apabila dibuka ".utf8)
        var patterns: [[UInt8]] = []
        for index in 0..<400 {
            let tail = (0..<(index % 3 == 0 ? 18 : 5 + random.next(40))).map { _ in
                Self.alphabet[random.next(Self.alphabet.count)]
            }
            patterns.append(opening + tail)
        }
        // Shorter than their shared beginning too: 6 to 15 bytes, one window.
        patterns += [Array("Berdasarkan".utf8), Array("Berdas".utf8), Array("berdasarkan pas".utf8)]
        var text = Array("<p>".utf8)
        for index in stride(from: 0, to: patterns.count, by: 7) { text += patterns[index] + Array(" | ".utf8) }
        text += opening

        let (found, expected) = Self.search(patterns, in: text)
        #expect(expected.count > 50)
        #expect(found == expected)
    }

    /// Each window's filter is sized by its own keys: thousands of long keys and a
    /// handful of short ones give filters of different sizes, each read with its own.
    @Test func windowsWithFewAndManyKeysBothFindTheirs() {
        var random = Generator(state: 11)
        var text = (0..<3_000).map { _ in Self.alphabet[random.next(Self.alphabet.count)] }
        var patterns = (0..<4_200).map { _ in
            (0..<(16 + random.next(20))).map { _ in Self.alphabet[random.next(Self.alphabet.count)] }
        }
        patterns += (0..<5).map { _ in (0..<(6 + random.next(9))).map { _ in Self.alphabet[random.next(Self.alphabet.count)] } }
        for index in [3, 900, 4_100, 4_200, 4_201, 4_204] {
            let start = random.next(text.count - patterns[index].count)
            text.replaceSubrange(start..<start + patterns[index].count, with: patterns[index])
        }

        let (found, expected) = Self.search(patterns, in: text)
        #expect(expected.count >= 6)
        #expect(found == expected)
    }

    @Test func textsShorterThanAWindowAndEmptyMatchersFindNothing() {
        var keys = Self.keys([Array("rahasia negara".utf8)])
        let matcher = PatternMatcher(taking: &keys)
        var found: [Int: Int] = [:]
        Array("rahas".utf8).withUnsafeBufferPointer { matcher.matches(in: $0, into: &found) }
        #expect(found.isEmpty)
        Array("RAHASIA NEGARA".utf8).withUnsafeBufferPointer { matcher.matches(in: $0, into: &found) }
        #expect(found == [0: 0])

        var none: [PatternMatcher.Key] = []
        let empty = PatternMatcher(taking: &none)
        var nothing: [Int: Int] = [:]
        Array("rahasia negara".utf8).withUnsafeBufferPointer { empty.matches(in: $0, into: &nothing) }
        #expect(nothing.isEmpty)
    }

    @Test func theAuditsWhitespaceIsUnicodesForEveryASCIIScalarAndBeyond() {
        for value in UInt32(0)..<0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(LeakAuditor.isWhitespace(scalar) == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
    }

    @Test func foldingAWordFoldsEachOfItsBytes() {
        var random = Generator(state: 99)
        for _ in 0..<2_000 {
            let bytes = (0..<8).map { _ in UInt8(random.next(256)) }
            var word: UInt64 = 0
            withUnsafeMutableBytes(of: &word) { $0.copyBytes(from: bytes) }
            let folded = PatternMatcher.fold(word: word)
            let result = withUnsafeBytes(of: folded) { Array($0) }
            #expect(result == bytes.map(PatternMatcher.fold))
        }
    }
}

@testable import DikCore
import Testing

/// The word-at-a-time checks of an entry file's bytes must say exactly what a byte at a
/// time and the standard library say, wherever the bytes of interest fall in a word.
@Suite("An entry file's bytes are surveyed and validated as the plain checks do")
struct ByteScanTests {
    /// Bytes and sequences that sit on every edge of UTF-8's table of well-formed forms.
    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("Pasal 17 ".utf8), [0x0A], [0x0D], [0x0D, 0x0A], [0x00], [0x7F], [0x80], [0xBF],
        [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xC3], // cut short
        [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xE2, 0x80, 0x94], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80],
        [0xEF, 0xBF, 0xBF], [0xE2, 0x80], // cut short
        [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x41, 0x80],
    ]

    static func plainSurvey(_ bytes: [UInt8]) -> ByteScan.Survey {
        let nul = bytes.firstIndex(of: 0)
        let beforeNUL = bytes[..<(nul ?? bytes.count)]
        return ByteScan.Survey(firstNUL: nul, firstNonASCII: beforeNUL.firstIndex { $0 >= 0x80 },
                               hasCarriageReturn: beforeNUL.contains(0x0D))
    }

    static func randomTexts(count: Int, seed: UInt64, pieces: [[UInt8]], length: Int = 24) -> [[UInt8]] {
        var random = PatternMatcherTests.Generator(state: seed)
        return (0..<count).map { _ in
            (0..<random.next(length)).flatMap { _ in pieces[random.next(pieces.count)] }
        }
    }

    @Test func surveyFindsWhatAByteAtATimeFinds() {
        for bytes in Self.randomTexts(count: 4_000, seed: 3, pieces: Self.pieces) {
            let survey = bytes.withUnsafeBufferPointer(ByteScan.survey)
            #expect(survey == Self.plainSurvey(bytes), "\(bytes)")
        }
        #expect([UInt8]().withUnsafeBufferPointer(ByteScan.survey) == ByteScan.Survey())
    }

    @Test func validationAgreesWithTheStandardLibrary() {
        let withoutNUL = Self.pieces.filter { !$0.contains(0) }
        var (valid, invalid) = (0, 0)
        for bytes in Self.randomTexts(count: 6_000, seed: 7, pieces: withoutNUL, length: 6) {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if expected { valid += 1 } else { invalid += 1 }
            #expect(bytes.withUnsafeBufferPointer(ByteScan.isValidUTF8) == expected, "\(bytes)")
        }
        // Both answers were put to the test many times.
        #expect(valid > 1_000 && invalid > 1_000)
    }

    @Test func everyTwoByteAndThreeByteLeadIsJudgedAsTheStandardLibraryDoes() {
        for first in UInt8(0x80)...0xFF {
            for second in [UInt8(0x00), 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF] {
                for bytes in [[first, second], [first, second, 0x80], [first, second, 0x80, 0x80], [0x61, first, second, 0x80]] {
                    let expected = String(validating: bytes, as: UTF8.self) != nil
                    #expect(bytes.withUnsafeBufferPointer(ByteScan.isValidUTF8) == expected, "\(bytes)")
                }
            }
        }
    }
}

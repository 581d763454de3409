@testable import DikCore
import Testing

@Suite("JSON strings are quoted as RFC 8259 asks, and only as much")
struct JSONTextTests {
    /// The rule, one scalar at a time: what the quoting must produce.
    static func reference(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0..<0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        JSONValue.quote(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func examples() {
        #expect(Self.quoted("") == "\"\"")
        #expect(Self.quoted("Pasal 17 huruf b/c") == "\"Pasal 17 huruf b/c\"")
        #expect(Self.quoted("a\"b\\c\nd\re\tf\u{1}g\u{1F}") == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001f\"")
        // A quote with a combining mark after it is one Character; the quote is still escaped.
        #expect(Self.quoted("\"\u{301}é") == "\"\\\"\u{301}é\"")
    }

    @Test func randomTextsQuoteAsTheRuleSays() {
        let pieces = ["a", "Z", " ", "/", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{7}", "\u{1B}", "\u{7F}",
                      "é", "e\u{301}", "\u{301}", "—", "😀", "👩‍👩‍👧", "\r\n", "ü"]
        var state: UInt64 = 5
        for _ in 0..<500 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            #expect(Array(Self.quoted(text).utf8) == Array(Self.reference(text).utf8), "\(text.debugDescription)")
        }
    }
}

@Suite("CSV fields are quoted when a reader would split them")
struct CSVFieldTests {
    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(CSVText.field("Pasal 17 huruf b") == "Pasal 17 huruf b")
        #expect(CSVText.field("a, b") == "\"a, b\"")
        #expect(CSVText.field("kata \"rahasia\"") == "\"kata \"\"rahasia\"\"\"")
        #expect(CSVText.field("baris\r\nkedua") == "\"baris\r\nkedua\"")
        #expect(CSVText.field("baris\u{2028}kedua") == "\"baris\u{2028}kedua\"")
        #expect(CSVText.field("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSVText.field("\"") == "\"\"\"\"")
        #expect(CSVText.field("") == "")
    }

    /// A comma or quote followed by a combining mark is one Character, but a CSV
    /// reader splits on the byte all the same.
    @Test func aMarkAfterACommaOrQuoteDoesNotHideIt() {
        #expect(Array(CSVText.field("a,\u{301}b").utf8) == Array("\"a,\u{301}b\"".utf8))
        #expect(Array(CSVText.field("a\"\u{301}é").utf8) == Array("\"a\"\"\u{301}é\"".utf8))
    }

    /// The rule one scalar at a time, as the field was written before it moved to bytes.
    static func reference(_ value: String) -> String {
        let formula: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
        let text = value.unicodeScalars.first.map(formula.contains) == true ? "'" + value : value
        let breaking: Set<UInt32> = [0x2C, 0x22, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]
        guard text.unicodeScalars.contains(where: { breaking.contains($0.value) }) else { return text }
        var quoted = String.UnicodeScalarView(["\""])
        for scalar in text.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }

    @Test func fieldsMatchTheScalarRuleOnGeneratedText() {
        let pieces = ["a", " ", ",", "\"", "'", "=", "+", "-", "@", "\t", "\r", "\n", "\u{B}", "\u{C}", "\u{85}",
                      "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "\u{C5}", "é", "\u{301}", "😀", "\u{E280}"]
        var generator = SplitMix64(seed: 23)
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 12) {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            #expect(Array(CSVText.field(text).utf8) == Array(Self.reference(text).utf8),
                    "\(Array(text.unicodeScalars))")
        }
    }
}

@testable import DikCore
import Testing

@Suite("XML text escaping")
struct XMLTextTests {
    /// The escaping as it was before it moved to bytes: forbidden scalars dropped, then
    /// HTML escaping scalar by scalar. Kept as the oracle.
    static func scalarOracle(_ text: String) -> String {
        func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF
        }
        var allowed = String.UnicodeScalarView()
        allowed.append(contentsOf: text.unicodeScalars.filter { !isForbidden($0) })
        return HTMLEscaping.escape(String(allowed))
    }

    @Test func markupIsEscapedAndForbiddenCharactersDropped() {
        #expect(XMLText.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(XMLText.escape("x\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}y") == "xy")
        #expect(XMLText.escape("tab\there\nnew\r") == "tab\there\nnew\r")
        #expect(XMLText.escape("\u{FFFE}a\u{FFFF}b\u{FFFD}\u{FEFF}") == "ab\u{FFFD}\u{FEFF}")
        #expect(XMLText.escape("é\"\u{301}") == "é&quot;\u{301}", "a quote before a combining mark")
    }

    @Test func bytesMatchTheScalarOracleOnGeneratedText() {
        let pieces = ["a", "Z", " ", "<", ">", "&", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1F}", "\u{7F}",
                      "\u{85}", "é", "\u{301}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFBF}", "\u{FEFF}",
                      "😀", "ꯀ", "\u{2028}"]
        var generator = SplitMix64(seed: 17)
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 24) {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            #expect(XMLText.escape(text) == Self.scalarOracle(text), "\(Array(text.unicodeScalars))")
        }
    }
}

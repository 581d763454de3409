@testable import DikCore
import DikTestSupport
import Foundation
import Testing

/// `BlockYAML` reads the common front matter without libyaml. Wherever it answers,
/// the tree must be exactly the one Yams composes (text, style, every mark), and the
/// guard must have had nothing to refuse; wherever it is unsure it must give up.
@Suite("Front matter read without libyaml is read as libyaml reads it")
struct BlockYAMLTests {
    /// Compares with the reference; returns whether the shortcut answered.
    @discardableResult
    static func expectSameAsYams(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = BlockYAML.parse(yaml) else { return false }
        switch YAMLComposer.composeWithYams(yaml) {
        case .document(let reference?):
            #expect(fast == reference, "tree differs for:\n\(yaml)", sourceLocation: sourceLocation)
        case .document(nil):
            Issue.record("Yams found no document in:\n\(yaml)", sourceLocation: sourceLocation)
        case .refused(let problems):
            Issue.record("Yams path refused \(problems.map(\.problem)) in:\n\(yaml)", sourceLocation: sourceLocation)
        case .failed(let error):
            Issue.record("Yams failed (\(error)) on:\n\(yaml)", sourceLocation: sourceLocation)
        }
        return true
    }

    @Test func typicalEntriesAreReadWithoutLibyamlAndAsLibyamlReadsThem() throws {
        let entries = [
            """
            id: DIK-2019-0000823
            status: usulan
            pasal17: [h.3]
            dasar_hukum:
              - UU 8/1981 tentang Hukum Acara Pidana
            unit: Rumah Sakit Umum Daerah
            konsekuensi_dibuka: Peserta tender lain memperoleh keuntungan yang tidak wajar.
            internal:
              lokasi_arsip: kepala salinan pengurus notulen 6
              kontak: "rincian folder nama, ext. 705"
            """,
            """
            id: DIK-2025-014
            status: ditetapkan
            informasi: Nomor rekening bank pegawai
            pasal17: [h.3, 'c.1']
            dasar_hukum:
            - "UU 27/2022 tentang Pelindungan Data Pribadi"
            - 'Perki 1/2021: pasal ''5'''
            unit: Bagian Kepegawaian
            sebagian: true
            jangka_waktu:
              tahun: 5
              mulai: 2025-01-02
            penetapan:
              nomor: 045/PPID/2025
              tanggal: 2025-01-10
            riwayat:
              - tanggal: 2025-01-02
                status: diuji
                dasar: Uji konsekuensi 01/2025
              -   tanggal: 2025-01-10
                  status: ditetapkan
            uji_konsekuensi:
              peserta: [Kepala Bagian, “Sekretaris”, é 😀]
              analisis: Jika dibuka — kerugian nyata.
            internal:
              catatan:


              lain: x

            """,
        ]
        for yaml in entries {
            #expect(Self.expectSameAsYams(yaml), "fell back to Yams:\n\(yaml)")
        }
    }

    @Test(arguments: [
        "a: 1 # comment",
        "a:\tb",
        "a: b\n  continued",
        "a: \"x\\ty\"",
        "a: 'open\n  quote'",
        "a: b: c",
        "a: &x b\nc: *x",
        "a: |\n  text",
        "a: 1\na: 2",
        "a: [1, 2",
        "a: [x, ]",
        "  a: 1",
        "- a",
        "a: 1\n---\nb: 2",
        "a: x\u{85}y",
        "a: x\u{FEFF}",
        "",
        "\n  \n",
    ])
    func outsideTheSubsetFallsBack(_ yaml: String) {
        #expect(BlockYAML.parse(yaml) == nil)
    }

    /// Thousands of documents near the subset's edges: mostly well-formed, each with
    /// a chance of a piece that is not. Any answer must be Yams's.
    @Test func generatedDocumentsAgreeWithYams() {
        var generator = DocumentGenerator(seed: 0x5EED_D1C)
        var answered = 0
        var declined = 0
        for _ in 0..<3_000 {
            let yaml = generator.document()
            if Self.expectSameAsYams(yaml) { answered += 1 } else { declined += 1 }
        }
        // Both sides of the edge were exercised, not just one.
        #expect(answered > 600, "only \(answered) documents answered")
        #expect(declined > 600, "only \(declined) documents declined")
    }

    @Test func theDemoRegisterIsReadWithoutLibyaml() throws {
        let root = FixtureSite.themeFolder.deletingLastPathComponent().appendingPathComponent("content/register")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" } ?? []
        #expect(files.count > 10)
        var answered = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let parts = text.components(separatedBy: "\n---\n")
            guard text.hasPrefix("---\n"), parts.count >= 2 else { continue }
            if Self.expectSameAsYams(String(parts[0].dropFirst(4))) { answered += 1 }
        }
        #expect(answered * 10 >= files.count * 8, "\(answered) of \(files.count) demo entries read without libyaml")
    }
}

/// Random YAML near `BlockYAML`'s subset, deterministic from its seed.
struct DocumentGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    static let keys = [
        "id", "status", "a", "b_c", "k-1", "x1", "dasar_hukum", "tanggal", "Key", "7",
        "a b", "-x", "é", "true", "k.l", "\"q\"", "'s'", "a:b", "?",
    ]
    static let goodKeys = ["id", "status", "a", "b_c", "k-1", "x1", "dasar_hukum", "tanggal", "Key", "n2", "z"]

    static let inSubset = [
        "value", "two  words", "2025-01-02", "h.3", "true", "null", "~", "12", "0x1F", "1e3", "-5",
        "UU 14/2008 tentang KIP", "http://x.y/z?a=b", "10:30", "a:b", "a - b", "a, b", "a]b", "a}b",
        "a'b", "a\"b", "“kutip”", "é", "e\u{301}", "emoji 😀", "nb\u{A0}sp", "ñ: x", "%", "x%",
        "'single'", "'it''s'", "''", "\"double\"", "\"\"", "\"it's\"", "' padded '", "\"a, b: c\"",
        "[a, b]", "[h.3]", "[]", "[ a ,b ]", "['x', \"y\"]", "[“a”, b]", "[a b, c]", "[\"\", '']",
    ]
    /// Outside the subset, or not YAML at all.
    static let outside = [
        "a: b", "x #c", "#c", "&a x", "*a", "!t x", "!!str x", "|", ">", "- x", "-x", "?x", ":x",
        "@x", "`x", "{a: b}", "[a, [b]]", "[a: b]", "[a", "[a, b] x", "[a,]", "'open", "\"open",
        "'a' b", "\"a\" b", "back\\slash", "\"esc\\n\"", "tab\tx", "x\u{85}y", "c1\u{80}", "bom\u{FEFF}x",
        "x:", "x: ", "a ]", "x\t", "bell\u{7}", "del\u{7F}", "\"a\"\"b\"", "'a'''b'",
    ]

    mutating func key() -> String { chance(4) ? pick(Self.keys) : pick(Self.goodKeys) }

    mutating func scalar() -> String {
        chance(85) ? pick(Self.inSubset) : pick(Self.outside)
    }

    mutating func spaces(_ count: Int) -> String { String(repeating: " ", count: max(count, 0)) }

    /// An indentation step, sometimes odd.
    mutating func step() -> Int { chance(80) ? 2 : pick([1, 3, 4]) }

    mutating func document() -> String {
        var lines: [String] = []
        mapping(indent: 0, depth: 0, into: &lines, firstPrefix: nil)
        var text = lines.joined(separator: "\n")
        if chance(5) { text = "\n" + text }
        if chance(20) { text += "\n" }
        return text
    }

    /// Noise between lines: blank, spaces only, a stray line.
    mutating func noise(indent: Int, into lines: inout [String]) {
        guard chance(8) else { return }
        lines.append(pick(["", "   ", spaces(indent) + "# note", spaces(indent + 2) + "more text",
                           spaces(indent) + "---", "\t" + spaces(indent) + "x: 1", spaces(indent + 1) + "y: 2"]))
    }

    /// `firstPrefix` replaces the first key's indentation (a sequence entry's `- `).
    mutating func mapping(indent: Int, depth: Int, into lines: inout [String], firstPrefix: String?) {
        let count = 1 + below(depth == 0 ? 6 : 3)
        var used: [String] = []
        for index in 0..<count {
            var name = key()
            if used.contains(name), !chance(10) { name += "\(index)" }
            used.append(name)
            let prefix = index == 0 ? (firstPrefix ?? spaces(indent)) : spaces(indent)
            let colon = chance(3) ? " :" : ":"
            switch depth >= 4 ? 0 : below(10) {
            case 0...5:
                lines.append(prefix + name + colon + pick([" ", " ", "  "]) + scalar() + (chance(10) ? "  " : ""))
            case 6:
                lines.append(prefix + name + colon + (chance(20) ? "  " : ""))
            case 7:
                lines.append(prefix + name + colon)
                noise(indent: indent, into: &lines)
                mapping(indent: indent + step(), depth: depth + 1, into: &lines, firstPrefix: nil)
            default:
                lines.append(prefix + name + colon)
                noise(indent: indent, into: &lines)
                sequence(indent: chance(40) ? indent : indent + step(), depth: depth + 1, into: &lines)
            }
            noise(indent: indent, into: &lines)
        }
    }

    mutating func sequence(indent: Int, depth: Int, into lines: inout [String]) {
        let count = 1 + below(3)
        for _ in 0..<count {
            let dash = spaces(indent) + "-" + pick([" ", " ", " ", "  ", "   "])
            if depth < 4, chance(30) {
                let column = dash.count
                mapping(indent: column, depth: depth + 1, into: &lines, firstPrefix: dash)
            } else if chance(3) {
                lines.append(spaces(indent) + "-")
            } else {
                lines.append(dash + scalar())
            }
            noise(indent: indent, into: &lines)
        }
    }
}

import Foundation

/// Bad input a register meets in real life, each with the exact message it must give.
/// `HostileInputTests` builds every case; `Fuzz/` writes the entry files out as the
/// fuzzers' seeds (this file is linked into the fuzz package), so keep it free of
/// anything but Foundation.
public struct HostileCase: Sendable {
    /// Something on disk that is not a plain file's bytes.
    public enum Special: Sendable {
        case symlink(path: String, target: String)
        case fifo(path: String)
        case folder(path: String)
        /// A file whose name is raw bytes (for names that are not UTF-8).
        case rawName(folder: String, name: [UInt8], bytes: [UInt8])
    }

    public let name: String
    /// Files relative to the site folder. `site.yml` is added when missing.
    public let files: [(path: String, bytes: [UInt8])]
    public let specials: [Special]
    /// English messages (`path:line:column: error: ...`, paths relative to the site);
    /// empty when the case must build.
    public let expected: [String]

    public init(_ name: String, files: [(path: String, bytes: [UInt8])], specials: [Special] = [],
                expected: [String]) {
        self.name = name
        self.files = files
        self.specials = specials
        self.expected = expected
    }

    /// One entry file `register/case.md`.
    public init(_ name: String, entry: [UInt8], expected: [String]) {
        self.init(name, files: [("register/case.md", entry)], expected: expected)
    }

    public init(_ name: String, entry: String, expected: [String]) {
        self.init(name, entry: Array(entry.utf8), expected: expected)
    }

    /// The entry files, for fuzzing seeds.
    public var entryFiles: [[UInt8]] {
        files.filter { $0.path.hasSuffix(".md") }.map(\.bytes) + specials.compactMap {
            if case .rawName(_, _, let bytes) = $0 { return bytes } else { return nil }
        }
    }
}

public enum HostileCorpus {
    /// A valid draft; cases change one thing in it.
    public static let fields = """
        id: DIK-2025-001
        status: usulan
        informasi: Data
        pasal17: [b]
        unit: Biro Umum
        """

    public static func entry(_ frontMatter: String, body: String = "Uraian.\n") -> String {
        "---\n\(frontMatter)\n---\n\(body)"
    }

    static let file = "register/case.md"

    /// A document of nine lists of nine references each, nested six deep: 9^6 nodes
    /// from a few hundred bytes.
    static let billionLaughs: String = {
        var lines = ["internal:", "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g"] {
            lines.append("  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        return fields + "\n" + lines.joined(separator: "\n")
    }()

    public static let cases: [HostileCase] = frontMatterCases + encodingCases + yamlCases + idCases + fileCases
        + settingsCases

    static let settings = "nama_situs: Daftar Informasi\nbadan_publik: Pemerintah Kota Uji\nppid:\n  nama: PPID Utama\n"

    static let settingsCases: [HostileCase] = [
        HostileCase("site.yml from Notepad (BOM, CRLF)", files: [
            ("site.yml", [0xEF, 0xBB, 0xBF] + Array(settings.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            (file, Array(entry(fields).utf8)),
        ], expected: []),
        HostileCase("site.yml with anchors", files: [
            ("site.yml", Array((settings + "kop:\n  baris: &b [a, b]\npenandatangan: *b\n").utf8)),
        ], expected: ["site.yml:6:10: error: YAML anchors and aliases (& and *) are not used in the register; write the value out"]),
        HostileCase("site.yml is a named pipe", files: [], specials: [.fifo(path: "site.yml")],
                    expected: ["site.yml: error: this is not an ordinary file (a pipe, socket or device); dik only reads ordinary text files"]),
    ]

    static let frontMatterCases: [HostileCase] = [
        HostileCase("no front matter", entry: "id: DIK-2025-001\nstatus: usulan\n", expected: [
            "\(file):1:1: error: the first line must be --- to open the entry's data (front matter)",
        ]),
        HostileCase("unclosed front matter", entry: "---\n" + fields + "\n\nUraian tanpa penutup.\n", expected: [
            "\(file):1:1: error: the entry's data opens with --- but is never closed; add a --- line after the last key",
        ]),
        HostileCase("front matter is a list", entry: entry("- id: DIK-2025-001\n- status: usulan"), expected: [
            "\(file):2:1: error: the entry's data must be key: value pairs, not a list",
        ]),
        HostileCase("front matter is a scalar", entry: entry("DIK-2025-001 usulan"), expected: [
            "\(file):2:1: error: the entry's data must be key: value pairs, not a single value",
        ]),
        HostileCase("front matter is empty", entry: entry(""), expected: [
            "\(file):1:1: error: the entry's data must be key: value pairs, not empty",
        ]),
        HostileCase("empty file", entry: "", expected: [
            "\(file): error: the file is empty; an entry starts with a --- line and the keys id, status, pasal17, unit",
        ]),
        HostileCase("only blank lines", entry: "\n  \n\t\n", expected: [
            "\(file): error: the file is empty; an entry starts with a --- line and the keys id, status, pasal17, unit",
        ]),
    ]

    static let encodingCases: [HostileCase] = [
        HostileCase("UTF-8 byte-order mark", entry: [0xEF, 0xBB, 0xBF] + Array(entry(fields).utf8), expected: []),
        HostileCase("CRLF line endings", entry: entry(fields).replacingOccurrences(of: "\n", with: "\r\n"),
                    expected: []),
        HostileCase("BOM and CRLF with a block scalar", entry: [0xEF, 0xBB, 0xBF] + Array(entry(fields
            + "\nuji_konsekuensi:\n  analisis: |\n    Baris satu.\n    Baris *dua* & tiga.")
            .replacingOccurrences(of: "\n", with: "\r\n").utf8), expected: []),
        HostileCase("Word line separator in a value", entry: entry(fields.replacingOccurrences(
            of: "informasi: Data", with: "informasi: Data\u{2028}pegawai")), expected: []),
        HostileCase("invalid UTF-8", entry: Array(entry(fields).utf8).replacingFirst(Array("Biro".utf8),
                                                                                  with: [0x42, 0xC3, 0x28]),
                    expected: ["\(file):6:8: error: the file is not valid UTF-8 text (byte 72); save it again as UTF-8"]),
        HostileCase("Latin-1 file from an old Windows editor", entry: Array("---\nid: DIK-2025-001\nunit: Biro Ker".utf8)
            + [0xE9] + Array("ja\n---\n".utf8),
                    expected: ["\(file):3:15: error: the file is not valid UTF-8 text (byte 35); save it again as UTF-8"]),
        HostileCase("NUL byte", entry: Array(entry(fields).utf8).replacingFirst(Array("Umum".utf8), with: [0x55, 0, 0x6D]),
                    expected: ["\(file):6:13: error: the file contains a NUL character; it is not plain text"]),
        HostileCase("UTF-16 file", entry: [0xFF, 0xFE] + Array(entry(fields).utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
                    expected: ["\(file):1:1: error: the file is not valid UTF-8 text (byte 0); save it again as UTF-8"]),
        HostileCase("body of 20 MB", entry: entry(fields, body: String(repeating: "Uraian panjang. ", count: 1_310_720)),
                    expected: ["\(file): error: the file is too large (20971605 bytes, limit 8388608)"]),
        HostileCase("field of 100,000 characters", entry: entry(fields.replacingOccurrences(
            of: "informasi: Data", with: "informasi: " + String(repeating: "x", count: 100_000))),
                    expected: ["\(file):4:12: error: 'informasi' is too long (100000 characters, limit 4000)"]),
        HostileCase("front matter over 256 KiB", entry: entry(fields + "\ninternal:\n  catatan: "
            + String(repeating: "y", count: 300_000)),
                    expected: ["\(file):2:1: error: the file is too large (300098 bytes, limit 262144)"]),
    ]

    static let yamlCases: [HostileCase] = [
        HostileCase("YAML syntax error", entry: entry(fields + "\njangka_waktu: [tahun: 5"), expected: [
            "\(file):8:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)",
        ]),
        HostileCase("colon inside a value", entry: entry(fields.replacingOccurrences(
            of: "informasi: Data", with: "informasi: Data: gaji pegawai")), expected: [
            "\(file):4:16: error: YAML syntax error: mapping values are not allowed in this context: biasanya tanda ':' di dalam nilai; apit nilainya dengan tanda kutip \"...\"",
        ]),
        HostileCase("unterminated quote", entry: entry(fields.replacingOccurrences(
            of: "unit: Biro Umum", with: "unit: \"Biro Umum")), expected: [
            "\(file):6:17: error: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar)",
        ]),
        HostileCase("tabs for indentation", entry: entry(fields + "\ninternal:\n\tcatatan: x"), expected: [
            "\(file):8:1: error: YAML must not use tabs for indentation; use spaces",
        ]),
        HostileCase("duplicate key", entry: entry(fields + "\nunit: Biro Lain"), expected: [
            "\(file):7:1: error: the key 'unit' appears twice; remove one of them",
        ]),
        HostileCase("duplicate nested key", entry: entry(fields + "\ninternal:\n  rak: A\n  lemari: 2\n  rak: B"),
                    expected: ["\(file):10:3: error: the key 'rak' appears twice; remove one of them"]),
        HostileCase("billion laughs", entry: entry(billionLaughs), expected: [
            "\(file):8:6: error: YAML anchors and aliases (& and *) are not used in the register; write the value out",
        ]),
        HostileCase("anchor hidden behind a tag", entry: entry(fields + "\ninternal:\n  a: !!seq &a [x, y]\n  b: [*a, *a]"),
                    expected: ["\(file):8:6: error: YAML tags (a ! before a key or value) are not used in the register; remove the tag and write the value alone",
                               "\(file):8:12: error: YAML anchors and aliases (& and *) are not used in the register; write the value out"]),
        HostileCase("anchor after a block scalar", entry: entry("internal:\n  - z: |\n    teks\n    a: &a [x]\n    b: [*a]\n" + fields),
                    expected: ["\(file):5:8: error: YAML anchors and aliases (& and *) are not used in the register; write the value out"]),
        HostileCase("anchor in a flow mapping", entry: entry(fields + "\ninternal: {a: &x [1], b:*x}"),
                    expected: ["\(file):7:15: error: YAML anchors and aliases (& and *) are not used in the register; write the value out"]),
        HostileCase("deep flow nesting", entry: entry(fields + "\ninternal: " + String(repeating: "[", count: 5000)
            + String(repeating: "]", count: 5000)),
                    expected: ["\(file):7:42: error: data nested too deeply (more than 32 levels)"]),
        HostileCase("deep block nesting", entry: entry(fields + "\ninternal:\n"
            + (1...40).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n")),
                    expected: ["\(file):39:65: error: data nested too deeply (more than 32 levels)"]),
        HostileCase("deep compact sequences", entry: entry(fields + "\ninternal:\n  " + String(repeating: "- ", count: 900) + "x"),
                    expected: ["\(file):8:65: error: data nested too deeply (more than 32 levels)"]),
        // Sequences written level with their key add a level without indentation, so
        // the lexical count sees half of these; the check of the composed tree sees all.
        HostileCase("deep indentless sequences", entry: entry(fields + "\ninternal:\n"
            + (0..<20).map { String(repeating: "  ", count: $0) + "- k\($0):" }.joined(separator: "\n") + " x"),
                    expected: ["\(file):23:33: error: data nested too deeply (more than 32 levels)"]),
        HostileCase("text that merely looks like YAML", entry: entry(fields.replacingOccurrences(
            of: "unit: Biro Umum", with: "unit: Biro Hukum & Humas *Kota*")
            + "\nuji_konsekuensi:\n  analisis: |\n    *Catatan*: &lampiran tidak dibuka.\n    - butir *satu*"),
                    expected: []),
    ]

    static let idCases: [HostileCase] = [
        HostileCase("id with ..", entry: entry(fields.replacingOccurrences(of: "DIK-2025-001", with: "../../etc")),
                    expected: ["\(file):2:5: error: id '../../etc' is invalid: use 3 to 64 letters A-Z, digits or -, e.g. DIK-2025-014"]),
        HostileCase("id with /", entry: entry(fields.replacingOccurrences(of: "DIK-2025-001", with: "DIK/2025/001")),
                    expected: ["\(file):2:5: error: id 'DIK/2025/001' is invalid: use 3 to 64 letters A-Z, digits or -, e.g. DIK-2025-014"]),
        HostileCase("id with spaces", entry: entry(fields.replacingOccurrences(of: "DIK-2025-001", with: "\"DIK 2025 001\"")),
                    expected: ["\(file):2:5: error: id 'DIK 2025 001' is invalid: use 3 to 64 letters A-Z, digits or -, e.g. DIK-2025-014"]),
        HostileCase("id with non-ASCII letters", entry: entry(fields.replacingOccurrences(of: "DIK-2025-001", with: "DİK-2025-001")),
                    expected: ["\(file):2:5: error: id 'DİK-2025-001' is invalid: use 3 to 64 letters A-Z, digits or -, e.g. DIK-2025-014"]),
        HostileCase("ids that differ only in case", files: [
            ("register/DIK-2025-001.md", Array(entry(fields).utf8)),
            ("register/lain/dik-2025-001.md", Array(entry(fields.replacingOccurrences(of: "DIK-2025-001", with: "dik-2025-001")).utf8)),
        ], expected: [
            "register/lain/dik-2025-001.md:2:5: error: id 'dik-2025-001' is already used in register/DIK-2025-001.md (case does not count); choose another number",
        ]),
    ]

    static let fileCases: [HostileCase] = [
        HostileCase("symbolic link outside the site", files: [], specials: [
            .symlink(path: "register/luar.md", target: "/etc/hostname"),
        ], expected: ["register/luar.md: error: symbolic link points outside the site folder (/etc/hostname); copy the file into register/"]),
        HostileCase("symbolic link to nothing", files: [], specials: [
            .symlink(path: "register/hilang.md", target: "tidak-ada.md"),
        ], expected: ["register/hilang.md: error: the file cannot be read (No such file or directory)"]),
        HostileCase("symbolic link loop", files: [], specials: [
            .symlink(path: "register/putar.md", target: "putar.md"),
        ], expected: ["register/putar.md: error: the file cannot be read (Too many levels of symbolic links)"]),
        HostileCase("linked folder outside the site", files: [], specials: [
            .symlink(path: "register/arsip", target: "/usr/share"),
        ], expected: ["register/arsip: error: symbolic link points outside the site folder (/usr/share); copy the file into register/"]),
        HostileCase("linked folder inside the site", files: [("arsip/2025/DIK-2025-001.md", Array(entry(fields).utf8))],
                    specials: [.symlink(path: "register/2025", target: "../arsip/2025")], expected: []),
        HostileCase("linked folder that loops back", files: [(file, Array(entry(fields).utf8))], specials: [
            .symlink(path: "register/ulang", target: "."),
            .symlink(path: "register/induk", target: ".."),
        ], expected: []),
        HostileCase("folder named x.md", files: [("register/x.md/catatan.txt", Array("bukan entri".utf8))],
                    specials: [.folder(path: "register/x.md")],
                    expected: ["register/x.md: error: this is a folder, not an entry file; rename it so it does not end in .md"]),
        HostileCase("named pipe (unreadable even for root)", files: [], specials: [.fifo(path: "register/pipa.md")],
                    expected: ["register/pipa.md: error: this is not an ordinary file (a pipe, socket or device); dik only reads ordinary text files"]),
        HostileCase("file name that is not UTF-8", files: [], specials: [
            .rawName(folder: "register", name: Array("DIK-".utf8) + [0xFF] + Array(".md".utf8), bytes: Array(entry(fields).utf8)),
        ],
                    expected: ["register/DIK-\u{FFFD}.md: error: this file or folder name is not UTF-8 text; rename it using ordinary letters"]),
    ]
}

extension Array where Element == UInt8 {
    func replacingFirst(_ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard let start = indices.first(where: { self[$0...].starts(with: pattern) }) else { return self }
        return Array(self[..<start]) + replacement + Array(self[(start + pattern.count)...])
    }
}

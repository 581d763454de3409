import Foundation

/// The register as data for spreadsheets and programs: `dik.csv` (entries in force),
/// `dik-dibuka.csv` (no longer exempt) and `dik.json` (both, every field typed; the
/// schema is docs/dik.schema.json). Built from the public collection only.
public struct OpenData: Sendable {
    /// Raised when a field is renamed, removed or changes type; adding one is not.
    public static let schemaVersion = 1

    let register: PublicRegister
    /// The site's language: the words in the CSV (period, category labels).
    let wording: Wording

    public init(register: PublicRegister, wording: Wording) {
        self.register = register
        self.wording = wording
    }

    /// Each file is written a row at a time: a national register's JSON is hundreds
    /// of megabytes.
    public func write(to sink: OutputSink) throws {
        try sink.stream("dik.csv") { try csv(register.inForce, opened: false, into: $0) }
        try sink.stream("dik-dibuka.csv") { try csv(register.noLongerExempt, opened: true, into: $0) }
        try sink.stream("dik.json") { try json(into: $0) }
    }

    func address(_ record: PublicRecord) -> String { "\(register.settings.baseURL)dik/\(record.slug)/" }

    // MARK: CSV

    static let columns = [
        "no", "id", "status", "informasi", "pasal17", "kategori", "dasar_hukum", "unit", "jangka_waktu",
        "jangka_waktu_jenis", "berakhir", "konsekuensi_dibuka", "pertimbangan_ditutup", "sebagian",
        "penetapan_nomor", "penetapan_tanggal", "penetapan_tempat", "penetapan_pejabat",
        "penetapan_disetujui_oleh", "riwayat", "url",
    ]
    static let openingColumns = ["dibuka_jenis", "dibuka_tanggal", "dibuka_dasar"]

    /// RFC 4180 with a UTF-8 byte order mark, which spreadsheets need to read the
    /// file as UTF-8 rather than a legacy code page.
    func csv(_ entries: [PublicEntry], opened: Bool, into output: ChunkedOutput) throws {
        output.append(CSVText.byteOrderMark)
        output.write { CSVText.append(record: Self.columns + (opened ? Self.openingColumns : []), to: &$0) }
        for (index, entry) in entries.enumerated() {
            var fields = row(entry, number: index + 1)
            if opened { fields += openingFields(entry.placement.opening) }
            output.write { CSVText.append(record: fields, to: &$0) }
            try output.flushIfFull()
        }
    }

    func row(_ entry: PublicEntry, number: Int) -> [String] {
        let record = entry.record
        let decree = record.penetapan
        let partial = record.sebagian.map { $0 ? "ya" : "tidak" } ?? ""
        let history = record.riwayat.map { event in
            [event.tanggal?.iso, event.status?.rawValue, event.dasar.map { "(\($0))" }].compactMap { $0 }
                .joined(separator: " ")
        }
        return [
            String(number), record.id, record.status.rawValue, record.informasi ?? "",
            record.pasal17.map(\.description).joined(separator: "; "),
            Self.letters(record).map { "\($0). \(wording.categoryLabel($0))" }.joined(separator: "; "),
            record.dasarHukum.joined(separator: "; "), record.unit, wording.period(record),
            record.period?.kind ?? "", entry.endDate?.iso ?? "", record.konsekuensiDibuka ?? "",
            record.pertimbanganDitutup ?? "", partial, decree?.nomor ?? "", decree?.tanggal?.iso ?? "",
            decree?.tempat ?? "", decree?.pejabat ?? "", decree?.disetujuiOleh ?? "",
            history.joined(separator: "; "), address(record),
        ]
    }

    func openingFields(_ opening: Opening?) -> [String] {
        guard let opening else { return ["", "", ""] }
        switch opening {
        case .decided(let status, let date, let basis): return [status.rawValue, date?.iso ?? "", basis ?? ""]
        case .periodEnded(let end): return ["jangka_waktu_berakhir", end.iso, ""]
        }
    }

    static func letters(_ record: PublicRecord) -> [Character] {
        var seen = Set<Character>()
        return record.pasal17.map(\.letter).filter { seen.insert($0).inserted }
    }

    // MARK: JSON

    /// The same bytes as one `JSONValue` of the whole register, built an entry at a
    /// time.
    func json(into output: ChunkedOutput) throws {
        let settings = register.settings
        let contact: JSONValue = .object([
            ("nama", .string(settings.ppidName)), ("alamat", .optional(settings.ppidAddress)),
            ("email", .optional(settings.ppidEmail)), ("telepon", .optional(settings.ppidPhone)),
        ])
        let inForce = register.inForce
        let opened = register.noLongerExempt
        let head: [(String, JSONValue)] = [
            ("schema_version", .integer(Self.schemaVersion)),
            ("generated", .string(register.buildDate.iso)),
            ("badan_publik", .string(settings.bodyName)),
            ("ppid", contact),
            ("url", .string(settings.baseURL)),
            ("jumlah", .object([("berlaku", .integer(inForce.count)),
                                ("tidak_lagi_dikecualikan", .integer(opened.count))])),
        ]
        output.write { bytes in
            bytes.append(contentsOf: "{\n".utf8)
            for (key, value) in head {
                JSONValue.member(key, value, indent: 1, last: false, into: &bytes)
            }
        }
        try JSONValue.streamArray("entri", inForce, indent: 1, last: false, into: output) { .object(members($0)) }
        try JSONValue.streamArray("tidak_lagi_dikecualikan", opened, indent: 1, last: true, into: output) { entry in
            .object(members(entry) + [("dibuka", opening(entry.placement.opening))])
        }
        output.append("}\n")
    }

    func members(_ entry: PublicEntry) -> [(String, JSONValue)] {
        let record = entry.record
        return [
            ("id", .string(record.id)),
            ("status", .string(record.status.rawValue)),
            ("informasi", .optional(record.informasi)),
            ("pasal17", .array(record.pasal17.map(pasal17))),
            ("dasar_hukum", .array(record.dasarHukum.map(JSONValue.string))),
            ("unit", .string(record.unit)),
            ("jangka_waktu", period(record, end: entry.endDate)),
            ("konsekuensi_dibuka", .optional(record.konsekuensiDibuka)),
            ("pertimbangan_ditutup", .optional(record.pertimbanganDitutup)),
            ("sebagian", .optional(record.sebagian)),
            ("penetapan", record.penetapan.map(decree) ?? .null),
            ("riwayat", .array(record.riwayat.map { event in
                .object([("tanggal", .optional(event.tanggal)), ("status", .optional(event.status?.rawValue)),
                         ("dasar", .optional(event.dasar))])
            })),
            ("url", .string(address(record))),
        ]
    }

    func pasal17(_ ref: Pasal17Ref) -> JSONValue {
        let category = Pasal17Catalogue.category(ref.letter)
        return .object([
            ("kode", .string(ref.description)), ("huruf", .string(String(ref.letter))),
            ("angka", .optional(ref.angka)), ("label", .optional(category?.labelID)),
            ("label_en", .optional(category?.labelEN)),
        ])
    }

    /// Every kind has the same keys, the ones that do not apply null, plus the end date
    /// computed as on the pages.
    func period(_ record: PublicRecord, end: LocalDate?) -> JSONValue {
        guard let period = record.period else { return .null }
        var years: Int?, start: LocalDate?, until: LocalDate?, event: String?
        switch period {
        case .years(let count, let from): years = count; start = from
        case .until(let date): until = date
        case .event(let text): event = text
        case .consent, .unlimited: break
        }
        return .object([
            ("jenis", .string(period.kind)), ("tahun", .optional(years)), ("mulai", .optional(start)),
            ("sampai", .optional(until)), ("peristiwa", .optional(event)), ("berakhir", .optional(end)),
        ])
    }

    func decree(_ decree: Decree) -> JSONValue {
        .object([
            ("nomor", .optional(decree.nomor)), ("tanggal", .optional(decree.tanggal)),
            ("tempat", .optional(decree.tempat)), ("pejabat", .optional(decree.pejabat)),
            ("disetujui_oleh", .optional(decree.disetujuiOleh)),
        ])
    }

    func opening(_ opening: Opening?) -> JSONValue {
        let fields = openingFields(opening)
        return .object([("jenis", .string(fields[0])), ("tanggal", fields[1].isEmpty ? .null : .string(fields[1])),
                        ("dasar", fields[2].isEmpty ? .null : .string(fields[2]))])
    }
}

/// RFC 4180 records: CRLF line ends, fields quoted when they hold a comma, quote or
/// line break.
enum CSVText {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func field(_ value: String) -> String {
        var bytes: [UInt8] = []
        append(field: value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(record fields: [String], to output: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(0x2C) }
            append(field: field, to: &output)
        }
        output += [0x0D, 0x0A]
    }

    /// Quoted when it holds a comma, a quote or a line break, looked for by scalar:
    /// a comma with a combining mark after it is one Character but still splits the
    /// row for any CSV reader. Every one of those scalars has a UTF-8 encoding no
    /// other scalar's bytes contain, so they are looked for, and quotes doubled, in
    /// the bytes.
    static func append(field value: String, to output: inout [UInt8]) {
        value.withUTF8Bytes { bytes in
            let neutralise = bytes.first.map(startsFormula) ?? false
            guard breaksField(bytes) else {
                if neutralise { output.append(0x27) }
                output.append(contentsOf: bytes)
                return
            }
            output.append(0x22)
            if neutralise { output.append(0x27) }
            var runStart = 0
            for index in bytes.indices where bytes[index] == 0x22 {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...index]))
                output.append(0x22)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            output.append(0x22)
        }
    }

    /// Comma, quote, and what `Character.isNewline` counts as a line break: U+000A to
    /// U+000D, U+0085 (C2 85), U+2028 and U+2029 (E2 80 A8, E2 80 A9).
    private static func breaksField(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in bytes.indices {
            switch bytes[index] {
            case 0x2C, 0x22, 0x0A...0x0D: return true
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return true
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): return true
            default: continue
            }
        }
        return false
    }

    /// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula;
    /// an apostrophe in front makes it text again (the JSON keeps the value as written).
    /// Tab and carriage return too. All are ASCII, so the first byte is the first scalar.
    private static func startsFormula(_ first: UInt8) -> Bool {
        switch first {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: true
        default: false
        }
    }
}

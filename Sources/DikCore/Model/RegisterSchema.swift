/// The register's fields, declared once: what every other part that names a key
/// follows from, or is held to by a test that fails when they disagree
/// (`RegisterSchemaTests`). Adding a field is an edit here and in the templates that
/// show it; each other place it must reach is a failing test that names that place:
/// the decoder's key lists and required fields (derived), the columns of `dik.csv`,
/// the members of an entry in `dik.json`, `docs/dik.schema.json`, the file `dik new`
/// writes, the key table in `docs/format.md`, and the values the leak audit searches
/// in an entry the target does not publish.
public struct RegisterField: Sendable {
    public enum Visibility: Sendable { case `public`, `internal` }

    public enum Shape: Sendable {
        /// One line of text (or a value read as text: a status, a flag).
        case text
        /// A list of text, or of maps (`riwayat`).
        case list
        /// A map with the keys `subkeys` (any keys for `internal`).
        case map
    }

    public let key: String
    public let shape: Shape
    public let visibility: Visibility
    /// The first status from which the key must be present; nil when it never must.
    public let neededFrom: EntryStatus?
    public let labelID: String
    public let labelEN: String
    /// The keys of a map, or of each map in a list.
    public let subkeys: [String]
    /// Of `subkeys`, the ones a status that needs the field needs as well.
    public let neededSubkeys: [String]
    /// The columns of `dik.csv` it fills, in order.
    public let csvColumns: [String]
    /// Its member in each entry of `dik.json`; nil for internal fields.
    public let jsonKey: String?

    init(_ key: String, _ shape: Shape, _ visibility: Visibility, neededFrom: EntryStatus?,
         label: (id: String, en: String), subkeys: [String] = [], neededSubkeys: [String] = [],
         csv: [String] = [], json: String? = nil) {
        self.key = key
        self.shape = shape
        self.visibility = visibility
        self.neededFrom = neededFrom
        labelID = label.id
        labelEN = label.en
        self.subkeys = subkeys
        self.neededSubkeys = neededSubkeys
        csvColumns = csv
        jsonKey = json
    }
}

public enum RegisterSchema {
    /// Register format version 1, in the order of the format's table.
    public static let fields: [RegisterField] = [
        .init("id", .text, .public, neededFrom: .usulan, label: ("Nomor register", "Register number"),
              csv: ["id"], json: "id"),
        .init("status", .text, .public, neededFrom: .usulan, label: ("Status", "Status"),
              csv: ["status"], json: "status"),
        .init("informasi", .text, .public, neededFrom: .diuji, label: ("Informasi", "Information"),
              csv: ["informasi"], json: "informasi"),
        .init("pasal17", .list, .public, neededFrom: .usulan, label: ("Pasal 17", "Article 17"),
              csv: ["pasal17"], json: "pasal17"),
        .init("dasar_hukum", .list, .public, neededFrom: nil, label: ("Dasar hukum", "Legal basis"),
              csv: ["dasar_hukum"], json: "dasar_hukum"),
        .init("unit", .text, .public, neededFrom: .usulan, label: ("Unit", "Unit"), csv: ["unit"], json: "unit"),
        .init("jangka_waktu", .map, .public, neededFrom: .ditetapkan, label: ("Jangka waktu", "Period"),
              subkeys: ["tahun", "sampai", "peristiwa", "persetujuan", "tidak_terbatas", "mulai"],
              csv: ["jangka_waktu"], json: "jangka_waktu"),
        .init("konsekuensi_dibuka", .text, .public, neededFrom: nil,
              label: ("Konsekuensi bila dibuka", "Consequence if opened"),
              csv: ["konsekuensi_dibuka"], json: "konsekuensi_dibuka"),
        .init("pertimbangan_ditutup", .text, .public, neededFrom: nil,
              label: ("Pertimbangan bila ditutup", "Why closing serves the public"),
              csv: ["pertimbangan_ditutup"], json: "pertimbangan_ditutup"),
        .init("sebagian", .text, .public, neededFrom: nil, label: ("Dikecualikan sebagian", "Partly exempt"),
              csv: ["sebagian"], json: "sebagian"),
        .init("penetapan", .map, .public, neededFrom: .ditetapkan, label: ("Surat penetapan", "Decree"),
              subkeys: ["nomor", "tanggal", "tempat", "pejabat", "disetujui_oleh"], neededSubkeys: ["nomor", "tanggal"],
              csv: ["penetapan_nomor", "penetapan_tanggal", "penetapan_tempat", "penetapan_pejabat",
                    "penetapan_disetujui_oleh"], json: "penetapan"),
        .init("riwayat", .list, .public, neededFrom: nil, label: ("Riwayat", "History"),
              subkeys: ["tanggal", "status", "dasar"], csv: ["riwayat"], json: "riwayat"),
        .init("uji_konsekuensi", .map, .internal, neededFrom: .diuji, label: ("Uji konsekuensi", "Consequence test"),
              subkeys: ["nomor", "tanggal", "peserta", "analisis"]),
        .init("internal", .map, .internal, neededFrom: nil, label: ("Catatan internal", "Internal notes")),
    ]

    /// Columns of `dik.csv` that no one field fills: worked out from several.
    public static let derivedCSVColumns = ["no", "kategori", "jangka_waktu_jenis", "berakhir", "url"]
    /// Members of a `dik.json` entry that no one field fills.
    public static let derivedJSONKeys = ["url"]

    public static func field(_ key: String) -> RegisterField? { fields.first { $0.key == key } }

    public static var publicKeys: [String] { fields.filter { $0.visibility == .public }.map(\.key) }
    public static var internalKeys: [String] { fields.filter { $0.visibility == .internal }.map(\.key) }

    /// Keys a status needs, in the format's order.
    public static func keysNeeded(by status: EntryStatus?) -> [String] {
        fields.filter { field in
            guard let stage = field.neededFrom else { return false }
            return stage == .usulan || (status?.requires(stage) ?? false)
        }.map(\.key)
    }

    static func subkeys(of key: String) -> [String] { field(key)?.subkeys ?? [] }
}

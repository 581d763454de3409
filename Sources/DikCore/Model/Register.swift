/// Workflow state of an entry, in the order an item moves through it.
public enum EntryStatus: String, Sendable, CaseIterable, Comparable {
    case usulan, diuji, ditetapkan, dibuka, dicabut

    public var isDraft: Bool { self == .usulan || self == .diuji }

    /// Whether a status requires the fields decided at that stage.
    public func requires(_ stage: EntryStatus) -> Bool { self.rank >= stage.rank }

    private var rank: Int {
        switch self {
        case .usulan: 0
        case .diuji: 1
        case .ditetapkan, .dibuka, .dicabut: 2
        }
    }

    public static func < (lhs: EntryStatus, rhs: EntryStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A Pasal 17 basis: a letter `a`–`j`, optionally with its angka.
public struct Pasal17Ref: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let letter: Character
    public let angka: Int?

    public init(letter: Character, angka: Int?) {
        self.letter = letter
        self.angka = angka
    }

    public var description: String { angka.map { "\(letter).\($0)" } ?? String(letter) }

    public static func < (lhs: Pasal17Ref, rhs: Pasal17Ref) -> Bool {
        (lhs.letter, lhs.angka ?? 0) < (rhs.letter, rhs.angka ?? 0)
    }
}

/// The exemption period (`jangka_waktu`): exactly one kind.
public enum Period: Sendable, Hashable {
    case years(Int, start: LocalDate?)
    case until(LocalDate)
    case event(String)
    case consent
    case unlimited

    public var kind: String {
        switch self {
        case .years: "tahun"
        case .until: "sampai"
        case .event: "peristiwa"
        case .consent: "persetujuan"
        case .unlimited: "tidak_terbatas"
        }
    }

    /// The day the exemption ends, where it can be computed. `decidedOn` is the
    /// decree date, the start of a period in years unless `mulai` is given.
    public func endDate(decidedOn: LocalDate?) -> LocalDate? {
        switch self {
        case .years(let count, let start):
            return (start ?? decidedOn)?.adding(years: count)
        case .until(let date):
            return date
        case .event, .consent, .unlimited:
            return nil
        }
    }
}

public struct Decree: Sendable, Hashable {
    public var nomor: String?
    public var tanggal: LocalDate?
    public var tempat: String?
    public var pejabat: String?
    public var disetujuiOleh: String?
    public init() {}
}

public struct HistoryEvent: Sendable, Hashable {
    public var tanggal: LocalDate?
    public var status: EntryStatus?
    public var dasar: String?
    public init() {}
}

/// Every public key of the register format, and nothing else. This is the only
/// thing the public renderer is ever handed.
public struct PublicRecord: Sendable, Hashable {
    public var id: String
    public var status: EntryStatus
    public var informasi: String?
    public var pasal17: [Pasal17Ref]
    public var dasarHukum: [String]
    public var unit: String
    public var period: Period?
    public var konsekuensiDibuka: String?
    public var pertimbanganDitutup: String?
    public var sebagian: Bool?
    public var penetapan: Decree?
    public var riwayat: [HistoryEvent]

    public init(id: String, status: EntryStatus, unit: String) {
        self.id = id
        self.status = status
        self.unit = unit
        self.pasal17 = []
        self.dasarHukum = []
        self.riwayat = []
    }

    /// The URL slug: the id in lower case (ids are ASCII by contract).
    public var slug: String { id.lowercased() }

    public var endDate: LocalDate? { period?.endDate(decidedOn: penetapan?.tanggal) }
}

/// A YAML value kept only for the internal site: `internal`, unknown keys.
public indirect enum InternalValue: Sendable, Hashable {
    case text(String)
    case list([InternalValue])
    case map([InternalField])

    /// Every string in it, keys excluded, for the leak audit.
    public var strings: [String] {
        switch self {
        case .text(let text): [text]
        case .list(let items): items.flatMap(\.strings)
        case .map(let fields): fields.flatMap(\.value.strings)
        }
    }
}

public struct InternalField: Sendable, Hashable {
    public let key: String
    public let value: InternalValue
    public init(key: String, value: InternalValue) {
        self.key = key
        self.value = value
    }
}

public struct ConsequenceTest: Sendable, Hashable {
    public var nomor: String?
    public var tanggal: String?
    public var peserta: [String]
    public var analisis: String?
    public init() { peserta = [] }
}

/// An entry as loaded: its public record plus everything internal. Only the internal
/// target and the leak audit see this type.
public struct Entry: Sendable {
    public let source: SourceFile
    /// Held in a shared box that every target's `PublicEntry` of this entry points
    /// to, so a register keeps one copy of each record, not one per view.
    public var record: PublicRecord {
        _read { yield sharedRecord.record }
        set { sharedRecord = SharedRecord(newValue) }
    }
    private(set) var sharedRecord: SharedRecord
    /// What only the internal site shows, in one piece: read it once (`internalPart`)
    /// where several of its fields are needed, since a stored part is decoded per read.
    var internalPart: InternalPart {
        get {
            switch internalStorage {
            case .kept(let part): part
            case .stored(let bytes): bytes.decode(RecordCoding.decodeInternalPart)
            }
        }
        set { internalStorage = .kept(newValue) }
    }
    private var internalStorage: InternalStorage = .kept(InternalPart())
    public var consequenceTest: ConsequenceTest? {
        get { internalPart.consequenceTest }
        set { internalPart.consequenceTest = newValue }
    }
    public var internalNotes: InternalValue? {
        get { internalPart.internalNotes }
        set { internalPart.internalNotes = newValue }
    }
    public var unknownFields: [InternalField] {
        get { internalPart.unknownFields }
        set { internalPart.unknownFields = newValue }
    }
    /// Markdown body, as written. Never read by the public target. A build loads
    /// entries without keeping their bodies (`SiteLoader.load(siteRoot:retainingBodies:)`),
    /// so a large register never holds every body at once: the body is then read
    /// again from its file when asked for.
    public var body: String {
        get { retainedBody ?? BodyFile.read(source) }
        set { retainedBody = newValue }
    }
    var retainedBody: String?
    /// Line of the file where the body starts (1-based).
    public var bodyLine: Int
    /// Where each top-level key's value was written, for messages about it.
    /// A small array rather than a dictionary, which cost about a kilobyte per entry
    /// that a national register holds a million times. All in this entry's file.
    var valueLocations = ValueLocations()

    public init(source: SourceFile, record: PublicRecord) {
        self.source = source
        self.sharedRecord = SharedRecord(record)
        self.retainedBody = ""
        self.bodyLine = 1
    }

    /// Forgets where values were written, once every message about them is made.
    mutating func forgetValueLocations() { valueLocations = ValueLocations() }

    /// Moves the record and the internal part into `store`, leaving handles behind.
    mutating func moveContent(to store: RecordStore) {
        let part = internalPart
        let record = sharedRecord.record
        sharedRecord = SharedRecord(stored: store.append(RecordCoding.encode(record)), of: record)
        internalStorage = .stored(store.append(RecordCoding.encode(part)))
    }

    /// Location of a key's value, or of the file when the key is absent.
    public func location(of key: String) -> SourceLocation {
        locationIfWritten(of: key) ?? SourceLocation(path: source.displayPath, line: 1, column: 1)
    }

    /// Location of a key's value, nil when the key is absent.
    public func locationIfWritten(of key: String) -> SourceLocation? {
        valueLocations.position(of: key).map { SourceLocation(path: source.displayPath, line: $0.line, column: $0.column) }
    }
}

/// Positions of an entry's top-level values, all in one file. Packed into bytes (a
/// key's number in the register format, then line and column as variable-length
/// numbers): about 4 bytes a key instead of 24, which a national register of a
/// million entries with a dozen keys each holds for the whole build.
struct ValueLocations: Sendable {
    private static let otherKey: UInt8 = .max
    private var packed: [UInt8] = []
    /// Keys outside the register format (unknown keys), in order of their marker.
    private var otherKeys: [String] = []

    init() {}

    /// The lines and columns of `locations`; their path is the entry's own.
    init(_ locations: [String: SourceLocation]) {
        var writer = ByteWriter()
        for (key, location) in locations {
            if let known = RegisterKeys.all.firstIndex(of: key) {
                writer.number(known)
            } else {
                writer.number(Int(Self.otherKey))
                otherKeys.append(key)
            }
            writer.number(location.line)
            writer.number(location.column)
        }
        packed = writer.bytes
    }

    func position(of key: String) -> (line: Int, column: Int)? {
        let known = RegisterKeys.all.firstIndex(of: key)
        var reader = ByteReader(packed)
        var others = 0
        while true {
            let marker = reader.number()
            if reader.ranPastEnd { return nil }
            let line = reader.number(), column = reader.number()
            if marker == Int(Self.otherKey) {
                if known == nil, otherKeys[others] == key { return (line, column) }
                others += 1
            } else if marker == known {
                return (line, column)
            }
        }
    }
}

/// Where an entry came from: the path shown in messages, relative to the site.
public struct SourceFile: Sendable, Hashable {
    public let displayPath: String
    /// The site folder's path with a trailing slash, one string shared by every file
    /// of a register (a national register has a million of them), or the whole
    /// absolute path when it is not that folder plus `displayPath` (a link).
    private let prefix: String
    private let prefixIsWholePath: Bool

    public var absolutePath: String { prefixIsWholePath ? prefix : prefix + displayPath }

    public init(displayPath: String, absolutePath: String) {
        self.displayPath = displayPath
        prefix = absolutePath
        prefixIsWholePath = true
    }

    /// A file at `folder` + `displayPath`; `folder` ends with a slash.
    init(displayPath: String, inFolder folder: String) {
        self.displayPath = displayPath
        prefix = folder
        prefixIsWholePath = false
    }

    public static func == (lhs: SourceFile, rhs: SourceFile) -> Bool {
        lhs.displayPath == rhs.displayPath && lhs.absolutePath == rhs.absolutePath
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(displayPath)
        hasher.combine(absolutePath)
    }
}

/// The internal-only values of an entry.
struct InternalPart: Sendable {
    var consequenceTest: ConsequenceTest?
    var internalNotes: InternalValue?
    var unknownFields: [InternalField] = []
}

private enum InternalStorage: Sendable {
    indirect case kept(InternalPart)
    case stored(StoredBytes)
}

/// One entry's public record, by reference. It holds nothing but the public record
/// (or where its bytes are kept), so a `PublicEntry` built on it still cannot reach
/// anything internal.
final class SharedRecord: Sendable {
    private enum Storage: Sendable {
        indirect case kept(PublicRecord)
        case stored(StoredBytes)
    }

    private let storage: Storage
    /// What lists and counts filter on, kept beside the record (in the object's spare
    /// bytes): a stored record is not decoded to be left out of a category page.
    let letters: Pasal17Letters
    let status: EntryStatus

    convenience init(_ record: PublicRecord) { self.init(.kept(record), of: record) }

    /// `record` moved to the store as `stored`.
    convenience init(stored: StoredBytes, of record: PublicRecord) { self.init(.stored(stored), of: record) }

    private init(_ storage: Storage, of record: PublicRecord) {
        self.storage = storage
        letters = Pasal17Letters(record.pasal17)
        status = record.status
    }

    var record: PublicRecord { withRecord { $0 } }

    func cites(_ letter: Character) -> Bool {
        letters.contains(letter) ?? record.pasal17.contains { $0.letter == letter }
    }

    /// The record lent to `body`: a kept one without a copy (`record` returns one,
    /// which retains each of its strings and arrays, from whichever core asks).
    func withRecord<Result>(_ body: (PublicRecord) throws -> Result) rethrows -> Result {
        switch storage {
        case .kept(let record): try body(record)
        case .stored(let bytes): try body(bytes.decode(RecordCoding.decodeRecord))
        }
    }
}

/// The letters of Pasal 17 an entry cites, a bit each.
struct Pasal17Letters: Sendable {
    /// Bit n: the letter "a" + n. The top bit: a letter outside a–z, which only the
    /// record itself can answer for.
    private let bits: UInt32
    private static let other: UInt32 = 1 << 31

    init(_ references: [Pasal17Ref]) {
        var bits: UInt32 = 0
        for reference in references {
            bits |= Self.bit(reference.letter) ?? Self.other
        }
        self.bits = bits
    }

    private static func bit(_ letter: Character) -> UInt32? {
        guard let ascii = letter.asciiValue, (97...122).contains(ascii) else { return nil }
        return 1 << UInt32(ascii - 97)
    }

    /// Nil when the answer needs the record.
    func contains(_ letter: Character) -> Bool? {
        if let bit = Self.bit(letter), bits & bit != 0 { return true }
        return bits & Self.other != 0 ? nil : false
    }
}

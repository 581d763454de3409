/// A compact byte form of what an entry holds, for `RecordStore`: numbers as
/// variable-length integers, texts as length and UTF-8, optionals behind a flag byte.
/// Only ever read back by the same build that wrote it, so it has no version.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func number(_ value: Int) {
        // Zig-zag, so a negative number stays short.
        var rest = UInt(bitPattern: (value << 1) ^ (value >> (Int.bitWidth - 1)))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func text(_ value: String) {
        number(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout ByteWriter, Value) -> Void) {
        flag(value != nil)
        if let value { write(&self, value) }
    }

    mutating func list<Value>(_ values: [Value], _ write: (inout ByteWriter, Value) -> Void) {
        number(values.count)
        for value in values { write(&self, value) }
    }
}

/// Reads what `ByteWriter` wrote. Bytes that end early read as zeros and empty texts;
/// the store reports such a read as a failure of the build.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0
    private(set) var ranPastEnd = false

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private mutating func byte() -> UInt8 {
        guard offset < bytes.count else {
            ranPastEnd = true
            return 0
        }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func number() -> Int {
        var raw: UInt = 0, shift: UInt = 0
        while shift < UInt(UInt.bitWidth) {
            let next = byte()
            raw |= UInt(next & 0x7F) << shift
            if next < 0x80 { break }
            shift += 7
        }
        return Int(bitPattern: raw >> 1) ^ -Int(bitPattern: raw & 1)
    }

    mutating func flag() -> Bool { byte() != 0 }

    mutating func text() -> String {
        let count = number()
        guard count >= 0, count <= bytes.count - offset else {
            ranPastEnd = true
            offset = bytes.count
            return ""
        }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }

    mutating func optional<Value>(_ read: (inout ByteReader) -> Value) -> Value? {
        flag() ? read(&self) : nil
    }

    mutating func list<Value>(_ read: (inout ByteReader) -> Value) -> [Value] {
        let count = number()
        guard count >= 0, count <= bytes.count - offset else {
            ranPastEnd = true
            return []
        }
        return (0..<count).map { _ in read(&self) }
    }
}

/// The byte forms of a public record and of an entry's internal part.
enum RecordCoding {
    static func encode(_ record: PublicRecord) -> [UInt8] {
        var writer = ByteWriter()
        writer.text(record.id)
        writer.number(EntryStatus.allCases.firstIndex(of: record.status) ?? 0)
        writer.optional(record.informasi) { $0.text($1) }
        writer.list(record.pasal17) { writer, reference in
            writer.text(String(reference.letter))
            writer.optional(reference.angka) { $0.number($1) }
        }
        writer.list(record.dasarHukum) { $0.text($1) }
        writer.text(record.unit)
        writer.optional(record.period) { writer, period in
            switch period {
            case .years(let count, let start):
                writer.number(0)
                writer.number(count)
                writer.optional(start) { $0.date($1) }
            case .until(let date):
                writer.number(1)
                writer.date(date)
            case .event(let event):
                writer.number(2)
                writer.text(event)
            case .consent: writer.number(3)
            case .unlimited: writer.number(4)
            }
        }
        writer.optional(record.konsekuensiDibuka) { $0.text($1) }
        writer.optional(record.pertimbanganDitutup) { $0.text($1) }
        writer.optional(record.sebagian) { $0.flag($1) }
        writer.optional(record.penetapan) { writer, decree in
            writer.optional(decree.nomor) { $0.text($1) }
            writer.optional(decree.tanggal) { $0.date($1) }
            writer.optional(decree.tempat) { $0.text($1) }
            writer.optional(decree.pejabat) { $0.text($1) }
            writer.optional(decree.disetujuiOleh) { $0.text($1) }
        }
        writer.list(record.riwayat) { writer, event in
            writer.optional(event.tanggal) { $0.date($1) }
            writer.optional(event.status) { $0.status($1) }
            writer.optional(event.dasar) { $0.text($1) }
        }
        return writer.bytes
    }

    static func decodeRecord(_ reader: inout ByteReader) -> PublicRecord {
        let id = reader.text()
        let status = reader.status()
        let informasi = reader.optional { $0.text() }
        let pasal17 = reader.list { reader -> Pasal17Ref in
            let letter = reader.text().first ?? "?"
            return Pasal17Ref(letter: letter, angka: reader.optional { $0.number() })
        }
        let dasarHukum = reader.list { $0.text() }
        var record = PublicRecord(id: id, status: status, unit: reader.text())
        record.informasi = informasi
        record.pasal17 = pasal17
        record.dasarHukum = dasarHukum
        record.period = reader.optional { reader -> Period in
            switch reader.number() {
            case 0:
                let count = reader.number()
                return .years(count, start: reader.optional { $0.date() })
            case 1: return .until(reader.date())
            case 2: return .event(reader.text())
            case 3: return .consent
            default: return .unlimited
            }
        }
        record.konsekuensiDibuka = reader.optional { $0.text() }
        record.pertimbanganDitutup = reader.optional { $0.text() }
        record.sebagian = reader.optional { $0.flag() }
        record.penetapan = reader.optional { reader -> Decree in
            var decree = Decree()
            decree.nomor = reader.optional { $0.text() }
            decree.tanggal = reader.optional { $0.date() }
            decree.tempat = reader.optional { $0.text() }
            decree.pejabat = reader.optional { $0.text() }
            decree.disetujuiOleh = reader.optional { $0.text() }
            return decree
        }
        record.riwayat = reader.list { reader -> HistoryEvent in
            var event = HistoryEvent()
            event.tanggal = reader.optional { $0.date() }
            event.status = reader.optional { $0.status() }
            event.dasar = reader.optional { $0.text() }
            return event
        }
        return record
    }

    static func encode(_ part: InternalPart) -> [UInt8] {
        var writer = ByteWriter()
        writer.optional(part.consequenceTest) { writer, test in
            writer.optional(test.nomor) { $0.text($1) }
            writer.optional(test.tanggal) { $0.text($1) }
            writer.list(test.peserta) { $0.text($1) }
            writer.optional(test.analisis) { $0.text($1) }
        }
        writer.optional(part.internalNotes) { $0.value($1) }
        writer.list(part.unknownFields) { $0.field($1) }
        return writer.bytes
    }

    static func decodeInternalPart(_ reader: inout ByteReader) -> InternalPart {
        var part = InternalPart()
        part.consequenceTest = reader.optional { reader -> ConsequenceTest in
            var test = ConsequenceTest()
            test.nomor = reader.optional { $0.text() }
            test.tanggal = reader.optional { $0.text() }
            test.peserta = reader.list { $0.text() }
            test.analisis = reader.optional { $0.text() }
            return test
        }
        part.internalNotes = reader.optional { $0.value(depth: 0) }
        part.unknownFields = reader.list { $0.field(depth: 0) }
        return part
    }
}

private extension ByteWriter {
    mutating func date(_ date: LocalDate) { number(date.dayNumber) }
    mutating func status(_ status: EntryStatus) { number(EntryStatus.allCases.firstIndex(of: status) ?? 0) }

    mutating func value(_ value: InternalValue) {
        switch value {
        case .text(let text):
            number(0)
            self.text(text)
        case .list(let items):
            number(1)
            list(items) { $0.value($1) }
        case .map(let fields):
            number(2)
            list(fields) { $0.field($1) }
        }
    }

    mutating func field(_ field: InternalField) {
        text(field.key)
        value(field.value)
    }
}

private extension ByteReader {
    mutating func date() -> LocalDate { LocalDate(dayNumber: number()) }

    mutating func status() -> EntryStatus {
        let index = number()
        return EntryStatus.allCases.indices.contains(index) ? EntryStatus.allCases[index] : .usulan
    }

    /// Depth is bounded as the YAML guard bounds it on input; past it (bytes that are
    /// not ours), an empty text.
    mutating func value(depth: Int) -> InternalValue {
        guard depth < 256 else {
            ranPastEnd = true
            return .text("")
        }
        switch number() {
        case 0: return .text(text())
        case 1: return .list(list { $0.value(depth: depth + 1) })
        default: return .map(list { $0.field(depth: depth + 1) })
        }
    }

    mutating func field(depth: Int) -> InternalField {
        let key = text()
        return InternalField(key: key, value: value(depth: depth))
    }
}

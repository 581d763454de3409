/// The keys of the register format as the decoder reads them, from `RegisterSchema`.
public enum RegisterKeys {
    public static let publicKeys = RegisterSchema.publicKeys
    public static let internalKeys = RegisterSchema.internalKeys
    public static let all = publicKeys + internalKeys
    static let periodKeys = RegisterSchema.subkeys(of: "jangka_waktu")
    static let periodKinds = periodKeys.filter { $0 != "mulai" }
    static let decreeKeys = RegisterSchema.subkeys(of: "penetapan")
    static let historyKeys = RegisterSchema.subkeys(of: "riwayat")
    static let testKeys = RegisterSchema.subkeys(of: "uji_konsekuensi")

    /// Highest angka per Pasal 17 letter; letters absent here take none.
    public static let angkaLimit: [Character: Int] = ["a": 5, "c": 7, "e": 7, "f": 4, "h": 5]
}

/// Turns one entry file into an `Entry`, collecting every problem rather than
/// stopping at the first.
public enum EntryDecoder {
    public static func decode(_ text: EntryText, source: SourceFile) -> (Entry?, [Diagnostic]) {
        var reader = NodeReader(path: source.displayPath, firstLine: text.yamlFirstLine)
        let root: YAMLNode?
        switch YAMLComposer.compose(text.yaml) {
        case .document(let node):
            root = node
        case .refused(let problems):
            reader.diagnostics += problems.map { $0.error(in: source.displayPath, firstLine: text.yamlFirstLine) }
            return (nil, reader.diagnostics)
        case .failed(let error):
            reader.diagnostics.append(YAMLErrors.diagnostic(for: error, path: source.displayPath,
                                                            firstLine: text.yamlFirstLine, yaml: text.yaml))
            return (nil, reader.diagnostics)
        }
        guard let root, case .mapping = root else {
            reader.error(.frontMatterNotMapping(found: root.map(describeKind) ?? .empty), at: root)
            return (nil, reader.diagnostics)
        }
        let entry = decodeMapping(root, text: text, source: source, reader: &reader)
        reader.diagnostics += placeholders(in: text, path: source.displayPath)
        if text.body.utf8.count > InputLimits.maxBodyBytes {
            reader.diagnostics.append(.error(.bodyTooLarge(bytes: text.body.utf8.count, limit: InputLimits.maxBodyBytes),
                                             at: SourceLocation(path: source.displayPath, line: text.bodyFirstLine,
                                                                column: 1)))
            return (nil, reader.diagnostics)
        }
        return (entry, reader.diagnostics)
    }

    /// Lines `dik new` marked as examples to replace.
    static let placeholderMarker = "# GANTI"

    private static func placeholders(in text: EntryText, path: String) -> [Diagnostic] {
        // The marker is ASCII, so any match has its bytes in a row: a byte search rules
        // out nearly every file before the line-by-line search below.
        guard ByteSearch.contains(placeholderMarker, in: text.yaml) else { return [] }
        var found: [Diagnostic] = []
        for (index, line) in text.yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(placeholderMarker) {
            let key = line.split(separator: ":").first.map { $0.trimmingWhitespace() } ?? ""
            let column = line.prefix { $0 == " " }.count + 1
            found.append(.warning(.placeholderValue(key: key), at: SourceLocation(
                path: path, line: index + text.yamlFirstLine, column: column)))
        }
        return found
    }

    private static func describeKind(_ node: YAMLNode) -> YAMLKind {
        switch node {
        case .scalar: .scalar
        case .sequence: .list
        case .mapping: .empty
        }
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private static func decodeMapping(_ root: YAMLNode, text: EntryText, source: SourceFile,
                                      reader: inout NodeReader) -> Entry? {
        guard let pairs = reader.mapping(root, key: "front matter") else { return nil }
        var values: [String: (keyNode: YAMLNode, value: YAMLNode)] = [:]
        var unknown: [InternalField] = []
        for pair in pairs {
            if RegisterKeys.all.contains(pair.key) {
                if !NodeReader.isNull(pair.value) { values[pair.key] = (pair.keyNode, pair.value) }
            } else {
                reader.warning(.unknownKey(key: pair.key, suggestion: KeySuggestion.closest(to: pair.key,
                                           among: RegisterKeys.all)), at: pair.keyNode)
                unknown.append(InternalField(key: pair.key, value: reader.internalValue(pair.value)))
            }
        }

        let id: String? = values["id"].flatMap { pair in
            guard let value = reader.text(pair.value, key: "id") else { return nil }
            guard isValidId(value) else {
                reader.error(.invalidId(value: value), at: pair.value)
                return nil
            }
            return value
        }
        let status: EntryStatus? = values["status"].flatMap { pair in
            guard let value = reader.text(pair.value, key: "status") else { return nil }
            guard let status = EntryStatus(rawValue: value) else {
                reader.error(.unknownStatus(value: value), at: pair.value)
                return nil
            }
            return status
        }
        let unit = values["unit"].flatMap { reader.text($0.value, key: "unit") }
        let pasal17 = values["pasal17"].flatMap { decodePasal17($0.value, reader: &reader) }

        for key in RegisterSchema.keysNeeded(by: nil) where values[key] == nil {
            reader.error(.missingField(key: key, status: nil), at: nil)
        }
        if let pair = values["pasal17"], pasal17?.isEmpty == true, case .sequence(let seq, _) = pair.value, seq.isEmpty {
            reader.error(.emptyList(key: "pasal17"), at: pair.value)
        }

        var record = PublicRecord(id: id ?? "", status: status ?? .usulan, unit: unit ?? "")
        record.pasal17 = pasal17 ?? []
        record.informasi = values["informasi"].flatMap { reader.text($0.value, key: "informasi") }
        record.dasarHukum = values["dasar_hukum"].flatMap { reader.textList($0.value, key: "dasar_hukum") } ?? []
        record.konsekuensiDibuka = values["konsekuensi_dibuka"].flatMap {
            reader.text($0.value, key: "konsekuensi_dibuka")
        }
        record.pertimbanganDitutup = values["pertimbangan_ditutup"].flatMap {
            reader.text($0.value, key: "pertimbangan_ditutup")
        }
        record.sebagian = values["sebagian"].flatMap { reader.bool($0.value, key: "sebagian") }
        record.period = values["jangka_waktu"].flatMap { decodePeriod($0.value, reader: &reader) }
        record.penetapan = values["penetapan"].flatMap { decodeDecree($0.value, reader: &reader) }
        record.riwayat = values["riwayat"].flatMap { decodeHistory($0.value, reader: &reader) } ?? []

        var entry = Entry(source: source, record: record)
        entry.consequenceTest = values["uji_konsekuensi"].flatMap { decodeTest($0.value, reader: &reader) }
        entry.internalNotes = values["internal"].map { reader.internalValue($0.value) }
        entry.unknownFields = unknown + reader.nestedUnknown
        entry.body = text.body
        entry.bodyLine = text.bodyFirstLine
        entry.valueLocations = ValueLocations(values.mapValues { reader.location(of: $0.value) })

        if let status, let statusNode = values["status"]?.value {
            let always = Set(RegisterSchema.keysNeeded(by: nil))
            let needed = RegisterSchema.keysNeeded(by: status).filter { !always.contains($0) }
            for key in needed where values[key] == nil {
                reader.error(.missingField(key: key, status: status), at: statusNode)
            }
            for key in needed {
                guard let field = RegisterSchema.field(key), !field.neededSubkeys.isEmpty,
                      let map = values[key]?.value, case .mapping = map else { continue }
                for sub in field.neededSubkeys where map.value(forKey: sub).map(NodeReader.isNull) ?? true {
                    reader.error(.missingField(key: "\(key).\(sub)", status: status), at: map)
                }
            }
        }
        if id == nil || status == nil || unit == nil || pasal17 == nil { return nil }
        return entry
    }

    static func isValidId(_ value: String) -> Bool {
        (3...64).contains(value.utf8.count) && value.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 45
        }
    }

    private static func decodePasal17(_ node: YAMLNode, reader: inout NodeReader) -> [Pasal17Ref]? {
        let items: [YAMLNode]
        switch node {
        case .sequence(let sequence, _): items = sequence
        case .scalar: items = [node]
        default:
            reader.error(.wrongType(key: "pasal17", expected: .listOfText), at: node)
            return nil
        }
        var refs: [Pasal17Ref] = []
        var valid = true
        for item in items {
            guard let raw = reader.text(item, key: "pasal17") else { valid = false; continue }
            if let ref = parsePasal17(raw, at: item, reader: &reader) { refs.append(ref) } else { valid = false }
        }
        return valid ? refs : nil
    }

    static func parsePasal17(_ raw: String, at node: YAMLNode, reader: inout NodeReader) -> Pasal17Ref? {
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        // Compared as ASCII bytes: `a` followed by a zero-width joiner or a combining
        // mark is one Character to Swift, and would pass as the letter `a`.
        guard (1...2).contains(parts.count), parts[0].utf8.count == 1, let byte = parts[0].utf8.first,
              (UInt8(ascii: "a")...UInt8(ascii: "j")).contains(byte)
        else {
            reader.error(.invalidPasal17(value: raw), at: node)
            return nil
        }
        let letter = Character(Unicode.Scalar(byte))
        guard parts.count == 2 else { return Pasal17Ref(letter: letter, angka: nil) }
        guard (1...2).contains(parts[1].utf8.count), parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let angka = Int(parts[1]) else {
            reader.error(.invalidPasal17(value: raw), at: node)
            return nil
        }
        guard let maximum = RegisterKeys.angkaLimit[letter] else {
            reader.error(.pasal17AngkaNotAllowed(value: raw, letter: letter), at: node)
            return nil
        }
        guard (1...maximum).contains(angka) else {
            reader.error(.pasal17AngkaOutOfRange(value: raw, letter: letter, maximum: maximum), at: node)
            return nil
        }
        return Pasal17Ref(letter: letter, angka: angka)
    }

    private static func decodePeriod(_ node: YAMLNode, reader: inout NodeReader) -> Period? {
        guard let pairs = reader.mapping(node, key: "jangka_waktu") else { return nil }
        var fields: [String: YAMLNode] = [:]
        for pair in pairs {
            if RegisterKeys.periodKeys.contains(pair.key) {
                fields[pair.key] = pair.value
            } else {
                reader.keepUnknown("jangka_waktu.\(pair.key)", suggestion: KeySuggestion.closest(
                    to: pair.key, among: RegisterKeys.periodKeys).map { "jangka_waktu.\($0)" }, pair: pair)
            }
        }
        let kinds = RegisterKeys.periodKinds.filter { fields[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let value = fields[kind] else {
            reader.error(.periodKindCount(found: kinds), at: node)
            return nil
        }
        if kind != "tahun", let start = fields["mulai"] {
            reader.error(.periodStartWithoutYears, at: start)
        }
        switch kind {
        case "tahun":
            // A whole number too long for Int is still a number of years, and out of range.
            if case .scalar(let scalar) = value, scalar.style == .plain, Int(scalar.string) == nil,
               scalar.string.utf8.count > 1,
               scalar.string.utf8.dropFirst(scalar.string.hasPrefix("-") || scalar.string.hasPrefix("+") ? 1 : 0)
                .allSatisfy({ (0x30...0x39).contains($0) }) {
                reader.error(.periodYearsOutOfRange(value: scalar.string), at: value)
                return nil
            }
            guard let years = reader.integer(value, key: "jangka_waktu.tahun") else { return nil }
            guard (1...100).contains(years) else {
                reader.error(.periodYearsOutOfRange(value: String(years)), at: value)
                return nil
            }
            var start: LocalDate?
            if let startNode = fields["mulai"] {
                guard let date = reader.date(startNode, key: "jangka_waktu.mulai") else { return nil }
                start = date
            }
            return .years(years, start: start)
        case "sampai":
            return reader.date(value, key: "jangka_waktu.sampai").map(Period.until)
        case "peristiwa":
            return reader.text(value, key: "jangka_waktu.peristiwa").map(Period.event)
        default:
            guard reader.bool(value, key: "jangka_waktu.\(kind)") == true else {
                reader.error(.periodFlagNotTrue(key: kind), at: value)
                return nil
            }
            return kind == "persetujuan" ? .consent : .unlimited
        }
    }

    private static func decodeDecree(_ node: YAMLNode, reader: inout NodeReader) -> Decree? {
        guard let pairs = reader.mapping(node, key: "penetapan") else { return nil }
        var decree = Decree()
        for pair in pairs where !NodeReader.isNull(pair.value) {
            let key = "penetapan.\(pair.key)"
            switch pair.key {
            case "nomor": decree.nomor = reader.text(pair.value, key: key)
            case "tanggal": decree.tanggal = reader.date(pair.value, key: key)
            case "tempat": decree.tempat = reader.text(pair.value, key: key)
            case "pejabat": decree.pejabat = reader.text(pair.value, key: key)
            case "disetujui_oleh": decree.disetujuiOleh = reader.text(pair.value, key: key)
            default:
                reader.keepUnknown(key, suggestion: KeySuggestion.closest(
                    to: pair.key, among: RegisterKeys.decreeKeys).map { "penetapan.\($0)" }, pair: pair)
            }
        }
        return decree
    }

    private static func decodeHistory(_ node: YAMLNode, reader: inout NodeReader) -> [HistoryEvent]? {
        guard case .sequence(let sequence, _) = node else {
            reader.error(.wrongType(key: "riwayat", expected: .list), at: node)
            return nil
        }
        var events: [HistoryEvent] = []
        var previous: (date: LocalDate, node: YAMLNode)?
        for item in sequence {
            guard let pairs = reader.mapping(item, key: "riwayat") else { continue }
            var event = HistoryEvent()
            var dateNode: YAMLNode?
            for pair in pairs where !NodeReader.isNull(pair.value) {
                let key = "riwayat.\(pair.key)"
                switch pair.key {
                case "tanggal":
                    event.tanggal = reader.date(pair.value, key: key)
                    dateNode = pair.value
                case "status":
                    guard let raw = reader.text(pair.value, key: key) else { continue }
                    if let status = EntryStatus(rawValue: raw) { event.status = status } else {
                        reader.error(.unknownStatus(value: raw), at: pair.value)
                    }
                case "dasar":
                    event.dasar = reader.text(pair.value, key: key)
                default:
                    reader.keepUnknown(key, suggestion: KeySuggestion.closest(
                        to: pair.key, among: RegisterKeys.historyKeys).map { "riwayat.\($0)" }, pair: pair)
                }
            }
            if let date = event.tanggal, let dateNode {
                if let previous, date < previous.date {
                    reader.error(.riwayatOutOfOrder(date: date.iso, previous: previous.date.iso), at: dateNode)
                }
                previous = (date, dateNode)
            }
            events.append(event)
        }
        return events
    }

    private static func decodeTest(_ node: YAMLNode, reader: inout NodeReader) -> ConsequenceTest? {
        guard let pairs = reader.mapping(node, key: "uji_konsekuensi") else { return nil }
        var test = ConsequenceTest()
        for pair in pairs where !NodeReader.isNull(pair.value) {
            let key = "uji_konsekuensi.\(pair.key)"
            switch pair.key {
            case "nomor": test.nomor = reader.text(pair.value, key: key, limit: nil)
            case "tanggal": test.tanggal = reader.date(pair.value, key: key)?.iso
            case "peserta": test.peserta = reader.textList(pair.value, key: key) ?? []
            case "analisis": test.analisis = reader.text(pair.value, key: key, limit: nil)
            default:
                reader.keepUnknown(key, suggestion: KeySuggestion.closest(
                    to: pair.key, among: RegisterKeys.testKeys).map { "uji_konsekuensi.\($0)" }, pair: pair)
            }
        }
        return test
    }
}

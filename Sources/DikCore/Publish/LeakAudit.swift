/// The last line of defence for the public target: every byte and every file name
/// written there is searched for every internal value. The public renderer cannot
/// see internal data by construction; this audit proves it for each build.
///
/// What counts as a secret: the body (as fragments between Markdown and HTML
/// punctuation, since rendering changes that punctuation; the first
/// `bodyFragmentLimit` of each body, which is enough to catch a body printed where it
/// must not be), every value of `uji_konsekuensi`, `internal` and unknown keys, the
/// `id` and `informasi` of entries the target does not publish, and `url_internal`.
/// Values shorter than six bytes or with fewer than three letters (dates, numbers)
/// are too common to search for, and a value that is itself public (a unit name that
/// also appears in a published field, a template's own text) is not a leak when it
/// appears. Values longer than `PatternMatcher.maximumLength` bytes are searched by
/// their beginning.
///
/// The auditor keeps hashes, not texts (see `PatternMatcher`): a hit names the entry
/// it came from, and the entry's values are read again to confirm the text and name
/// the field, so a report is exact and memory stays small for large registers.
/// Where the auditor's workers write their keys: disjoint ranges of one array.
private struct KeySlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<PatternMatcher.Key>?
}

public struct LeakAuditor: Sendable {
    public struct Secret: Sendable, Hashable {
        public let text: String
        /// Which field it came from, e.g. "DIK-2025-014 uji_konsekuensi" (file path).
        public let origin: String
        public let sourcePath: String
    }

    let matcher: PatternMatcher
    /// Origin numbers index this; one past the end is `url_internal`.
    private let entries: [Entry]
    /// Whether each entry (by index) is published on this target.
    private let published: [Bool]
    private let internalURL: String?

    static let fragmentMinimum = 16
    static let fragmentMaximum = 64
    static let bodyFragmentLimit = 8
    private static let isBreak: [Bool] = (0..<256).map { byte in
        Array("\n*_`[]()<>#|!~&\"'\\{}=".utf8).contains(UInt8(byte))
    }

    public init(site: LoadedSite, publishing register: PublicRegister, knownPublicText: [String]) {
        var bodyKeys = site.bodyAuditKeys
        self.init(site: site, takingBodyKeys: &bodyKeys, publishing: register, knownPublicText: knownPublicText)
    }

    /// Takes the loader's body keys (leaving them empty) instead of copying them: with
    /// the rest of the secrets they become the matcher's one array of keys.
    init(site: LoadedSite, takingBodyKeys bodyKeys: inout BodyAuditKeys, publishing register: PublicRegister,
         knownPublicText: [String]) {
        let entries = site.entries
        let published = Self.publishedFlags(entries, register)
        let internalURL = site.settings.internalBaseURL
        // Only the spans are kept apart from the keys: a second reference to the keys
        // would make the first write below copy all of them (a national register's
        // peak memory, 180 MB at a million entries).
        let spans = bodyKeys.spans.count == entries.count ? bodyKeys.spans : []
        var keys: [PatternMatcher.Key] = []
        if !spans.isEmpty { swap(&keys, &bodyKeys.keys) }
        bodyKeys = BodyAuditKeys()
        // A body the loader did not keep left its keys behind; without them, the body
        // is read again rather than left unsearched.
        let hasBodyKeys = { @Sendable (index: Int) in !spans.isEmpty && entries[index].retainedBody == nil }
        for index in entries.indices where hasBodyKeys(index) {
            for position in spans[index].positions { keys[position].origin = UInt32(index) }
        }

        // The other secrets are counted first and then written straight into their
        // places, so a large register never holds its keys twice over.
        let ranges = ConcurrentMap.chunks(of: entries.count)
        let visit = { @Sendable (index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) in
            let entry = entries[index]
            Self.visitSecrets(of: entry, published: published[index],
                              includingBody: !hasBodyKeys(index)) { bytes, _ in body(bytes) }
        }
        let counts = ConcurrentMap.map(ranges) { range -> Int in
            var count = 0
            for index in range { visit(index) { _ in count += 1 } }
            return count
        }
        let start = keys.count
        keys.reserveCapacity(start + counts.reduce(1, +))
        keys.append(contentsOf: repeatElement(PatternMatcher.Key(prefix: 0, full: 0, origin: 0, length: 0),
                                              count: counts.reduce(0, +)))
        let starts = counts.dropLast().reduce(into: [start]) { starts, count in starts.append(starts[starts.count - 1] + count) }
        keys.withUnsafeMutableBufferPointer { buffer in
            let target = KeySlots(base: buffer.baseAddress)
            _ = ConcurrentMap.map(Array(ranges.indices)) { chunk in
                var position = starts[chunk]
                for index in ranges[chunk] {
                    visit(index) { bytes in
                        target.base?[position] = PatternMatcher.key(bytes, origin: UInt32(index))
                        position += 1
                    }
                }
            }
        }
        if let internalURL {
            Self.visitValue(internalURL, field: .internalURL) { bytes, _ in
                keys.append(PatternMatcher.key(bytes, origin: UInt32(entries.count)))
            }
        }
        var found = PatternMatcher(taking: &keys)
        let alsoPublic = Self.publicMatches(of: found, site: site, register: register,
                                            knownPublicText: knownPublicText)
        if !alsoPublic.isEmpty { found = PatternMatcher(taking: &found, dropping: alsoPublic) }
        matcher = found
        self.entries = entries
        self.published = published
        self.internalURL = internalURL
    }

    /// Which entries the register publishes, by index: a flag each rather than a set
    /// of ids, which a national register held as strings all through its audit. A
    /// register is projected from the entries in their order, so both are walked
    /// side by side; one that is not falls back to comparing ids.
    private static func publishedFlags(_ entries: [Entry], _ register: PublicRegister) -> [Bool] {
        var flags = [Bool](repeating: false, count: entries.count)
        var next = 0
        for publicEntry in register.entries {
            let id = publicEntry.record.id
            while next < entries.count, entries[next].record.id != id { next += 1 }
            guard next < entries.count else {
                let ids = Set(register.entries.map(\.record.id))
                return entries.map { ids.contains($0.record.id) }
            }
            flags[next] = true
            next += 1
        }
        return flags
    }

    /// Keys of values that are public in their own right: not leaks where they appear.
    /// Each public string is searched on its own, so no match spans two of them.
    private static func publicMatches(of trial: PatternMatcher, site: LoadedSite, register: PublicRegister,
                                      knownPublicText: [String]) -> Set<Int> {
        var publicText = knownPublicText + site.settings.publicStrings
        for category in Pasal17Catalogue.all {
            publicText += [category.labelID, category.labelEN, category.explanationID, category.explanationEN]
        }
        let registerEntries = register.entries
        let chunks = Array(stride(from: 0, to: registerEntries.count, by: 512))
        var alsoPublic = Set<Int>()
        for found in ConcurrentMap.map(chunks, { lower -> Set<Int> in
            var found = Set<Int>()
            for entry in registerEntries[lower..<min(lower + 512, registerEntries.count)] {
                for text in Self.publicStrings(entry.record) { Self.search(text, with: trial, into: &found) }
            }
            return found
        }) { alsoPublic.formUnion(found) }
        for text in publicText { Self.search(text, with: trial, into: &alsoPublic) }
        return alsoPublic
    }

    private static func search(_ text: String, with matcher: PatternMatcher, into found: inout Set<Int>) {
        var text = AuditText.isNormal(text) ? text : AuditText.normalize(text)
        text.withUTF8 { bytes in
            var positions: [Int: Int] = [:]
            matcher.matches(in: bytes, into: &positions)
            found.formUnion(positions.keys)
        }
    }

    /// Which field a secret came from.
    enum Field {
        case body, consequenceTest, internalNotes, unknownKey(String), draftId, draftInformasi, internalURL
        case draftField(String)

        func origin(_ id: String) -> String {
            switch self {
            case .body: "\(id) isi (body)"
            case .consequenceTest: "\(id) uji_konsekuensi"
            case .internalNotes: "\(id) internal"
            case .unknownKey(let key): "\(id) \(key) (kunci tak dikenal)"
            case .draftId: "\(id) id (entri tidak publik)"
            case .draftInformasi: "\(id) informasi (entri tidak publik)"
            case .draftField(let key): "\(id) \(key) (entri tidak publik)"
            case .internalURL: "site.yml url_internal"
            }
        }
    }

    /// The body's keys (origin 0), for a loader that does not keep the body.
    static func bodyKeys(_ body: String) -> [PatternMatcher.Key] {
        var keys: [PatternMatcher.Key] = []
        visitBody(body) { bytes, _ in keys.append(PatternMatcher.key(bytes, origin: 0)) }
        return keys
    }

    private static func visitBody(_ body: String, _ visit: (UnsafeBufferPointer<UInt8>, Field) -> Void) {
        var body = body
        body.withUTF8 { bytes in
            var taken = 0
            // Fragments are cut from the text as written (a line break ends one), then
            // each is normalized like the output it is compared with.
            fragments(of: bytes) { fragment in
                guard taken < bodyFragmentLimit, isSearchable(fragment) else { return }
                taken += 1
                normalized(fragment) { visit($0, .body) }
            }
        }
        body.withUTF8 { visitNumbers($0, field: .body, limit: bodyNumberLimit, visit) }
    }

    /// Every searchable secret of one entry, in a fixed order.
    static func visitSecrets(of entry: Entry, published: Bool, includingBody: Bool = true,
                             _ visit: (UnsafeBufferPointer<UInt8>, Field) -> Void) {
        if includingBody { visitBody(entry.body, visit) }
        let part = entry.internalPart
        if let test = part.consequenceTest {
            for value in [test.nomor, test.analisis].compactMap({ $0 }) + test.peserta {
                visitValue(value, field: .consequenceTest, visit)
            }
        }
        for value in part.internalNotes?.strings ?? [] { visitValue(value, field: .internalNotes, visit) }
        for field in part.unknownFields {
            for value in field.value.strings { visitValue(value, field: .unknownKey(field.key), visit) }
        }
        if !published {
            // Every field of an entry the target does not publish is a secret, the ones
            // that would be public once it is decided included.
            let record = entry.record
            visitValue(record.id, field: .draftId, visit)
            if let informasi = record.informasi { visitValue(informasi, field: .draftInformasi, visit) }
            for (key, value) in draftFields(record) { visitValue(value, field: .draftField(key), visit) }
        }
    }

    /// The public fields of a record but `id` and `informasi`, named.
    static func draftFields(_ record: PublicRecord) -> [(String, String)] {
        var fields: [(String, String)] = [("unit", record.unit)]
        fields += record.dasarHukum.map { ("dasar_hukum", $0) }
        if let value = record.konsekuensiDibuka { fields.append(("konsekuensi_dibuka", value)) }
        if let value = record.pertimbanganDitutup { fields.append(("pertimbangan_ditutup", value)) }
        if let decree = record.penetapan {
            fields += [("penetapan.nomor", decree.nomor), ("penetapan.tempat", decree.tempat),
                       ("penetapan.pejabat", decree.pejabat), ("penetapan.disetujui_oleh", decree.disetujuiOleh)]
                .compactMap { key, value in value.map { (key, $0) } }
        }
        fields += record.riwayat.compactMap(\.dasar).map { ("riwayat.dasar", $0) }
        if case .event(let event) = record.period { fields.append(("jangka_waktu.peristiwa", event)) }
        return fields
    }

    /// A value searched whole and by its fragments.
    static func visitValue(_ value: String, field: Field, _ visit: (UnsafeBufferPointer<UInt8>, Field) -> Void) {
        var value = value
        value.withUTF8 { bytes in
            fragments(of: bytes) { fragment in
                if isSearchable(fragment) { normalized(fragment) { visit($0, field) } }
            }
            // A register number's digits are its year and counter, not a secret number.
            if case .draftId = field { return }
            visitNumbers(bytes, field: field, limit: .max, visit)
        }
        var normal = AuditText.isNormal(value) ? value : AuditText.normalize(value)
        normal.withUTF8 { bytes in
            let whole = UnsafeBufferPointer(rebasing: bytes[trimmed(bytes, 0..<bytes.count)])
            if isSearchable(whole) { visit(capped(whole), field) }
        }
    }

    /// A fragment as the audit compares it: normalized, trimmed and capped again.
    private static func normalized(_ fragment: UnsafeBufferPointer<UInt8>,
                                   _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
        if AuditText.isNormal(fragment) { return visit(fragment) }
        var out: [UInt8] = []
        AuditText.normalize(fragment, into: &out)
        out.withUnsafeBufferPointer { buffer in
            let piece = UnsafeBufferPointer(rebasing: buffer[trimmed(buffer, 0..<buffer.count)])
            if isSearchable(piece) { visit(capped(piece)) }
        }
    }

    /// Numbers of at least `numberMinimumDigits` digits: NIK, NIP, telephone and
    /// account numbers have no letters, which every other key needs. `AuditText`
    /// joins a number's groups (`0812-3456-7890` reads `081234567890` on both sides),
    /// so a number is searched by its digits however either side groups them. Dates
    /// are left out: they are written on every public page. `bytes` is the value as
    /// written, so that a date still shows its shape.
    static let numberMinimumDigits = 6
    static let bodyNumberLimit = 16

    static func visitNumbers(_ bytes: UnsafeBufferPointer<UInt8>, field: Field, limit: Int,
                             _ visit: (UnsafeBufferPointer<UInt8>, Field) -> Void) {
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
        @inline(__always) func isSeparator(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x2D || byte == 0x2E || byte == 0x2F
        }
        var index = 0
        var taken = 0
        var digits: [UInt8] = []
        while index < bytes.count, taken < limit {
            guard isDigit(bytes[index]) else { index += 1; continue }
            var groups: [Int] = []
            var groupLength = 0
            digits.removeAll(keepingCapacity: true)
            while index < bytes.count {
                if isDigit(bytes[index]) {
                    digits.append(bytes[index])
                    groupLength += 1
                    index += 1
                } else if isSeparator(bytes[index]), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                    groups.append(groupLength)
                    groupLength = 0
                    index += 1
                } else {
                    break
                }
            }
            groups.append(groupLength)
            guard digits.count >= numberMinimumDigits, !isDateShaped(groups) else { continue }
            taken += 1
            digits.withUnsafeBufferPointer { visit(capped($0), field) }
        }
    }

    /// 2025-04-30, 30-04-2025, 30/4/2025 and the like.
    static func isDateShaped(_ groups: [Int]) -> Bool {
        guard groups.count == 3 else { return false }
        return (groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2) || (groups[0] <= 2 && groups[1] <= 2 && groups[2] == 4)
    }

    /// Pieces between break characters, trimmed, at least `fragmentMinimum` bytes,
    /// cut to `fragmentMaximum` scalars. Break characters are ASCII, so cutting the
    /// UTF-8 bytes at them never splits a scalar.
    static func fragments(of bytes: UnsafeBufferPointer<UInt8>, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        // Read through a local: the static table behind a lazy-initialisation check was
        // asked for on every byte of every body.
        let isBreak = Self.isBreak
        for index in 0...bytes.count where index == bytes.count || isBreak[Int(bytes[index])] {
            let piece = trimmed(bytes, start..<index)
            start = index + 1
            guard piece.count >= fragmentMinimum else { continue }
            var end = piece.lowerBound, scalars = 0
            while end < piece.upperBound {
                if bytes[end] & 0xC0 != 0x80 {
                    if scalars == fragmentMaximum { break }
                    scalars += 1
                }
                end += 1
            }
            visit(capped(UnsafeBufferPointer(rebasing: bytes[trimmed(bytes, piece.lowerBound..<end)])))
        }
    }

    private static func capped(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard bytes.count > PatternMatcher.maximumLength else { return bytes }
        var end = PatternMatcher.maximumLength
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[0..<end])
    }

    /// At least six bytes and three letters.
    static func isSearchable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= PatternMatcher.windows[0] else { return false }
        var letters = 0
        var index = 0
        while index < bytes.count {
            let (scalar, width) = decode(bytes, at: index)
            if scalar.isASCII ? (scalar.value | 0x20 >= 0x61 && scalar.value | 0x20 <= 0x7A)
                : scalar.properties.isAlphabetic {
                letters += 1
                if letters == 3 { return true }
            }
            index += width
        }
        return false
    }

    /// The range without leading and trailing Unicode whitespace.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper {
            let (scalar, width) = decode(bytes, at: lower)
            guard isWhitespace(scalar) else { break }
            lower += width
        }
        while lower < upper {
            var start = upper - 1
            while start > lower, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard isWhitespace(decode(bytes, at: start).scalar) else { break }
            upper = start
        }
        return lower..<upper
    }

    /// Unicode's White_Space, answered for ASCII without the property tables.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// The scalar starting at `index` of valid UTF-8.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, width: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (0xFF >> UInt32(width + 1))
        for offset in 1..<width where index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }

    static func publicStrings(_ record: PublicRecord) -> [String] {
        var values = [record.id, record.unit] + record.dasarHukum
        values += [record.informasi, record.konsekuensiDibuka, record.pertimbanganDitutup].compactMap { $0 }
        if let decree = record.penetapan {
            values += [decree.nomor, decree.tempat, decree.pejabat, decree.disetujuiOleh].compactMap { $0 }
        }
        values += record.riwayat.compactMap(\.dasar)
        if case .event(let event) = record.period { values.append(event) }
        return values
    }

    /// Secrets found in one output file's name or bytes.
    public func leaks(path: String, bytes: [UInt8]) -> [Secret] {
        bytes.withUnsafeBufferPointer { leaks(path: path, content: $0) }
    }

    func leaks(path: String, content raw: UnsafeBufferPointer<UInt8>) -> [Secret] {
        guard !matcher.isEmpty else { return [] }
        var found: [(origin: UInt32, order: Int, secret: Secret)] = []
        var path = AuditText.isNormal(path) ? path : AuditText.normalize(path)
        var normalized: [UInt8] = []
        AuditText.normalize(raw, into: &normalized)
        normalized.withUnsafeBufferPointer { content in
        path.withUTF8 { pathBytes in
            var inPath: [Int: Int] = [:], inContent: [Int: Int] = [:]
            matcher.matches(in: pathBytes, into: &inPath)
            matcher.matches(in: content, into: &inContent)
            var confirmed = Set<Int>()
            for (matches, text) in [(inPath, pathBytes), (inContent, content)] {
                for (index, start) in matches where !confirmed.contains(index) {
                    let key = matcher.keys[index]
                    guard let hit = confirm(key, at: start, in: text) else { continue }
                    confirmed.insert(index)
                    found.append((key.origin, hit.order, hit.secret))
                }
            }
        }
        }
        return found.sorted { ($0.origin, $0.order) < ($1.origin, $1.order) }.map(\.secret)
    }

    /// Reads the origin's values again and returns the first whose text is the key's
    /// and is really at `start`.
    private func confirm(_ key: PatternMatcher.Key, at start: Int,
                         in text: UnsafeBufferPointer<UInt8>) -> (order: Int, secret: Secret)? {
        var result: (order: Int, secret: Secret)?
        var order = 0
        func check(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Field, id: String, path: String) {
            defer { order += 1 }
            guard result == nil, bytes.count == Int(key.length), start + bytes.count <= text.count,
                  bytes.indices.allSatisfy({ PatternMatcher.fold(bytes[$0]) == PatternMatcher.fold(text[start + $0]) })
            else { return }
            result = (order, Secret(text: String(decoding: bytes, as: UTF8.self), origin: field.origin(id),
                                    sourcePath: path))
        }
        let origin = Int(key.origin)
        if origin < entries.count {
            let entry = entries[origin]
            Self.visitSecrets(of: entry, published: published[origin]) { bytes, field in
                check(bytes, field, id: entry.record.id, path: entry.source.displayPath)
            }
        } else if let internalURL {
            Self.visitValue(internalURL, field: .internalURL) { bytes, field in
                check(bytes, field, id: "", path: "site.yml")
            }
        }
        return result
    }
}

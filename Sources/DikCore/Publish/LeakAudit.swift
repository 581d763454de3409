/// The last line of defence for the public target: every byte and every file name
/// written there is searched for every internal value. The public renderer cannot
/// see internal data by construction; this audit proves it for each build.
///
/// What counts as a secret: the body (as fragments between Markdown and HTML
/// punctuation, since rendering changes that punctuation), every value of
/// `uji_konsekuensi`, `internal` and unknown keys, the `id` and `informasi` of
/// entries the target does not publish, and `url_internal`. Values shorter than six
/// bytes or with fewer than three letters (dates, numbers) are too common to search
/// for, and a value that is itself public (a unit name that also appears in a
/// published field, a template's own text) is not a leak when it appears.
public struct LeakAuditor: Sendable {
    public struct Secret: Sendable, Hashable {
        public let text: String
        /// Which field it came from, e.g. "DIK-2025-014 uji_konsekuensi" (file path).
        public let origin: String
        public let sourcePath: String
    }

    let matcher: PatternMatcher
    let secrets: [Secret]

    static let fragmentMinimum = 16
    static let fragmentMaximum = 64
    static let fragmentBreaks: Set<Unicode.Scalar> = [
        "\n", "*", "_", "`", "[", "]", "(", ")", "<", ">", "#", "|", "!", "~", "&", "\"", "'", "\\", "{", "}", "=",
    ]

    public init(site: LoadedSite, publishing register: PublicRegister, knownPublicText: [String]) {
        let published = Set(register.entries.map(\.record.id))
        var candidates: [Secret] = []
        func add(_ text: String, _ origin: String, _ entry: Entry?, whole: Bool = true) {
            let path = entry?.source.displayPath ?? "site.yml"
            if whole { candidates.append(Secret(text: text.trimmingWhitespace(), origin: origin, sourcePath: path)) }
            for fragment in Self.fragments(of: text) {
                candidates.append(Secret(text: fragment, origin: origin, sourcePath: path))
            }
        }
        for entry in site.entries {
            let id = entry.record.id
            add(entry.body, "\(id) isi (body)", entry, whole: false)
            if let test = entry.consequenceTest {
                for value in [test.nomor, test.analisis].compactMap({ $0 }) + test.peserta {
                    add(value, "\(id) uji_konsekuensi", entry)
                }
            }
            for value in entry.internalNotes?.strings ?? [] { add(value, "\(id) internal", entry) }
            for field in entry.unknownFields {
                for value in field.value.strings { add(value, "\(id) \(field.key) (kunci tak dikenal)", entry) }
            }
            if !published.contains(id) {
                add(id, "\(id) id (entri tidak publik)", entry)
                if let informasi = entry.record.informasi { add(informasi, "\(id) informasi (entri tidak publik)", entry) }
            }
        }
        if let internalURL = site.settings.internalBaseURL { add(internalURL, "site.yml url_internal", nil) }

        var seen = Set<String>()
        let searchable = candidates.filter { secret in
            Self.isSearchable(secret.text) && seen.insert(secret.text.lowercased()).inserted
        }
        // Drop values that are public in their own right.
        var publicText = knownPublicText + site.settings.publicStrings
        for entry in register.entries { publicText += Self.publicStrings(entry.record) }
        for category in Pasal17Catalogue.all {
            publicText += [category.labelID, category.labelEN, category.explanationID, category.explanationEN]
        }
        let trial = PatternMatcher(patterns: searchable.map { Array($0.text.utf8) })
        let alsoPublic = trial.matches(in: Array(publicText.joined(separator: "\n\u{0}\n").utf8))
        // `PatternMatcher` keeps patterns in order; map back by folded text.
        let publicFolded = Set(alsoPublic.map { trial.patterns[$0] })
        secrets = searchable.filter { !publicFolded.contains(Array($0.text.utf8).map(PatternMatcher.fold)) }
        matcher = PatternMatcher(patterns: secrets.map { Array($0.text.utf8) })
    }

    static func isSearchable(_ text: String) -> Bool {
        text.utf8.count >= PatternMatcher.windows[0] && text.unicodeScalars.filter(\.properties.isAlphabetic).count >= 3
    }

    static func fragments(of text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            let fragment = String(current).trimmingWhitespace()
            if fragment.utf8.count >= fragmentMinimum {
                result.append(String(fragment.unicodeScalars.prefix(fragmentMaximum)).trimmingWhitespace())
            }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if fragmentBreaks.contains(scalar) { flush() } else { current.append(scalar) }
        }
        flush()
        return result
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
        guard !matcher.isEmpty else { return [] }
        var hits = matcher.matches(in: Array(path.utf8))
        hits.formUnion(matcher.matches(in: bytes))
        return hits.sorted().map { secrets[$0] }
    }
}

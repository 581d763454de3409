/// Interface words and formats for one language, read from the theme's strings file.
public struct Wording: Sendable {
    public let language: String
    public let strings: [String: String]

    /// A key missing from a translation falls back to the Indonesian text, never to
    /// the bare key.
    public init(language: String, templates: TemplateSet) {
        self.language = language
        var table = templates.strings["id"] ?? [:]
        table.merge(templates.strings[language] ?? [:]) { _, translated in translated }
        self.strings = table
    }

    public subscript(key: String) -> String { strings[key] ?? key }

    private static let monthsID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                                   "September", "Oktober", "November", "Desember"]
    private static let monthsEN = ["January", "February", "March", "April", "May", "June", "July", "August",
                                   "September", "October", "November", "December"]

    public func date(_ date: LocalDate?) -> String {
        guard let date else { return "" }
        let months = language == "en" ? Self.monthsEN : Self.monthsID
        // "21 November 2026": written into the string's bytes, like `LocalDate.iso`.
        var month = months[date.month - 1]
        return month.withUTF8 { name in
            let dayDigits = ASCIIDigits.count(date.day), yearDigits = ASCIIDigits.count(date.year)
            let length = dayDigits + 1 + name.count + 1 + yearDigits
            return String(unsafeUninitializedCapacity: length) { bytes in
                ASCIIDigits.write(date.day, width: dayDigits, into: bytes, at: 0)
                bytes[dayDigits] = UInt8(ascii: " ")
                _ = UnsafeMutableBufferPointer(rebasing: bytes[(dayDigits + 1)...]).initialize(from: name)
                bytes[dayDigits + 1 + name.count] = UInt8(ascii: " ")
                ASCIIDigits.write(date.year, width: yearDigits, into: bytes, at: length - yearDigits)
                return length
            }
        }
    }

    /// "Des 2026", "Dec 2026": a month on a chart's axis.
    public func month(_ month: Int, year: Int) -> String {
        let months = language == "en" ? Self.monthsEN : Self.monthsID
        return "\(months[month - 1].prefix(3)) \(year)"
    }

    public func categoryLabel(_ letter: Character) -> String {
        guard let category = Pasal17Catalogue.category(letter) else { return "" }
        return language == "en" ? category.labelEN : category.labelID
    }

    public func categoryExplanation(_ letter: Character) -> String {
        guard let category = Pasal17Catalogue.category(letter) else { return "" }
        return language == "en" ? category.explanationEN : category.explanationID
    }

    public func status(_ status: EntryStatus) -> String { self["status_\(status.rawValue)"] }

    /// A Pasal 17 basis as readers cite it: "huruf h.3", "Art. 17(h.3)".
    public func reference(_ ref: Pasal17Ref) -> String {
        self["pasal17_ref"].replacingPlaceholder("code", with: ref.description)
    }

    /// A category's heading: "Pasal 17 huruf h", "Article 17(h)".
    public func categoryHeading(_ letter: Character) -> String {
        self["pasal17_category"].replacingPlaceholder("letter", with: String(letter))
    }

    /// The period in words, e.g. "5 tahun sejak 30 April 2025".
    public func period(_ record: PublicRecord) -> String {
        guard let period = record.period else { return "" }
        switch period {
        case .years(let count, let start):
            let from = start ?? record.penetapan?.tanggal
            let base = self["period_years"].replacingPlaceholder("n", with: String(count))
            return from.map { base + " " + self["period_since"].replacingPlaceholder("date", with: date($0)) } ?? base
        case .until(let end):
            return self["period_until"].replacingPlaceholder("date", with: date(end))
        case .event(let event):
            return event
        case .consent:
            return self["period_consent"]
        case .unlimited:
            return self["period_unlimited"]
        }
    }

    public func opening(_ opening: Opening) -> String {
        switch opening {
        case .decided(let status, _, let basis):
            let reason = self["opened_\(status.rawValue)"]
            return basis.map { "\(reason): \($0)" } ?? reason
        case .periodEnded(let end):
            return self["opened_period_ended"].replacingPlaceholder("date", with: date(end))
        }
    }
}

extension String {
    /// Replaces `{name}` in interface text. Compares UTF-8 bytes: interface text is
    /// short, and Foundation's `range(of:)` (a CFString search per call) was a
    /// noticeable part of rendering every entry.
    func replacingPlaceholder(_ name: String, with value: String) -> String {
        let token = Array("{\(name)}".utf8)
        var source = self
        return source.withUTF8 { text -> String in
            guard text.count >= token.count else { return self }
            var result: [UInt8] = []
            var copied = 0
            var index = 0
            while index <= text.count - token.count {
                if text[index] == token[0], token.indices.allSatisfy({ text[index + $0] == token[$0] }) {
                    if result.isEmpty { result.reserveCapacity(text.count + value.utf8.count) }
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<index]))
                    result.append(contentsOf: value.utf8)
                    index += token.count
                    copied = index
                } else {
                    index += 1
                }
            }
            guard copied > 0 else { return self }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied...]))
            return String(decoding: result, as: UTF8.self)
        }
    }
}

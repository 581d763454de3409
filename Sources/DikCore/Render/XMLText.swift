/// Text for XML 1.0 documents (the feed and the sitemap): markup characters escaped,
/// and the control characters XML forbids dropped, since a parser refuses the whole
/// file for one of them.
enum XMLText {
    static func escape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&apos;".unicodeScalars)
            case "\t", "\n", "\r": result.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// An RFC 3339 timestamp for a register day: midnight UTC, which is the same day in
    /// every Indonesian time zone.
    static func timestamp(_ date: LocalDate) -> String { "\(date.iso)T00:00:00Z" }
}

/// Text for XML 1.0 documents (the feed and the sitemap): markup characters escaped
/// as for HTML, and the control characters XML forbids dropped, since a parser
/// refuses the whole file for one of them.
enum XMLText {
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return HTMLEscaping.escape(text) }
        var allowed = String.UnicodeScalarView()
        allowed.append(contentsOf: text.unicodeScalars.filter { !isForbidden($0) })
        return HTMLEscaping.escape(String(allowed))
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
            || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    /// An RFC 3339 timestamp for a register day: midnight UTC, which is the same day in
    /// every Indonesian time zone.
    static func timestamp(_ date: LocalDate) -> String { "\(date.iso)T00:00:00Z" }
}

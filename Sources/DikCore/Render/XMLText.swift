/// Text for XML 1.0 documents (the feed and the sitemap): markup characters escaped
/// as for HTML, and the control characters XML forbids dropped, since a parser
/// refuses the whole file for one of them.
enum XMLText {
    static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `escape(text)` appended as bytes. Valid UTF-8 lets this work byte by byte: the
    /// five escaped characters and the forbidden controls are single bytes, and
    /// U+FFFE and U+FFFF are the only scalars encoded as EF BF BE and EF BF BF.
    static func append(_ text: String, to output: inout [UInt8]) {
        text.withUTF8Bytes { append($0, to: &output) }
    }

    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let replacement: StaticString
            var length = 1
            switch byte {
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x26: replacement = "&amp;"
            case 0x22: replacement = "&quot;"
            case 0x27: replacement = "&#39;"
            case 0x09, 0x0A, 0x0D:
                index += 1
                continue
            case ..<0x20: replacement = ""
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF
                && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                replacement = ""
                length = 3
            default:
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start,
                                                          count: replacement.utf8CodeUnitCount))
            index += length
            runStart = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// An RFC 3339 timestamp for a register day: midnight UTC, which is the same day in
    /// every Indonesian time zone.
    static func timestamp(_ date: LocalDate) -> String { "\(date.iso)T00:00:00Z" }
}

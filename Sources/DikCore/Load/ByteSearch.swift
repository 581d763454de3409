/// Whether one run of bytes occurs in another. A search on UTF-8 bytes stands in for
/// a search on text only where the two agree, as each caller says why.
enum ByteSearch {
    static func contains(_ needle: some StringProtocol, in haystack: some StringProtocol) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        let bytes = Array(haystack.utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == first {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}

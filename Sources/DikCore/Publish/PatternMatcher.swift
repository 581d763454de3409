/// Finds many byte patterns in one pass over a text, ignoring ASCII case. Patterns
/// are grouped by length into a few windows; a rolling hash per window and a bitset
/// filter keep the per-byte cost to a handful of multiplications, however many
/// patterns there are. Candidates are verified byte by byte, so there are no false
/// positives.
struct PatternMatcher: Sendable {
    static let windows = [6, 10, 16, 32]
    private static let base: UInt64 = 1_099_511_628_211
    private static let filterBits = 1 << 22

    let patterns: [[UInt8]]
    private let tables: [[UInt64: [Int32]]]
    private let filters: [[UInt64]]
    private let highPowers: [UInt64]

    init(patterns rawPatterns: [[UInt8]]) {
        // Patterns shorter than the smallest window are kept (indices stay aligned with
        // the caller's list) but never match.
        patterns = rawPatterns.map { $0.map(Self.fold) }
        var tables = Array(repeating: [UInt64: [Int32]](), count: Self.windows.count)
        var filters = Array(repeating: [UInt64](repeating: 0, count: Self.filterBits / 64), count: Self.windows.count)
        for (index, pattern) in patterns.enumerated() {
            guard let window = Self.windows.lastIndex(where: { $0 <= pattern.count }) else { continue }
            let hash = Self.hash(pattern[0..<Self.windows[window]])
            tables[window][hash, default: []].append(Int32(index))
            let bit = Int(hash % UInt64(Self.filterBits))
            filters[window][bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.tables = tables
        self.filters = filters
        highPowers = Self.windows.map { length in
            var power: UInt64 = 1
            for _ in 0..<(length - 1) { power &*= Self.base }
            return power
        }
    }

    var isEmpty: Bool { patterns.isEmpty }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte | 0x20 : byte
    }

    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0
        for byte in bytes { hash = hash &* base &+ UInt64(fold(byte)) }
        return hash
    }

    /// Indices of every pattern that occurs in `text`.
    func matches(in text: UnsafeBufferPointer<UInt8>) -> Set<Int> {
        var found = Set<Int>()
        guard !patterns.isEmpty else { return found }
        for window in Self.windows.indices where !tables[window].isEmpty {
            let length = Self.windows[window]
            guard text.count >= length else { continue }
            let table = tables[window]
            let highPower = highPowers[window]
            var hash: UInt64 = 0
            for index in 0..<length { hash = hash &* Self.base &+ UInt64(Self.fold(text[index])) }
            var start = 0
            while true {
                let bit = Int(hash % UInt64(Self.filterBits))
                if filters[window][bit >> 6] & (1 << UInt64(bit & 63)) != 0, let candidates = table[hash] {
                    for candidate in candidates where !found.contains(Int(candidate)) {
                        if verify(patterns[Int(candidate)], in: text, at: start) { found.insert(Int(candidate)) }
                    }
                }
                let next = start + length
                if next >= text.count { break }
                hash = (hash &- UInt64(Self.fold(text[start])) &* highPower) &* Self.base
                    &+ UInt64(Self.fold(text[next]))
                start += 1
            }
        }
        return found
    }

    func matches(in bytes: [UInt8]) -> Set<Int> {
        bytes.withUnsafeBufferPointer { matches(in: $0) }
    }

    private func verify(_ pattern: [UInt8], in text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + pattern.count <= text.count else { return false }
        for offset in 0..<pattern.count where Self.fold(text[start + offset]) != pattern[offset] { return false }
        return true
    }
}

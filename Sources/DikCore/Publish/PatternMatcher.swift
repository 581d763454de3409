/// Finds many byte patterns in one pass over a text, ignoring ASCII case, while
/// holding no pattern text: each pattern is kept as a hash of its first bytes (its
/// window), a hash of all its bytes, its length and an origin number. One pass over
/// the text keeps a rolling hash per window; a bitset filter sized to the pattern
/// count rejects almost every position with a multiplication and one load, and a
/// candidate is confirmed by hashing the whole span. The caller confirms a reported
/// origin against the real text (`LeakAuditor`), so a hash collision cannot turn
/// into a false report.
struct PatternMatcher: Sendable {
    /// Patterns shorter than 16 bytes are found by their first 6 bytes, longer ones
    /// by their first 16.
    static let windows = [6, 16]
    static let maximumLength = 1024
    private static let base: UInt64 = 1_099_511_628_211
    private static let mixer: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Sixteen bytes: a national register's audit holds about eighteen keys for each
    /// of a million entries. Halves of the hashes are enough, since a reported origin
    /// is confirmed against the real text.
    struct Key: Sendable, Comparable {
        /// The high half of the window's rolling hash.
        var prefix: UInt32
        var full: UInt32
        var origin: UInt32
        var length: UInt16

        /// Which of `windows` finds it: the long one when the pattern is that long.
        var window: Int { Int(length) >= PatternMatcher.windows[1] ? 1 : 0 }

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.window, lhs.prefix, lhs.full, lhs.length, lhs.origin)
                < (rhs.window, rhs.prefix, rhs.full, rhs.length, rhs.origin)
        }

        func sameText(_ other: Key) -> Bool {
            prefix == other.prefix && full == other.full && length == other.length
        }
    }

    /// Sorted by window then prefix hash; one key per distinct text.
    private(set) var keys: [Key]
    private let ranges: [Range<Int>]
    private let filters: [[UInt64]]
    private let filterShift: UInt64
    private let highPowers: [UInt64]

    /// `keys` in any order; equal texts keep the smallest origin. Sorted and
    /// deduplicated in place (the caller's array is taken, not copied).
    init(taking source: inout [Key]) {
        var keys: [Key] = []
        swap(&keys, &source)
        keys.withUnsafeMutableBufferPointer { InPlaceSort.sort($0) }
        var write = 0
        for read in keys.indices where write == 0 || !keys[read].sameText(keys[write - 1]) {
            keys[write] = keys[read]
            write += 1
        }
        keys.removeLast(keys.count - write)
        self.keys = keys
        ranges = Self.windows.indices.map { window in
            let lower = keys.firstIndex { Int($0.window) >= window } ?? keys.count
            let upper = keys.firstIndex { Int($0.window) > window } ?? keys.count
            return lower..<upper
        }
        // About 16 bits per pattern keeps false candidates rare; at least 2^16 bits.
        var bits = 16
        while (1 << bits) < keys.count * 16 { bits += 1 }
        filterShift = UInt64(64 - bits)
        var filters = Array(repeating: [UInt64](repeating: 0, count: (1 << bits) / 64), count: Self.windows.count)
        for key in keys {
            let bit = Int((UInt64(key.prefix) &* Self.mixer) >> UInt64(64 - bits))
            filters[key.window][bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filters = filters
        highPowers = Self.windows.map { length in
            var power: UInt64 = 1
            for _ in 0..<(length - 1) { power &*= Self.base }
            return power
        }
    }

    /// The matcher without some of its keys (indices into `keys`), built from the
    /// other's keys in place: it is left empty.
    init(taking other: inout PatternMatcher, dropping dropped: Set<Int>) {
        var keys: [Key] = []
        swap(&keys, &other.keys)
        other = PatternMatcher(taking: &other.keys)
        var write = 0
        for read in keys.indices where !dropped.contains(read) {
            keys[write] = keys[read]
            write += 1
        }
        keys.removeLast(keys.count - write)
        self.init(taking: &keys)
    }

    var isEmpty: Bool { keys.isEmpty }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte | 0x20 : byte
    }

    static func prefixHash(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> UInt64 {
        var hash: UInt64 = 0
        for index in 0..<count { hash = hash &* base &+ UInt64(fold(bytes[index])) }
        return hash
    }

    /// FNV-1a over the folded bytes: independent of the rolling prefix hash.
    static func fullHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(fold(byte))) &* 0x100_0000_01B3 }
        return hash
    }

    /// The key of one pattern (at least `windows[0]` bytes, at most `maximumLength`).
    static func key(_ bytes: UnsafeBufferPointer<UInt8>, origin: UInt32) -> Key {
        let window = bytes.count >= windows[1] ? 1 : 0
        return Key(prefix: high(prefixHash(bytes, count: windows[window])), full: low(fullHash(bytes)),
                   origin: origin, length: UInt16(bytes.count))
    }

    @inline(__always) static func high(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }
    @inline(__always) static func low(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash) }

    /// Every pattern that occurs in `text`: index into `keys` -> start of its first match.
    func matches(in text: UnsafeBufferPointer<UInt8>, into found: inout [Int: Int]) {
        guard !keys.isEmpty, text.count >= Self.windows[0] else { return }
        let short = Self.windows[0], long = Self.windows[1]
        let shortPower = highPowers[0], longPower = highPowers[1]
        let useShort = !ranges[0].isEmpty, useLong = !ranges[1].isEmpty
        var shortHash: UInt64 = 0, longHash: UInt64 = 0
        filters[0].withUnsafeBufferPointer { shortFilter in
            filters[1].withUnsafeBufferPointer { longFilter in
                for end in 0..<text.count {
                    let incoming = UInt64(Self.fold(text[end]))
                    if end >= short { shortHash &-= UInt64(Self.fold(text[end - short])) &* shortPower }
                    shortHash = shortHash &* Self.base &+ incoming
                    if end >= long { longHash &-= UInt64(Self.fold(text[end - long])) &* longPower }
                    longHash = longHash &* Self.base &+ incoming
                    if useShort, end >= short - 1 {
                        let bit = Int((UInt64(Self.high(shortHash)) &* Self.mixer) >> filterShift)
                        if shortFilter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 {
                            confirm(shortHash, window: 0, start: end + 1 - short, in: text, into: &found)
                        }
                    }
                    if useLong, end >= long - 1 {
                        let bit = Int((UInt64(Self.high(longHash)) &* Self.mixer) >> filterShift)
                        if longFilter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 {
                            confirm(longHash, window: 1, start: end + 1 - long, in: text, into: &found)
                        }
                    }
                }
            }
        }
    }

    private func confirm(_ hash: UInt64, window: Int, start: Int, in text: UnsafeBufferPointer<UInt8>,
                         into found: inout [Int: Int]) {
        let prefix = Self.high(hash)
        let range = ranges[window]
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper {
            let middle = (lower + upper) / 2
            if keys[middle].prefix < prefix { lower = middle + 1 } else { upper = middle }
        }
        var index = lower
        while index < range.upperBound, keys[index].prefix == prefix {
            let key = keys[index]
            let end = start + Int(key.length)
            if end <= text.count, found[index] == nil,
               Self.low(Self.fullHash(UnsafeBufferPointer(rebasing: text[start..<end]))) == key.full {
                found[index] = start
            }
            index += 1
        }
    }
}

/// An unstable sort that needs no second buffer: the standard sort is stable and
/// borrows half the array's size, which for a national register's audit keys was a
/// few hundred megabytes at the build's peak. Keys are in a total order (the origin
/// decides ties), so stability would change nothing.
enum InPlaceSort {
    static func sort<Element: Comparable>(_ items: UnsafeMutableBufferPointer<Element>) {
        var lower = 0, upper = items.count
        // Recurse into the smaller side, loop on the larger: the stack stays shallow.
        while upper - lower > 16 {
            let pivotIndex = medianOfThree(items, lower, lower + (upper - lower) / 2, upper - 1)
            items.swapAt(pivotIndex, upper - 1)
            let pivot = items[upper - 1]
            var store = lower
            for index in lower..<(upper - 1) where items[index] < pivot {
                items.swapAt(index, store)
                store += 1
            }
            items.swapAt(store, upper - 1)
            if store - lower < upper - store - 1 {
                sort(UnsafeMutableBufferPointer(rebasing: items[lower..<store]))
                lower = store + 1
            } else {
                sort(UnsafeMutableBufferPointer(rebasing: items[(store + 1)..<upper]))
                upper = store
            }
        }
        if upper - lower > 1 {
            for index in (lower + 1)..<upper {
                var position = index
                while position > lower, items[position] < items[position - 1] {
                    items.swapAt(position, position - 1)
                    position -= 1
                }
            }
        }
    }

    private static func medianOfThree<Element: Comparable>(_ items: UnsafeMutableBufferPointer<Element>,
                                                          _ a: Int, _ b: Int, _ c: Int) -> Int {
        let (x, y, z) = (items[a], items[b], items[c])
        if x < y { return y < z ? b : (x < z ? c : a) }
        return x < z ? a : (y < z ? c : b)
    }
}

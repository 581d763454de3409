/// Finds many byte patterns in one pass over a text, ignoring ASCII case, while
/// holding no pattern text: each pattern is kept as a hash of its first bytes (its
/// window), a hash of all its bytes, its length and an origin number. The pass folds
/// the text's case a word at a time into a small buffer, then at each position looks up
/// the next four bytes, hashed to 16 bits, in an 8 KiB bitset of the patterns' leads
/// (most positions start no pattern and stop there); the others hash the next 6 (or 16)
/// bytes, read as whole words, with two multiplications; a bitset filter sized to the
/// pattern count rejects almost every one of them, and a candidate is confirmed by
/// hashing the whole span. The caller confirms a reported origin against the real
/// text (`LeakAuditor`), so a hash collision cannot turn into a false report.
struct PatternMatcher: Sendable {
    /// Patterns shorter than 16 bytes are found by their first 6 bytes, longer ones
    /// by their first 16.
    static let windows = [6, 16]
    static let maximumLength = 1024

    /// Sixteen bytes: a national register's audit holds about eighteen keys for each
    /// of a million entries. Halves of the hashes are enough, since a reported origin
    /// is confirmed against the real text.
    struct Key: Sendable, Comparable {
        /// The high half of the window's hash.
        var prefix: UInt32
        var full: UInt32
        var origin: UInt32
        var length: UInt16
        /// `leadHash` of the pattern's first four bytes, case folded (in what was the
        /// key's padding): positions of the text whose next four bytes start no
        /// pattern are passed over without hashing further.
        var lead: UInt16 = 0

        /// Which of `windows` finds it: the long one when the pattern is that long.
        var window: Int { Int(length) >= PatternMatcher.windows[1] ? 1 : 0 }

        /// Within a window and prefix, by length: a candidate's text is hashed once,
        /// growing from one length to the next (see `confirm`).
        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.window, lhs.prefix, lhs.length, lhs.full, lhs.origin)
                < (rhs.window, rhs.prefix, rhs.length, rhs.full, rhs.origin)
        }

        func sameText(_ other: Key) -> Bool {
            prefix == other.prefix && full == other.full && length == other.length
        }
    }

    /// Sorted by window then prefix hash; one key per distinct text.
    private(set) var keys: [Key]
    private let ranges: [Range<Int>]
    private let filters: [[UInt64]]
    private let filterShifts: [UInt32]
    /// One bit per lead hash (8 KiB, so it stays in the nearest cache): set when a
    /// key of either window starts with it.
    private let leads: [UInt64]

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
        let ranges = Self.windows.indices.map { window in
            let lower = keys.firstIndex { Int($0.window) >= window } ?? keys.count
            let upper = keys.firstIndex { Int($0.window) > window } ?? keys.count
            return lower..<upper
        }
        self.ranges = ranges
        // About 16 bits per pattern of the window, two of them set per pattern, keep
        // false candidates rare; at least 2^16 bits, and at most 2^32, so that both bits
        // come from a pattern's prefix hash. Sized per window: nearly every key of a
        // register is long, and a short filter as large as the long one cost a national
        // register 64 MiB.
        filterShifts = ranges.map { range in
            var bits = 16
            while bits < 32, (1 << bits) < range.count * 16 { bits += 1 }
            return UInt32(32 - bits)
        }
        var filters = filterShifts.map { [UInt64](repeating: 0, count: (1 << (32 - $0)) / 64) }
        for key in keys {
            let (first, second) = Self.filterBits(key.prefix, shift: filterShifts[key.window])
            filters[key.window][first >> 6] |= 1 << UInt64(first & 63)
            filters[key.window][second >> 6] |= 1 << UInt64(second & 63)
        }
        self.filters = filters
        var leads = [UInt64](repeating: 0, count: (1 << 16) / 64)
        for key in keys { leads[Int(key.lead) >> 6] |= 1 << UInt64(key.lead & 63) }
        self.leads = leads
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

    /// `fold` on each of a word's eight bytes at once: ASCII capitals get their 0x20
    /// bit; other bytes, those above 0x7F included, stay as they are.
    @inline(__always) static func fold(word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = word & (0x7F &* ones)
        let fromA = low &+ (0x3F &* ones) // high bit set where the byte is at least "A"
        let pastZ = low &+ (0x25 &* ones) // high bit set where the byte is past "Z"
        let capitals = fromA & ~pastZ & ~word & (0x80 &* ones)
        return word | (capitals >> 2)
    }

    private static let shortMask: UInt64 = 0xFFFF_FFFF_FFFF

    /// The window hashes of folded bytes read as little-endian words: the first six
    /// bytes, or the first sixteen as two words.
    @inline(__always) static func shortHash(_ word: UInt64) -> UInt64 { mix(word & shortMask) }
    @inline(__always) static func longHash(_ first: UInt64, _ second: UInt64) -> UInt64 {
        mix(first &+ second &* 0xC2B2_AE3D_27D4_EB4F)
    }
    @inline(__always) private static func mix(_ value: UInt64) -> UInt64 {
        let spread = value &* 0x9E37_79B9_7F4A_7C15
        return (spread ^ (spread &>> 32)) &* 0xD6E8_FEB8_6659_FD93
    }

    /// A prefix's two filter bits: its top bits, and the top bits of it scrambled by
    /// an odd multiplier (a one-to-one map that moves every bit into the top ones).
    /// With one bit per pattern, one position in sixteen went on to `confirm`.
    @inline(__always) private static func filterBits(_ prefix: UInt32, shift: UInt32) -> (Int, Int) {
        (Int(prefix &>> shift), Int((prefix &* 0x9E37_79B1) &>> shift))
    }

    @inline(__always) private static func passes(_ prefix: UInt32, _ filter: UnsafeBufferPointer<UInt64>,
                                                 shift: UInt32) -> Bool {
        let (first, second) = filterBits(prefix, shift: shift)
        return filter[first &>> 6] & (1 &<< UInt64(first & 63)) != 0
            && filter[second &>> 6] & (1 &<< UInt64(second & 63)) != 0
    }

    /// FNV-1a over the folded bytes: independent of the window hashes. `confirm`
    /// grows it a byte at a time, from `fullHashStart`.
    static let fullHashStart: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always) static func fullHash(_ hash: UInt64, adding byte: UInt8) -> UInt64 {
        (hash ^ UInt64(fold(byte))) &* 0x100_0000_01B3
    }

    static func fullHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        bytes.reduce(fullHashStart, fullHash)
    }

    /// The key of one pattern (at least `windows[0]` bytes, at most `maximumLength`).
    static func key(_ bytes: UnsafeBufferPointer<UInt8>, origin: UInt32) -> Key {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            for index in 0..<min(bytes.count, windows[1]) { raw[index] = fold(bytes[index]) }
        }
        let (first, second) = (UInt64(littleEndian: words.0), UInt64(littleEndian: words.1))
        let hash = bytes.count >= windows[1] ? longHash(first, second) : shortHash(first)
        return Key(prefix: high(hash), full: low(fullHash(bytes)), origin: origin, length: UInt16(bytes.count),
                   lead: leadHash(first))
    }

    /// The first four bytes of a folded word, to 16 bits: the top half of their product
    /// with an odd constant, which every one of the 32 bits reaches.
    @inline(__always) static func leadHash(_ word: UInt64) -> UInt16 {
        UInt16(truncatingIfNeeded: (UInt32(truncatingIfNeeded: word) &* 0x9E37_79B1) &>> 16)
    }

    @inline(__always) static func high(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }
    @inline(__always) static func low(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash) }

    /// Positions examined per folded block; a block holds 15 more bytes, for the
    /// windows that start near its end, and 16 zero bytes after, so that every word
    /// read stays inside it.
    private static let blockPositions = 16 * 1024

    /// Every pattern that occurs in `text`: index into `keys` -> start of its first match.
    func matches(in text: UnsafeBufferPointer<UInt8>, into found: inout [Int: Int]) {
        let short = Self.windows[0], long = Self.windows[1]
        guard !keys.isEmpty, let textStart = text.baseAddress, text.count >= short else { return }
        let useShort = !ranges[0].isEmpty, useLong = !ranges[1].isEmpty
        let shortShift = filterShifts[0], longShift = filterShifts[1]
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.blockPositions + long + 16) { scratch in
            guard let folded = scratch.baseAddress else { return }
            let raw = UnsafeRawPointer(folded)
            filters[0].withUnsafeBufferPointer { shortFilter in
                filters[1].withUnsafeBufferPointer { longFilter in
                    leads.withUnsafeBufferPointer { leads in
                        var blockStart = 0
                        while blockStart <= text.count - short {
                            let positions = min(Self.blockPositions, text.count - short + 1 - blockStart)
                            let byteCount = min(positions + long - 1, text.count - blockStart)
                            Self.foldCopy(from: textStart + blockStart, count: byteCount, to: folded)
                            (folded + byteCount).initialize(repeating: 0, count: 16)
                            // Windows of 16 bytes fit up to here.
                            let longPositions = max(0, min(positions, text.count - long + 1 - blockStart))
                            for offset in 0..<positions {
                                let first = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset,
                                                                                   as: UInt64.self))
                                let lead = Int(Self.leadHash(first))
                                guard leads[lead &>> 6] & (1 &<< UInt64(lead & 63)) != 0 else { continue }
                                if useShort {
                                    let prefix = Self.high(Self.shortHash(first))
                                    if Self.passes(prefix, shortFilter, shift: shortShift) {
                                        confirm(prefix, window: 0, start: blockStart + offset, in: text,
                                                into: &found)
                                    }
                                }
                                if useLong, offset < longPositions {
                                    let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8,
                                                                                        as: UInt64.self))
                                    let prefix = Self.high(Self.longHash(first, second))
                                    if Self.passes(prefix, longFilter, shift: longShift) {
                                        confirm(prefix, window: 1, start: blockStart + offset, in: text,
                                                into: &found)
                                    }
                                }
                            }
                            blockStart += positions
                        }
                    }
                }
            }
        }
    }

    /// `count` bytes of text, case folded, a word at a time.
    private static func foldCopy(from source: UnsafePointer<UInt8>, count: Int, to target: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        var index = 0
        while index + 8 <= count {
            to.storeBytes(of: fold(word: from.loadUnaligned(fromByteOffset: index, as: UInt64.self)),
                          toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            target[index] = fold(source[index])
            index += 1
        }
    }

    /// Checks every key with this prefix against the text at `start`. Registers repeat
    /// their phrasing, so thousands of keys may share a prefix: the text is hashed once
    /// for all of them, growing to each length in turn, and each length's key is found
    /// by binary search, not by hashing the text again for every key.
    private func confirm(_ prefix: UInt32, window: Int, start: Int, in text: UnsafeBufferPointer<UInt8>,
                         into found: inout [Int: Int]) {
        let range = ranges[window]
        var index = firstKey(from: range, prefix: prefix, length: 0, full: 0)
        var hash = Self.fullHashStart
        var hashed = start
        while index < range.upperBound, keys[index].prefix == prefix {
            let length = keys[index].length
            let end = start + Int(length)
            guard end <= text.count else { return }
            while hashed < end {
                hash = Self.fullHash(hash, adding: text[hashed])
                hashed += 1
            }
            let full = Self.low(hash)
            let match = nextKey(from: index..<range.upperBound, prefix: prefix, length: length, full: full)
            if match < range.upperBound, keys[match].sameText(Key(prefix: prefix, full: full, origin: 0, length: length)),
               found[match] == nil, !Self.cutsANumber(text, start, end) {
                found[match] = start
            }
            index = nextKey(from: index..<range.upperBound, prefix: prefix, length: length + 1, full: 0)
        }
    }

    /// A match that starts or ends with a digit counts only where the number ends too:
    /// `2026010` inside `20260105` (a date, its groups joined) is not that number.
    @inline(__always)
    static func cutsANumber(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        (text[start] &- 0x30 < 10 && start > 0 && text[start - 1] &- 0x30 < 10)
            || (text[end - 1] &- 0x30 < 10 && end < text.count && text[end] &- 0x30 < 10)
    }

    /// `firstKey` for a key that is usually at or just after the start of `range`: it
    /// probes 1, 2, 4, ... keys ahead before searching, so a small group of keys costs a
    /// few neighbouring reads instead of a search across a national register's keys.
    private func nextKey(from range: Range<Int>, prefix: UInt32, length: UInt16, full: UInt32) -> Int {
        var passed = range.lowerBound - 1
        var step = 1
        var probe = range.lowerBound
        while probe < range.upperBound {
            let key = keys[probe]
            guard (key.prefix, key.length, key.full) < (prefix, length, full) else { break }
            passed = probe
            probe = range.lowerBound + step
            step *= 2
        }
        return firstKey(from: (passed + 1)..<min(probe, range.upperBound), prefix: prefix, length: length,
                        full: full)
    }

    /// The first key in `range` at or after (prefix, length, full) in the keys' order.
    private func firstKey(from range: Range<Int>, prefix: UInt32, length: UInt16, full: UInt32) -> Int {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper {
            let middle = (lower + upper) / 2
            let key = keys[middle]
            if (key.prefix, key.length, key.full) < (prefix, length, full) { lower = middle + 1 } else { upper = middle }
        }
        return lower
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

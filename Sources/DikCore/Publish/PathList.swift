/// The paths a target wrote, kept as one run of bytes rather than a `String` each: a
/// national register writes millions of files, and a string per path (plus the array
/// slot) cost about 100 bytes where the path itself is about 35.
struct PathList: Sendable {
    private var bytes: [UInt8] = []
    /// Where each path ends in `bytes`; it starts where the one before ended.
    private var ends: [UInt32] = []
    /// Whether every path is ASCII, where byte order is `String` order.
    private var allASCII = true

    var count: Int { ends.count }

    mutating func append(_ path: String) {
        for byte in path.utf8 {
            if byte >= 0x80 { allASCII = false }
            bytes.append(byte)
        }
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }

    private func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }

    /// Each path in `String` order, made one at a time.
    func forEachSorted(_ body: (String) throws -> Void) rethrows {
        var order = Array(0..<count)
        if allASCII {
            bytes.withUnsafeBufferPointer { all in
                order.sort { left, right in
                    all[range(left)].lexicographicallyPrecedes(all[range(right)])
                }
            }
            for index in order { try body(path(index)) }
        } else {
            // Byte order is code point order, which is not `String` order for every
            // text that is not NFC; rare enough to pay for strings.
            for path in order.map(path).sorted() { try body(path) }
        }
    }

    func sorted() -> [String] {
        var paths: [String] = []
        paths.reserveCapacity(count)
        forEachSorted { paths.append($0) }
        return paths
    }

    private func path(_ index: Int) -> String {
        String(decoding: bytes[range(index)], as: UTF8.self)
    }
}

/// The paths a target wrote, kept as one run of bytes rather than a `String` each: a
/// national register writes millions of files, and a string per path (plus the array
/// slot) cost about 100 bytes where the path itself is about 35.
struct PathList: Sendable {
    /// Blocks of a fixed size rather than one growing array, whose doubling left up
    /// to half of it unused and copied it all at each step.
    private static let blockSize = 1 << 20
    private var blocks: [[UInt8]] = []
    /// Where each path starts (block and offset, packed) and how long it is.
    private var starts: [UInt32] = []
    private var lengths: [UInt16] = []
    /// Whether every path is ASCII, where byte order is `String` order.
    private var allASCII = true

    var count: Int { starts.count }

    mutating func append(_ path: String) {
        let utf8 = Array(path.utf8.prefix(Int(UInt16.max)))
        if utf8.contains(where: { $0 >= 0x80 }) { allASCII = false }
        if blocks.isEmpty || blocks[blocks.count - 1].count + utf8.count > Self.blockSize {
            blocks.append([])
            blocks[blocks.count - 1].reserveCapacity(max(Self.blockSize, utf8.count))
        }
        let block = blocks.count - 1
        starts.append(UInt32(block) << 20 | UInt32(blocks[block].count))
        lengths.append(UInt16(utf8.count))
        blocks[block] += utf8
    }

    private func bytes(_ index: Int) -> ArraySlice<UInt8> {
        let block = Int(starts[index] >> 20), offset = Int(starts[index] & 0xF_FFFF)
        return blocks[block][offset..<offset + Int(lengths[index])]
    }

    /// The paths in `String` order, sorted once and read as often as needed.
    func inOrder() -> SortedPaths {
        var order = Array(0..<count)
        if allASCII {
            order.sort { bytes($0).lexicographicallyPrecedes(bytes($1)) }
        } else {
            // Byte order is code point order, which is not `String` order for every
            // text that is not NFC; rare enough to pay for strings.
            let strings = order.map(path)
            order.sort { strings[$0] < strings[$1] }
        }
        return SortedPaths(list: self, order: order)
    }

    func sorted() -> [String] {
        let sorted = inOrder()
        return (0..<sorted.count).map { sorted[$0] }
    }

    struct SortedPaths {
        fileprivate let list: PathList
        fileprivate let order: [Int]

        var count: Int { order.count }
        subscript(position: Int) -> String { list.path(order[position]) }
    }

    fileprivate func path(_ index: Int) -> String {
        String(decoding: bytes(index), as: UTF8.self)
    }
}

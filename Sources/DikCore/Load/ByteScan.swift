/// What an entry file's bytes need checked before they are split, found eight bytes
/// at a time: most of a file is ASCII, and a byte at a time (three passes, then
/// the standard library's validation, which also made a copy as a String) was a
/// few percent of a build.
enum ByteScan {
    struct Survey: Equatable {
        /// The first NUL byte; the scan stops there.
        var firstNUL: Int?
        /// The first byte above 0x7F (before any NUL).
        var firstNonASCII: Int?
        /// Whether a carriage return comes before any NUL.
        var hasCarriageReturn = false
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each zero byte of `word`, and perhaps of bytes after the first
    /// zero (a borrow runs upwards), never before it: the lowest bit set is exact.
    @inline(__always) private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }

    static func survey(_ bytes: UnsafeBufferPointer<UInt8>) -> Survey {
        var survey = Survey()
        guard let base = bytes.baseAddress else { return survey }
        let raw = UnsafeRawPointer(base)
        let carriageReturns = 0x0D &* ones
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let nul = zeroBytes(word)
            if nul != 0 {
                let at = index + nul.trailingZeroBitCount / 8
                // What lies before the NUL in this word still counts.
                finishBytewise(bytes, from: index, to: at, into: &survey)
                survey.firstNUL = at
                return survey
            }
            let wide = word & highs
            if wide != 0, survey.firstNonASCII == nil {
                survey.firstNonASCII = index + wide.trailingZeroBitCount / 8
            }
            if zeroBytes(word ^ carriageReturns) != 0 { survey.hasCarriageReturn = true }
            index += 8
        }
        finishBytewise(bytes, from: index, to: bytes.count, into: &survey)
        if let at = bytes[index...].firstIndex(of: 0) { survey.firstNUL = at }
        return survey
    }

    private static func finishBytewise(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                       into survey: inout Survey) {
        for index in start..<end {
            let byte = bytes[index]
            if byte == 0 { return }
            if byte >= 0x80, survey.firstNonASCII == nil { survey.firstNonASCII = index }
            if byte == 0x0D { survey.hasCarriageReturn = true }
        }
    }

    /// Well-formed UTF-8 as Unicode defines it (table 3-7): no overlong forms, no
    /// surrogates, nothing above U+10FFFF, no sequence cut short.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count,
               UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) & highs == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondLow: UInt8 = 0x80, secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondHigh = 0x9F
            case 0xF0: length = 4; secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondHigh = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= secondLow, second <= secondHigh else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}

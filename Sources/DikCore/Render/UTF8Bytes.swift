extension String {
    /// The string's UTF-8 bytes where they lie; only a bridged string is copied first.
    /// Writers that escape text byte by byte read it through this.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}

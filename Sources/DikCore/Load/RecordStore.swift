import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the records of a very large register wait between load and render: a
/// temporary file, removed from its folder as soon as it is open (so nothing is left
/// behind, whatever ends the build), read back record by record. A national register
/// of a million entries keeps about a gigabyte of records; in memory that alone broke
/// the build's memory budget, in the file it costs the page cache, which the kernel
/// may drop, and a short read per row.
final class RecordStore: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private var written: UInt64 = 0
    private var failure: Int32?

    /// A store in `folder`, or nil when no file can be made there.
    init?(folder: String) {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
        template += Array(".dik-records-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Keeps `bytes`; where they are is valid once `finishWriting` has run.
    func append(_ bytes: [UInt8]) -> StoredBytes {
        lock.withLock {
            let location = StoredBytes(store: self, offset: written + UInt64(pending.count),
                                       count: UInt32(clamping: bytes.count))
            pending += bytes
            if pending.count >= 1 << 20 { flush() }
            return location
        }
    }

    func finishWriting() {
        lock.withLock { flush() }
    }

    /// The first system error of a write or read, if any: the build fails on it, since
    /// what was read back may be incomplete.
    var error: StagingFailure? {
        lock.withLock { failure.map(StagingFailure.init(code:)) }
    }

    private func flush() {
        var offset = 0
        while offset < pending.count {
            let count = pending.withUnsafeBytes {
                pwrite(descriptor, $0.baseAddress! + offset, pending.count - offset, off_t(written) + off_t(offset))
            }
            if count < 0 {
                if errno == EINTR { continue }
                if failure == nil { failure = errno }
                break
            }
            offset += count
        }
        written += UInt64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }

    fileprivate func read(_ location: StoredBytes) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(location.count))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, $0.count - done, off_t(location.offset) + off_t(done))
            }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                let code = count < 0 ? errno : EIO
                lock.withLock { if failure == nil { failure = code } }
                break
            }
            done += count
        }
        return bytes
    }

    fileprivate func noteUnreadable() {
        lock.withLock { if failure == nil { failure = EIO } }
    }
}

/// One record's place in a `RecordStore`.
struct StoredBytes: Sendable {
    let store: RecordStore
    let offset: UInt64
    let count: UInt32

    /// Decodes the bytes; a short or damaged read is recorded as the store's error.
    func decode<Value>(_ decode: (inout ByteReader) -> Value) -> Value {
        var reader = ByteReader(store.read(self))
        let value = decode(&reader)
        if reader.ranPastEnd { store.noteUnreadable() }
        return value
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How staged files reach the disk. The publisher writes every byte through this one
/// seam, so tests can make the disk fill up or turn read-only at any file, on any
/// machine and as any user (root ignores file modes, and not every machine may mount
/// a small tmpfs); `FailureTests` also runs the real thing when it can.
public protocol StagingFileSystem: Sendable {
    func createDirectory(_ path: String) throws(StagingFailure)
    /// Creates a new file; EEXIST when one of that name exists, since the one writer
    /// never writes a path twice in one build (two pages claiming one path is a fault,
    /// never something to settle by letting the later win).
    func writeFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure)
    /// Writes a file over its earlier start: a streamed page that began again.
    func replaceFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure)
    /// Adds bytes to the end of a file `writeFile` created: the later pieces of a
    /// streamed file.
    func appendToFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure)
}

extension StagingFileSystem {
    public func replaceFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) { try writeFile(path, bytes) }
}

/// A failed system call, with the system's own words for it.
public struct StagingFailure: Error, Sendable {
    public let code: Int32
    public init(code: Int32) { self.code = code }
    public var reason: String { String(cString: strerror(code)) }
}

/// Plain POSIX calls: errors keep their errno (ENOSPC, EROFS, EDQUOT...), short
/// writes are continued, and a failing close() counts, since some file systems only
/// report a full disk there.
public struct POSIXStagingFileSystem: StagingFileSystem {
    public init() {}

    /// `mkdir -p` that asks the system only about the levels that are missing.
    public func createDirectory(_ path: String) throws(StagingFailure) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex else {
            throw StagingFailure(code: errno)
        }
        try createDirectory(String(path[..<slash]))
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw StagingFailure(code: errno) }
    }

    public func writeFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) {
        try write(bytes, to: path, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC)
    }

    public func replaceFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) {
        try write(bytes, to: path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
    }

    public func appendToFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) {
        try write(bytes, to: path, flags: O_WRONLY | O_APPEND | O_CLOEXEC)
    }

    private func write(_ bytes: [UInt8], to path: String, flags: Int32) throws(StagingFailure) {
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw StagingFailure(code: errno) }
        let failure: Int32 = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, base + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return 0
        }
        if failure != 0 {
            close(descriptor)
            throw StagingFailure(code: failure)
        }
        guard close(descriptor) == 0 else { throw StagingFailure(code: errno) }
    }
}

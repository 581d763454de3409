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
    func writeFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure)
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

    public func createDirectory(_ path: String) throws(StagingFailure) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            let nsError = error as NSError
            let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
            throw StagingFailure(code: Int32(underlying?.domain == NSPOSIXErrorDomain ? underlying!.code : Int(EIO)))
        }
    }

    public func writeFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StagingFailure(code: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                throw StagingFailure(code: code)
            }
            written += count
        }
        guard close(descriptor) == 0 else { throw StagingFailure(code: errno) }
    }
}

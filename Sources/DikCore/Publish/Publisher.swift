import CDikSys
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The one writer. Each target is rendered into a staging folder beside the output,
/// audited, and only then swapped into place in one atomic step, so a failed or
/// killed build leaves the previous `_site` exactly as it was.
public final class Publisher: Sendable {
    public let outRoot: URL
    private static let stagingPrefix = ".dik-staging-"

    public init(outRoot: URL) {
        self.outRoot = outRoot.standardizedFileURL
    }

    public func finalFolder(for target: Target) -> URL { outRoot.appendingPathComponent(target.rawValue) }

    /// Creates the output folder if needed, takes the lock and clears what killed
    /// builds left behind.
    public func prepare() throws -> PublishLock {
        do {
            try FileManager.default.createDirectory(at: outRoot, withIntermediateDirectories: true)
        } catch {
            throw PublishError.cannotWrite(path: outRoot.path, reason: Self.reason(error))
        }
        let lock = try PublishLock(folder: outRoot)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: outRoot.path)) ?? []
        where name.hasPrefix(Self.stagingPrefix) {
            try? FileManager.default.removeItem(at: outRoot.appendingPathComponent(name))
        }
        return lock
    }

    public func stage(_ target: Target, auditor: LeakAuditor?) throws -> StagedTarget {
        let folder = outRoot.appendingPathComponent("\(Self.stagingPrefix)\(target.rawValue)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PublishError.cannotWrite(path: folder.path, reason: Self.reason(error))
        }
        return StagedTarget(target: target, folder: folder, auditor: auditor)
    }

    /// Swaps every staged target into place. Call only when all of them succeeded.
    public func commit(_ staged: [StagedTarget]) throws {
        for target in staged { try target.finishWriting() }
        for target in staged {
            let final = finalFolder(for: target.target)
            if FileManager.default.fileExists(atPath: final.path) {
                if dik_exchange_paths(target.folder.path, final.path) != 0 {
                    try swapByRenaming(target.folder, final)
                }
                // The staging path now holds the previous output.
                try? FileManager.default.removeItem(at: target.folder)
            } else if rename(target.folder.path, final.path) != 0 {
                throw PublishError.cannotWrite(path: final.path, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// For file systems without an atomic exchange: two renames, the old output kept
    /// under the staging prefix until the new one is in place.
    private func swapByRenaming(_ staged: URL, _ final: URL) throws {
        let previous = outRoot.appendingPathComponent("\(Self.stagingPrefix)previous-\(getpid())")
        guard rename(final.path, previous.path) == 0 else {
            throw PublishError.cannotWrite(path: final.path, reason: String(cString: strerror(errno)))
        }
        guard rename(staged.path, final.path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(previous.path, final.path)
            throw PublishError.cannotWrite(path: final.path, reason: reason)
        }
        _ = rename(previous.path, staged.path)
    }

    public func discard(_ staged: [StagedTarget]) {
        for target in staged {
            try? target.finishWriting()
            try? FileManager.default.removeItem(at: target.folder)
        }
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}

public enum PublishError: Error, Sendable {
    case cannotWrite(path: String, reason: String)
    case unsafePath(String)
    case locked(path: String)
}

/// An exclusive lock on the output folder, so two builds never swap at once.
public final class PublishLock: Sendable {
    private let descriptor: Int32

    init(folder: URL) throws {
        let path = folder.appendingPathComponent(".dik-lock").path
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PublishError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw PublishError.locked(path: folder.path)
        }
    }

    deinit { close(descriptor) }
}

/// One target being written. Every file passes through `write`, which refuses paths
/// that leave the folder and, for the public target, audits name and bytes.
public final class StagedTarget: OutputSink, @unchecked Sendable {
    public let target: Target
    public let folder: URL
    let auditor: LeakAuditor?
    private let lock = NSLock()
    private var leaks: [(path: String, secret: LeakAuditor.Secret)] = []
    private var written: [String] = []
    /// Rendering runs on every core, but files are created by one writer: creating
    /// entries in one folder from two threads made the kernel spin on the folder's
    /// lock (7x the system time of one thread). The backlog bounds the memory of
    /// pages waiting to be written to about 64 pages or 64 MiB.
    private let writer = DispatchQueue(label: "dik.publish.writer")
    private static let backlogPermits = 64
    private let backlog = DispatchSemaphore(value: backlogPermits)
    private var createdFolders: Set<String> = []
    private var writeError: Error?

    init(target: Target, folder: URL, auditor: LeakAuditor?) {
        self.target = target
        self.folder = folder
        self.auditor = auditor
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw PublishError.unsafePath(path)
        }
        if let auditor {
            let found = auditor.leaks(path: path, bytes: bytes)
            if !found.isEmpty { lock.withLock { leaks += found.map { (path, $0) } } }
        }
        let fullPath = folder.path + "/" + path
        lock.withLock { written.append(path) }
        // A page waiting to be written holds one permit per MiB (at least one).
        let permits = min(Self.backlogPermits, 1 + bytes.count >> 20)
        for _ in 0..<permits { backlog.wait() }
        writer.async { [self] in
            defer { for _ in 0..<permits { backlog.signal() } }
            guard lock.withLock({ writeError == nil }) else { return }
            do {
                try Self.store(fullPath, bytes, madeFolders: &createdFolders)
            } catch PublishError.cannotWrite(_, let reason) {
                lock.withLock { writeError = PublishError.cannotWrite(path: path, reason: reason) }
            } catch {
                lock.withLock { writeError = error }
            }
        }
    }

    /// Waits for every queued write; throws the first that failed.
    func finishWriting() throws {
        writer.sync {}
        if let error = lock.withLock({ writeError }) { throw error }
    }

    /// Runs on the writer queue only (it owns `madeFolders`).
    private static func store(_ fullPath: String, _ bytes: [UInt8], madeFolders: inout Set<String>) throws {
        let parent = String(fullPath[..<(fullPath.lastIndex(of: "/") ?? fullPath.endIndex)])
        if madeFolders.insert(parent).inserted { try makeFolder(parent) }
        let failure = writeFile(fullPath, bytes)
        if failure != 0 { throw PublishError.cannotWrite(path: fullPath, reason: String(cString: strerror(failure))) }
    }

    /// One open, write and close per file: no `fsync` per file (Foundation's
    /// `Data.write` does one, which made writing cost more than rendering). The swap
    /// into place happens only after every write has returned.
    /// Returns 0 or the `errno` that stopped it.
    private static func writeFile(_ path: String, _ bytes: [UInt8]) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return errno }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += count
            }
        }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        return failure
    }

    /// `mkdir -p` without a `stat` per level: parents are made only when missing.
    private static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o777) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex else {
            throw PublishError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        try makeFolder(String(path[..<slash]))
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw PublishError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    public var writtenPaths: [String] { lock.withLock { written.sorted() } }

    /// Leaks found while writing, one diagnostic per file and field.
    public func auditFindings() -> [Diagnostic] {
        lock.withLock {
            var seen = Set<String>()
            return leaks.compactMap { leak in
                let key = "\(leak.path)|\(leak.secret.origin)"
                guard seen.insert(key).inserted else { return nil }
                return .error(.leak(outputFile: "\(target.rawValue)/\(leak.path)", field: leak.secret.origin),
                              at: SourceLocation(path: leak.secret.sourcePath))
            }.sortedForOutput()
        }
    }
}

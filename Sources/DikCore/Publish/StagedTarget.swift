import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One target being written. Every file passes through `write` or `stream`, which
/// refuse paths that leave the folder and, for the public target, audit name and
/// bytes before anything reaches the disk.
///
/// Pages are rendered on every core but written by one writer queue: files created
/// in one folder from two threads made the kernel contend on the folder's lock (many
/// times the system time of one writer), and rendering need not wait for the disk.
/// The backlog bounds the bytes waiting to be written to about 64 MiB.
public final class StagedTarget: OutputSink, @unchecked Sendable {
    public let target: Target
    public let folder: URL
    /// Read under the lock: `finishAuditing` lets it go.
    private var auditor: LeakAuditor?
    private let fileSystem: any StagingFileSystem
    private let lock = NSLock()
    private var leaks: [(path: String, secret: LeakAuditor.Secret)] = []
    private var written = 0
    private var writeError: PublishError?
    private let writer = DispatchQueue(label: "dik.publish.writer")
    private static let backlogPermits = 64
    private let backlog = DispatchSemaphore(value: backlogPermits)
    /// Hashes of the folders made so far, touched on the writer queue only. A hash,
    /// not the path: a million folders cost 16 bytes each instead of about 150, and a
    /// collision only costs a retry (a write into a folder that is missing makes it).
    private var createdFolders: Set<Int> = []
    /// How much of a piece is searched again with the next: the longest key, eight
    /// times over, since the audit compares decoded text and a secret written as
    /// character references takes more bytes than its text.
    static let carriedBytes = 8 * PatternMatcher.maximumLength
    /// Streamed files are handed over in pieces of about this size.
    public static let streamPiece = 1 << 20

    init(target: Target, folder: URL, auditor: LeakAuditor?, fileSystem: any StagingFileSystem) {
        self.target = target
        self.folder = folder
        self.auditor = auditor
        self.fileSystem = fileSystem
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws {
        try checkPath(path)
        audit(path, bytes[...], name: true)
        lock.withLock { written += 1 }
        enqueue(path, bytes, mode: .create)
        try throwFirstWriteError()
    }

    public func stream(_ path: String, _ produce: (ChunkedOutput) throws -> Void) throws {
        try checkPath(path)
        // The last bytes of each piece are searched again with the next, so a secret
        // cut in two by the piece boundary is still found.
        var carried: [UInt8] = []
        var started = false
        var mode = WriteMode.create
        let output = ChunkedOutput(threshold: Self.streamPiece) { [self] piece, fromStart in
            if fromStart {
                carried = []
                if started { mode = .replace }
                started = false
            }
            guard !piece.isEmpty || !started else { return }
            if lock.withLock({ auditor != nil }) {
                let searched = carried + piece
                audit(path, searched, name: !started)
                carried = Array(searched.suffix(Self.carriedBytes))
            }
            enqueue(path, piece, mode: started ? .append : mode)
            started = true
            try throwFirstWriteError()
        }
        try produce(output)
        try output.finish()
        lock.withLock { written += 1 }
    }

    /// Waits until every queued write has reached the file system; throws the first
    /// that failed.
    public func finishWriting() throws {
        writer.sync {}
        try throwFirstWriteError()
    }

    /// Files written so far (their paths are not kept: a national register writes
    /// millions; the public site's sitemap keeps its own list).
    public var writtenCount: Int { lock.withLock { written } }

    /// Lets the auditor go once every file is written and its findings are taken: a
    /// staged target waits for the other targets before it is swapped in, and the
    /// auditor's keys (a few hundred bytes per entry) need not wait with it.
    public func finishAuditing() {
        writer.sync {}
        lock.withLock { auditor = nil }
    }

    /// Leaks found while writing, one diagnostic per file and field.
    public func auditFindings() -> [Diagnostic] {
        lock.withLock {
            var seen = Set<String>()
            // Files are written side by side; ordered by file, the report is the same
            // from run to run.
            let ordered = leaks.sorted { ($0.path, $0.secret.origin) < ($1.path, $1.secret.origin) }
            return ordered.compactMap { leak in
                let key = "\(leak.path)|\(leak.secret.origin)"
                guard seen.insert(key).inserted else { return nil }
                return .error(.leak(outputFile: "\(target.rawValue)/\(leak.path)", field: leak.secret.origin),
                              at: SourceLocation(path: leak.secret.sourcePath))
            }.sortedForOutput()
        }
    }

    private func checkPath(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw PublishError.unsafePath(path)
        }
    }

    /// `name` is false for the later pieces of a streamed file, whose name was audited
    /// with the first.
    private func audit<Bytes: RandomAccessCollection>(_ path: String, _ bytes: Bytes, name: Bool)
    where Bytes.Element == UInt8 {
        guard let auditor = lock.withLock({ auditor }) else { return }
        let searchedName = name ? path : ""
        let found = bytes.withContiguousStorageIfAvailable { auditor.leaks(path: searchedName, content: $0) }
            ?? Array(bytes).withUnsafeBufferPointer { auditor.leaks(path: searchedName, content: $0) }
        if !found.isEmpty { lock.withLock { leaks += found.map { (path, $0) } } }
    }

    private func throwFirstWriteError() throws {
        if let error = lock.withLock({ writeError }) { throw error }
    }

    enum WriteMode { case create, replace, append }

    private func enqueue(_ path: String, _ bytes: [UInt8], mode: WriteMode) {
        // A piece waiting to be written holds one permit per MiB (at least one).
        let permits = min(Self.backlogPermits, 1 + bytes.count >> 20)
        for _ in 0..<permits { backlog.wait() }
        writer.async { [self] in
            defer { for _ in 0..<permits { backlog.signal() } }
            guard lock.withLock({ writeError == nil }) else { return }
            do throws(StagingFailure) {
                let fullPath = folder.path + "/" + path
                let parent = String(fullPath[..<(fullPath.lastIndex(of: "/") ?? fullPath.endIndex)])
                if createdFolders.insert(parent.hashValue).inserted { try fileSystem.createDirectory(parent) }
                switch mode {
                case .append: try fileSystem.appendToFile(fullPath, bytes)
                case .replace: try fileSystem.replaceFile(fullPath, bytes)
                case .create:
                    do throws(StagingFailure) {
                        try fileSystem.writeFile(fullPath, bytes)
                    } catch where error.code == ENOENT {
                        try fileSystem.createDirectory(parent)
                        try fileSystem.writeFile(fullPath, bytes)
                    }
                }
            } catch where error.code == EEXIST && mode == .create {
                let failure = PublishError.writtenTwice(path: "\(target.rawValue)/\(path)")
                lock.withLock { if writeError == nil { writeError = failure } }
            } catch {
                // Named as the officer finds it: the target folder, then the page.
                let failure = PublishError.cannotWrite(path: "\(target.rawValue)/\(path)", reason: error.reason)
                lock.withLock { if writeError == nil { writeError = failure } }
            }
        }
    }
}

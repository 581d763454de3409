import Foundation

/// Writes one language's pages into its folder of the same target (`en/…`), so they
/// pass through the same audited writer as everything else.
struct PrefixedSink: OutputSink {
    let prefix: String
    let base: OutputSink

    func write(_ path: String, _ bytes: [UInt8]) throws {
        try base.write(prefix + path, bytes)
    }

    func stream(_ path: String, _ produce: (ChunkedOutput) throws -> Void) throws {
        try base.stream(prefix + path, produce)
    }
}

/// Remembers what was written, so the sitemap lists exactly the pages that exist.
final class RecordingSink: OutputSink, @unchecked Sendable {
    private let base: OutputSink
    private let lock = NSLock()
    private var paths = PathList()

    init(_ base: OutputSink) { self.base = base }

    func write(_ path: String, _ bytes: [UInt8]) throws {
        try base.write(path, bytes)
        lock.withLock { paths.append(path) }
    }

    func stream(_ path: String, _ produce: (ChunkedOutput) throws -> Void) throws {
        try base.stream(path, produce)
        lock.withLock { paths.append(path) }
    }

    var written: PathList { lock.withLock { paths } }
}

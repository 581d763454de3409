import Foundation

/// One view as a snapshot serves it. After an edit, the entry's own pages are
/// rendered at once; the long list pages that also show it (the register with every
/// entry, category pages) are marked stale and rendered when first asked for, or by
/// the worker right after the reload has gone out, whichever comes first. A save
/// therefore reloads an entry page without waiting for a ten-thousand-row register.
final class LiveView: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: [UInt8]]
    private var stale: Set<String>
    /// Renders one page of this view as of this snapshot.
    private let render: @Sendable (String) -> [UInt8]?

    init(files: [String: [UInt8]], stale: Set<String> = [],
         render: @escaping @Sendable (String) -> [UInt8]? = { _ in nil }) {
        self.files = files
        self.stale = stale
        self.render = render
    }

    func contains(_ path: String) -> Bool {
        lock.withLock { files[path] != nil || stale.contains(path) }
    }

    /// The page, rendered now if it is stale.
    func page(_ path: String) -> [UInt8]? {
        let (ready, needsRender) = lock.withLock { (files[path], stale.contains(path)) }
        guard needsRender else { return ready }
        let bytes = render(path)
        lock.withLock {
            if stale.remove(path) != nil { files[path] = bytes }
        }
        return bytes
    }

    /// Pages rendered elsewhere (by the worker) for this same snapshot.
    func fill(_ rendered: [String: [UInt8]]) {
        lock.withLock {
            for (path, bytes) in rendered where stale.remove(path) != nil { files[path] = bytes }
        }
    }

    var stalePaths: Set<String> { lock.withLock { stale } }

    /// Every page, stale ones rendered first.
    var allFiles: [String: [UInt8]] {
        for path in stalePaths { _ = page(path) }
        return lock.withLock { files }
    }
}

/// The changes page of a snapshot, ready once the worker has rendered what it needs.
final class PendingPage: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8]?

    init(_ bytes: [UInt8]? = nil) {
        self.bytes = bytes
    }

    var value: [UInt8]? { lock.withLock { bytes } }

    func set(_ value: [UInt8]) { lock.withLock { bytes = value } }
}

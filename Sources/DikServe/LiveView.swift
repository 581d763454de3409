import Dispatch
import Foundation

/// One view as a snapshot serves it. After an edit, the entry's own pages are
/// rendered at once; the long list pages that also show it (the register with every
/// entry, category pages) are marked stale and rendered when first asked for, or by
/// the finisher right after the reload has gone out, whichever comes first. A page is
/// rendered once: whoever asks while it is being rendered waits for that render.
final class LiveView: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: [UInt8]]
    private var stale: Set<String>
    /// Pages being rendered, and who waits for each.
    private var waiting: [String: [@Sendable ([UInt8]?) -> Void]] = [:]
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

    var stalePaths: Set<String> { lock.withLock { stale } }

    private enum Step {
        case ready([UInt8]?)
        case wait
        case render
    }

    /// Claims the page: ready, being rendered by someone else, or ours to render.
    private func claim(_ path: String, waiter: (@Sendable ([UInt8]?) -> Void)?) -> Step {
        lock.withLock {
            if !stale.contains(path) { return .ready(files[path]) }
            if waiting[path] != nil {
                if let waiter { waiting[path, default: []].append(waiter) }
                return .wait
            }
            waiting[path] = []
            return .render
        }
    }

    private func complete(_ path: String, _ bytes: [UInt8]?) {
        let waiters: [@Sendable ([UInt8]?) -> Void] = lock.withLock {
            stale.remove(path)
            files[path] = bytes
            return waiting.removeValue(forKey: path) ?? []
        }
        for waiter in waiters { waiter(bytes) }
    }

    /// For requests: renders a stale page off the concurrency pool, so a long page
    /// never holds up the server's threads.
    func page(_ path: String) async -> [UInt8]? {
        let box = ResultBox()
        switch claim(path, waiter: nil) {
        case .ready(let bytes):
            return bytes
        case .wait:
            return await withCheckedContinuation { continuation in
                switch claim(path, waiter: { continuation.resume(returning: $0) }) {
                case .ready(let bytes):
                    continuation.resume(returning: bytes)
                case .wait:
                    break
                case .render:
                    // Cannot happen (a page, once rendered, is never stale again), but
                    // a claim must always end in a render.
                    let bytes = render(path)
                    complete(path, bytes)
                    continuation.resume(returning: bytes)
                }
            }
        case .render:
            let bytes = await withCheckedContinuation { continuation in
                DispatchQueue.global(qos: .userInitiated).async {
                    box.bytes = self.render(path)
                    continuation.resume(returning: box.bytes)
                }
            }
            complete(path, bytes)
            return bytes
        }
    }

    /// For the finisher and tests, off the concurrency pool: the same, blocking.
    func pageNow(_ path: String) -> [UInt8]? {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        switch claim(path, waiter: { bytes in
            box.bytes = bytes
            done.signal()
        }) {
        case .ready(let bytes):
            return bytes
        case .wait:
            done.wait()
            return box.bytes
        case .render:
            let bytes = render(path)
            complete(path, bytes)
            return bytes
        }
    }

    /// Every page, stale ones rendered first. Not for the concurrency pool.
    var allFiles: [String: [UInt8]] {
        for path in stalePaths { _ = pageNow(path) }
        return lock.withLock { files }
    }
}

/// Carries a rendered page from the thread that rendered it.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [UInt8]?
    var bytes: [UInt8]? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// The changes page of a snapshot, ready once the finisher has rendered what it needs.
final class PendingPage: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8]?

    init(_ bytes: [UInt8]? = nil) {
        self.bytes = bytes
    }

    var value: [UInt8]? { lock.withLock { bytes } }

    func set(_ value: [UInt8]) { lock.withLock { bytes = value } }
}

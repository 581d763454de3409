import Foundation

/// Tells open browsers that the preview changed. Every change of what the preview
/// shows gets the next generation number; a page carries the generation it was
/// served at, and its event stream ends with a reload as soon as the preview has
/// moved past it, so no change is missed between serving a page and listening.
public final class ChangeFeed: @unchecked Sendable {
    private let lock = NSLock()
    private var generation: Int
    private var waiting: [UUID: CheckedContinuation<Int?, Never>] = [:]
    private var closed = false

    /// Tells this run of the server from a later one: a page served by an earlier run
    /// reloads at once, whatever generation it carries.
    public let instance = String(UUID().uuidString.prefix(8)).lowercased()

    public init(generation: Int = 0) {
        self.generation = generation
    }

    public var current: Int { lock.withLock { generation } }

    /// Announces a new generation to everyone waiting.
    public func publish(_ next: Int) {
        let woken: [CheckedContinuation<Int?, Never>] = lock.withLock {
            generation = max(generation, next)
            defer { waiting.removeAll() }
            return Array(waiting.values)
        }
        for continuation in woken { continuation.resume(returning: next) }
    }

    /// Waits until the generation is past `seen`, for at most `timeout`. Returns the
    /// new generation, or nil on timeout, cancellation or shutdown.
    public func wait(after seen: Int, timeout: Duration) async -> Int? {
        let id = UUID()
        return await withTaskGroup(of: Int?.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let ready: Int?? = self.lock.withLock {
                            // Checked under the lock that `onCancel` takes, so a cancellation
                            // is seen either here or there, never lost in between.
                            if self.closed || Task.isCancelled { return .some(nil) }
                            if self.generation > seen { return .some(self.generation) }
                            self.waiting[id] = continuation
                            return .none
                        }
                        if let ready { continuation.resume(returning: ready) }
                    }
                } onCancel: {
                    self.resume(id, with: nil)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Ends every wait, now and later: the server is shutting down.
    public func close() {
        let woken: [CheckedContinuation<Int?, Never>] = lock.withLock {
            closed = true
            defer { waiting.removeAll() }
            return Array(waiting.values)
        }
        for continuation in woken { continuation.resume(returning: nil) }
    }

    public var isClosed: Bool { lock.withLock { closed } }

    private func resume(_ id: UUID, with value: Int?) {
        let continuation = lock.withLock { waiting.removeValue(forKey: id) }
        continuation?.resume(returning: value)
    }
}

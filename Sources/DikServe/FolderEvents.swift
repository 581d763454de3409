import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes the watcher as soon as something changes in the folders it watches, using
/// Linux's inotify, so a save is noticed at once and an idle preview costs nothing.
/// The events only say "look now": the watcher's scan decides what changed. A slow
/// scan on a timer stays as a safety net (links to files elsewhere, a full event
/// queue). Where inotify is missing the watcher polls on the timer alone.
final class FolderEvents: @unchecked Sendable {
    #if canImport(Glibc)
    private let descriptor: Int32
    #endif
    private let lock = NSLock()
    private var watched: Set<String> = []
    private var source: DispatchSourceRead?
    private var timer: DispatchSourceTimer?
    private let queue = DispatchQueue(label: "dik.preview.events")

    init?() {
        #if canImport(Glibc)
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        #else
        return nil
        #endif
    }

    /// Adds folders to watch; folders already watched, or gone, are skipped.
    func watch(_ folders: [String]) {
        #if canImport(Glibc)
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF)
        lock.withLock {
            for folder in folders where !watched.contains(folder) {
                if inotify_add_watch(descriptor, folder, mask) >= 0 { watched.insert(folder) }
            }
        }
        #endif
    }

    /// Forgets folders so they are watched again when they come back (a new folder
    /// at the same path gets a new watch).
    func forget(_ folders: Set<String>) {
        lock.withLock { watched.subtract(folders) }
    }

    /// One element per burst of events, and one per `fallback` period.
    func wakeups(fallback: Duration) -> AsyncStream<Void> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            #if canImport(Glibc)
            let read = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
            let descriptor = descriptor
            // The descriptor is closed once the source no longer uses it.
            read.setCancelHandler { close(descriptor) }
            read.setEventHandler {
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                while Glibc.read(descriptor, &buffer, buffer.count) > 0 {}
                continuation.yield()
            }
            read.resume()
            #endif
            let tick = DispatchSource.makeTimerSource(queue: queue)
            let milliseconds = Int(fallback.components.seconds * 1000 + fallback.components.attoseconds / 1_000_000_000_000_000)
            tick.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
            tick.setEventHandler { continuation.yield() }
            tick.resume()
            lock.withLock {
                #if canImport(Glibc)
                source = read
                #endif
                timer = tick
            }
            continuation.onTermination = { [weak self] _ in self?.stop() }
        }
    }

    private func stop() {
        let (read, tick) = lock.withLock { (source, timer) }
        read?.cancel()
        tick?.cancel()
    }

    deinit {
        let read = lock.withLock { source }
        stop()
        #if canImport(Glibc)
        if read == nil { close(descriptor) }
        #endif
    }
}

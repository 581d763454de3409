import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes the watcher as soon as something changes in the folders it watches, using
/// Linux's inotify, and says which paths the events named, so a save is noticed at
/// once and only that file is looked at; an idle preview costs nothing. A full scan on
/// a timer stays as a safety net (links to files elsewhere, a full event queue).
/// Where inotify is missing the watcher scans on the timer alone.
final class FolderEvents: @unchecked Sendable {
    /// What the events since the last `take()` named.
    struct Batch: Sendable {
        var paths: Set<String> = []
        /// The timer fired or events were lost: look at everything.
        var everything = false
        /// Files written to and not yet closed, and entry files that went away (an
        /// editor may put a new one in their place in a moment).
        var unfinished: Set<String> = []

        /// Every file the events named is complete: closed after writing, or renamed
        /// into place. Then there is nothing to wait for.
        var isSettled: Bool { !everything && unfinished.isEmpty }
    }

    #if canImport(Glibc)
    private let descriptor: Int32
    #endif
    private let lock = NSLock()
    private var folders: [Int32: String] = [:]
    private var watched: Set<String> = []
    private var batch = Batch()
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

    /// Watches these folders from now on, and no others.
    func watch(_ wanted: Set<String>) {
        #if canImport(Glibc)
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF)
        lock.withLock {
            for (handle, folder) in folders where !wanted.contains(folder) {
                inotify_rm_watch(descriptor, handle)
                folders[handle] = nil
                watched.remove(folder)
            }
            for folder in wanted where !watched.contains(folder) {
                let handle = inotify_add_watch(descriptor, folder, mask)
                if handle >= 0 {
                    folders[handle] = folder
                    watched.insert(folder)
                }
            }
        }
        #endif
    }

    /// Whether what was named since the last `take()` is complete (`Batch.isSettled`).
    var isSettled: Bool { lock.withLock { batch.isSettled } }

    /// Everything named since the last call.
    func take() -> Batch {
        lock.withLock {
            defer { batch = Batch() }
            return batch
        }
    }

    /// One element per burst of events, and one per `fallback` period.
    func wakeups(fallback: Duration) -> AsyncStream<Void> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            #if canImport(Glibc)
            let read = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
            let descriptor = descriptor
            // The descriptor is closed once the source no longer uses it.
            read.setCancelHandler { close(descriptor) }
            read.setEventHandler { [weak self] in
                self?.drain()
                continuation.yield()
            }
            read.resume()
            #endif
            let tick = DispatchSource.makeTimerSource(queue: queue)
            let milliseconds = Int(fallback.components.seconds * 1000
                + fallback.components.attoseconds / 1_000_000_000_000_000)
            tick.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
            tick.setEventHandler { [weak self] in
                self?.lock.withLock { self?.batch.everything = true }
                continuation.yield()
            }
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

    #if canImport(Glibc)
    /// Reads every pending event: `struct inotify_event` (wd, mask, cookie, len)
    /// followed by `len` bytes of NUL-padded name.
    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            guard count > 0 else { return }
            var offset = 0
            lock.withLock {
                while offset + 16 <= count {
                    let handle = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int32.self) }
                    let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
                    let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12,
                                                                                as: UInt32.self) })
                    let nameBytes = buffer[(offset + 16)..<min(offset + 16 + length, count)].prefix { $0 != 0 }
                    offset += 16 + length
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 { batch.everything = true }
                    guard let folder = folders[handle] else { continue }
                    if mask & UInt32(IN_IGNORED) != 0 {
                        folders[handle] = nil
                        watched.remove(folder)
                    }
                    let path = nameBytes.isEmpty ? folder : folder + "/" + String(decoding: nameBytes, as: UTF8.self)
                    batch.paths.insert(path)
                    note(mask, path)
                }
            }
        }
    }

    /// Keeps `Batch.unfinished` up to date; called under the lock.
    private func note(_ mask: UInt32, _ path: String) {
        if mask & UInt32(IN_ISDIR) != 0 { return }
        if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
            batch.unfinished.remove(path)
        } else if mask & UInt32(IN_MODIFY | IN_CREATE) != 0 {
            batch.unfinished.insert(path)
        } else if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
            if path.hasSuffix(".md") { batch.unfinished.insert(path) } else { batch.unfinished.remove(path) }
        }
    }
    #endif

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

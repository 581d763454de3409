import DikCore
import Foundation
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the watcher learns that something changed.
public enum WatchMode: Sendable {
    /// Folder events (inotify) where available, with a slow scan as a safety net.
    case events
    /// A scan every `interval`, everywhere.
    case polling
}

/// Watches the site while the server runs and applies what changed.
struct WatchService: Service {
    let site: PreviewSite
    let watcher: SiteWatcher
    let interval: Duration
    let mode: WatchMode
    let onUpdate: @Sendable (UpdateReport) -> Void

    static let safetyScan: Duration = .seconds(5)

    func run() async throws {
        // Shutting down is the normal end: a cancelled sleep is not an error.
        try? await cancelWhenGracefulShutdown {
            var retry = Retry()
            if mode == .events, let events = FolderEvents() {
                events.watch(watcher.folders)
                // The fallback wakeup comes at least every `safetyScan`, so an update
                // that failed for want of descriptors is tried again within that time.
                for await _ in events.wakeups(fallback: max(interval, Self.safetyScan)) {
                    // Editors may write a file in more than one step: let the burst end,
                    // unless every file named is already complete (closed after writing,
                    // or renamed into place), as after most saves.
                    if !events.isSettled { try await Task.sleep(for: .milliseconds(20)) }
                    let batch = events.take()
                    let change = retry.adding(to: batch.everything ? watcher.scan() : watcher.scan(paths: batch.paths))
                    if !change.isEmpty { await apply(change, retry: &retry) }
                    events.watch(watcher.folders)
                }
            } else {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    try await scanAndApply(retry: &retry)
                }
            }
        }
    }

    private func scanAndApply(retry: inout Retry) async throws {
        var change = retry.adding(to: watcher.scan())
        guard !change.isEmpty else { return }
        // Editors may write a file in more than one step: wait until it settles.
        for _ in 0..<4 {
            try await Task.sleep(for: .milliseconds(30))
            let more = watcher.scan()
            if more.isEmpty { break }
            change.merge(more)
        }
        await apply(change, retry: &retry)
    }

    private func apply(_ change: SiteChange, retry: inout Retry) async {
        let report = await site.apply(change)
        retry.after(change, errors: site.snapshot.errors)
        onUpdate(report)
    }

    /// An update that could not read the site because the process (or the system) had
    /// no file descriptor to spare is done again at the next wakeup, until it reads:
    /// nothing on disk changes when the descriptors come back, so nothing else would
    /// bring the preview back from the error it shows meanwhile.
    struct Retry {
        private(set) var pending: SiteChange?

        func adding(to change: SiteChange) -> SiteChange {
            guard let pending else { return change }
            var merged = change
            merged.merge(pending)
            return merged
        }

        mutating func after(_ applied: SiteChange, errors: [Diagnostic]) {
            pending = errors.contains(where: \.isDescriptorShortage) ? applied : nil
        }
    }
}

extension Diagnostic {
    /// A file or folder could not be read only because the process or the system had
    /// no file descriptor to spare (as the reader words it, with strerror): the same
    /// read works once connections or other files are closed.
    var isDescriptorShortage: Bool {
        guard case .unreadableFile(let reason) = problem else { return false }
        return Self.descriptorShortageReasons.contains(reason)
    }

    static let descriptorShortageReasons = [EMFILE, ENFILE].map { String(cString: strerror($0)) }
}

extension SiteChange {
    mutating func merge(_ other: SiteChange) {
        entryFiles.formUnion(other.entryFiles)
        listing = listing || other.listing
        settings = settings || other.settings
        templates = templates || other.templates
        published = published || other.published
    }
}

import ServiceLifecycle

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
            if mode == .events, let events = FolderEvents() {
                events.watch(watcher.folders)
                for await _ in events.wakeups(fallback: max(interval, Self.safetyScan)) {
                    // Editors may write a file in more than one step: let the burst end,
                    // unless every file named is already complete (closed after writing,
                    // or renamed into place), as after most saves.
                    if !events.isSettled { try await Task.sleep(for: .milliseconds(20)) }
                    let batch = events.take()
                    let change = batch.everything ? watcher.scan() : watcher.scan(paths: batch.paths)
                    if !change.isEmpty { onUpdate(await site.apply(change)) }
                    events.watch(watcher.folders)
                }
            } else {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    try await scanAndApply()
                }
            }
        }
    }

    private func scanAndApply() async throws {
        var change = watcher.scan()
        guard !change.isEmpty else { return }
        // Editors may write a file in more than one step: wait until it settles.
        for _ in 0..<4 {
            try await Task.sleep(for: .milliseconds(30))
            let more = watcher.scan()
            if more.isEmpty { break }
            change.merge(more)
        }
        onUpdate(await site.apply(change))
    }
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

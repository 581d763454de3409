/// Splits a loaded site into per-target collections, classifying each entry once.
public enum Projection {
    public static func publicRegister(_ site: LoadedSite, target: Target, on date: LocalDate) -> PublicRegister {
        precondition(target != .internal, "the internal target uses internalRegister")
        let entries = site.entries.compactMap { entry -> PublicEntry? in
            classify(entry.record, for: target, on: date).map { PublicEntry(entry, placement: $0) }
        }
        return PublicRegister(target: target, buildDate: date, settings: PublicSettings(site.settings), entries: entries)
    }

    public static func internalRegister(_ site: LoadedSite, on date: LocalDate,
                                        findings: [Diagnostic] = []) -> InternalRegister {
        let byPath = Dictionary(grouping: findings, by: \.location.path)
        let loaded = LoadedEntries(site.entries)
        let entries = site.entries.indices.compactMap { index -> InternalEntry? in
            let entry = site.entries[index]
            guard let placement = classify(entry.record, for: .internal, on: date) else { return nil }
            return InternalEntry(publicEntry: PublicEntry(entry, placement: placement),
                                 loaded: loaded, index: index, findings: byPath[entry.source.displayPath] ?? [])
        }
        let publicView = PublicRegister(target: .internal, buildDate: date, settings: PublicSettings(site.settings),
                                        entries: entries.map(\.publicEntry))
        return InternalRegister(buildDate: date, settings: site.settings, entries: entries, publicView: publicView)
    }
}

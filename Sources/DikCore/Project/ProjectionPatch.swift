/// Registers with some entries replaced, for the review preview: after an edit of one
/// entry it swaps that entry in place instead of projecting ten thousand again. The
/// caller classifies the replacement with `classify` as `Projection` does; these only
/// carry the result, so what the renderers are handed is still a projection.
extension PublicRegister {
    public func replacingEntries(_ entries: [PublicEntry]) -> PublicRegister {
        PublicRegister(target: target, buildDate: buildDate, settings: settings, entries: entries)
    }
}

extension InternalRegister {
    /// `publicEntries` must be `entries.map(\.publicEntry)`; passing it patched
    /// alongside saves mapping every entry again.
    public func replacingEntries(_ entries: [InternalEntry], publicEntries: [PublicEntry]) -> InternalRegister {
        InternalRegister(buildDate: buildDate, settings: settings, entries: entries,
                         publicView: publicView.replacingEntries(publicEntries))
    }
}

extension InternalEntry {
    /// The internal face of an entry classified for the internal target.
    public static func classified(_ entry: Entry, on date: LocalDate, findings: [Diagnostic]) -> InternalEntry? {
        classify(entry.record, for: .internal, on: date).map {
            InternalEntry(publicEntry: PublicEntry(entry, placement: $0),
                          loaded: LoadedEntries([entry]), index: 0, findings: findings)
        }
    }
}

extension PublicEntry {
    public static func classified(_ record: PublicRecord, for target: Target, on date: LocalDate) -> PublicEntry? {
        classify(record, for: target, on: date).map { PublicEntry(record: record, placement: $0) }
    }
}

extension LoadedSite {
    /// The same site with its entries replaced (same files, same ids, same order).
    /// The diagnostics stay as they were: the caller knows whether they still hold.
    public func replacingEntries(_ entries: [Entry]) -> LoadedSite {
        LoadedSite(root: root, settings: settings, entries: entries, diagnostics: diagnostics)
    }
}

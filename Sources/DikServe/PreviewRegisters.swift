import DikCore

extension PreviewRenderer {
    /// Every register the views are rendered from, for one state of the site, and
    /// where each entry is in them, so that an edit can patch them in place.
    struct Registers: Sendable {
        var site: LoadedSite
        var preview: PublicRegister
        var internalRegister: InternalRegister
        var publicBuild: PublicRegister
        /// Position in `site.entries`, which the preview and the internal register
        /// list in the same order (both show every entry).
        var indexByPath: [String: Int] = [:]
        var indexBySlug: [String: Int] = [:]
        /// Position in `publicBuild.entries`, which leaves drafts out.
        var publicIndexBySlug: [String: Int] = [:]
        /// How many listed entries use each letter, per view: a letter has a category
        /// page while its count is above zero.
        var letterCounts: [ViewKind: [Character: Int]] = [:]
        var draftSlugs: Set<String> = []
        /// Tells one state of the registers from another (see `Lists`).
        var version = 0

        var previewLetters: Set<Character> { letters(.preview) }
        var internalLetters: Set<Character> { letters(.internalView) }

        func letters(_ kind: ViewKind) -> Set<Character> { Set(letterCounts[kind, default: [:]].keys) }

        /// The entries with a page in this view, as the public renderer sees them.
        func entries(_ kind: ViewKind) -> [PublicEntry] {
            switch kind {
            case .preview: preview.entries
            case .internalView: internalRegister.publicView.entries
            case .publicBuild: publicBuild.entries
            }
        }

        func hasNotice(_ slug: String, in kind: ViewKind) -> Bool {
            kind == .publicBuild ? publicIndexBySlug[slug] != nil : indexBySlug[slug] != nil
        }

        /// Whether an entry so placed is a row of the view's register and category
        /// pages, as `RegisterPages` lists them: drafts are rows only on the preview.
        static func isListed(_ placement: Placement, in kind: ViewKind) -> Bool {
            kind == .preview ? placement.opening == nil : placement.isInForce
        }

        static func count(_ entry: PublicEntry, in kind: ViewKind, by step: Int, into counts: inout [Character: Int]) {
            guard isListed(entry.placement, in: kind) else { return }
            for letter in Set(entry.record.pasal17.map(\.letter)) {
                let total = counts[letter, default: 0] + step
                counts[letter] = total > 0 ? total : nil
            }
        }

        /// Works out the positions and counts from the registers.
        mutating func index() {
            let entries = site.entries
            indexByPath = Dictionary(entries.enumerated().map { ($1.source.displayPath, $0) }) { first, _ in first }
            indexBySlug = Dictionary(entries.enumerated().map { ($1.record.slug, $0) }) { first, _ in first }
            var previewCounts: [Character: Int] = [:], internalCounts: [Character: Int] = [:]
            for entry in preview.entries { Self.count(entry, in: .preview, by: 1, into: &previewCounts) }
            for entry in internalRegister.publicView.entries {
                Self.count(entry, in: .internalView, by: 1, into: &internalCounts)
            }
            letterCounts[.preview] = previewCounts
            letterCounts[.internalView] = internalCounts
            draftSlugs = Set(preview.drafts.map(\.record.slug))
            indexPublic()
        }

        mutating func indexPublic() {
            publicIndexBySlug = Dictionary(publicBuild.entries.enumerated().map { ($1.record.slug, $0) }) { a, _ in a }
            var counts: [Character: Int] = [:]
            for entry in publicBuild.entries { Self.count(entry, in: .publicBuild, by: 1, into: &counts) }
            letterCounts[.publicBuild] = counts
        }

        /// Positions line up only while the preview and the internal register show
        /// every entry, as the classification has them do; if a rule ever hides one
        /// there, nothing is patched in place.
        var isAligned: Bool {
            preview.entries.count == site.entries.count && internalRegister.entries.count == site.entries.count
        }
    }

    /// The registers' entry lists, to patch. Patching lists that other holders share
    /// copies each first, ten thousand entries five times over: most of an edit's
    /// time. So after each update fresh copies that nothing else holds are made in the
    /// background (`copying`), and the next edit changes those in place.
    struct Lists: Sendable {
        var entries: [Entry]
        var preview: [PublicEntry]
        var internalEntries: [InternalEntry]
        var internalPublic: [PublicEntry]
        var publicEntries: [PublicEntry]
        /// The `Registers.version` these hold.
        let version: Int

        /// The registers' own lists, shared: the first change to each copies it.
        init(sharing registers: Registers) {
            entries = registers.site.entries
            preview = registers.preview.entries
            internalEntries = registers.internalRegister.entries
            internalPublic = registers.internalRegister.publicView.entries
            publicEntries = registers.publicBuild.entries
            version = registers.version
        }

        /// Copies in storage of their own.
        static func copying(_ registers: Registers) -> Lists {
            var lists = Lists(sharing: registers)
            lists.entries = lists.entries.map { $0 }
            lists.preview = lists.preview.map { $0 }
            lists.internalEntries = lists.internalEntries.map { $0 }
            lists.internalPublic = lists.internalPublic.map { $0 }
            lists.publicEntries = lists.publicEntries.map { $0 }
            return lists
        }
    }

    func registers(_ site: LoadedSite, findings: [Diagnostic]) -> Registers {
        let preview = Projection.publicRegister(site.servedAt(publicBaseURL: "/"), target: .preview, on: date)
        let internalRegister = Projection.internalRegister(site.servedAt(publicBaseURL: "/internal/"), on: date,
                                                           findings: findings)
        let publicBuild = Projection.publicRegister(site, target: .public, on: date)
        var registers = Registers(site: site, preview: preview, internalRegister: internalRegister,
                                  publicBuild: publicBuild)
        registers.index()
        return registers
    }

    /// The registers with these entries swapped in place: one classification per
    /// entry and view instead of a projection of every entry. Each must come from a
    /// file the registers already have an entry from, with the same id, so the
    /// register order and the id check hold. Nil when that is not so. `lists` are
    /// the lists to change: the registers' own, or copies of them (`Lists`).
    func patched(_ previous: Registers, replacing changed: [Entry], findings: [String: [Diagnostic]],
                 lists: consuming Lists) -> Registers? {
        guard previous.isAligned, lists.version == previous.version else { return nil }
        var registers = previous
        var previewCounts = previous.letterCounts[.preview, default: [:]]
        var internalCounts = previous.letterCounts[.internalView, default: [:]]
        var publicCounts = previous.letterCounts[.publicBuild, default: [:]]
        var publicMembershipChanged = false
        for entry in changed {
            let path = entry.source.displayPath
            guard let index = previous.indexByPath[path], lists.entries[index].record.id == entry.record.id,
                  let shown = PublicEntry.classified(entry.record, for: .preview, on: date),
                  let internalEntry = InternalEntry.classified(entry, on: date, findings: findings[path] ?? [])
            else { return nil }
            Registers.count(lists.preview[index], in: .preview, by: -1, into: &previewCounts)
            Registers.count(shown, in: .preview, by: 1, into: &previewCounts)
            Registers.count(lists.internalPublic[index], in: .internalView, by: -1, into: &internalCounts)
            Registers.count(internalEntry.publicEntry, in: .internalView, by: 1, into: &internalCounts)
            lists.entries[index] = entry
            lists.preview[index] = shown
            lists.internalEntries[index] = internalEntry
            lists.internalPublic[index] = internalEntry.publicEntry
            let slug = entry.record.slug
            if shown.placement.isDraft { registers.draftSlugs.insert(slug) } else { registers.draftSlugs.remove(slug) }
            let published = PublicEntry.classified(entry.record, for: .public, on: date)
            if let position = previous.publicIndexBySlug[slug], let published {
                Registers.count(lists.publicEntries[position], in: .publicBuild, by: -1, into: &publicCounts)
                Registers.count(published, in: .publicBuild, by: 1, into: &publicCounts)
                lists.publicEntries[position] = published
            } else if previous.publicIndexBySlug[slug] != nil || published != nil {
                publicMembershipChanged = true
            }
        }
        registers.site = previous.site.replacingEntries(lists.entries)
        registers.preview = previous.preview.replacingEntries(lists.preview)
        registers.internalRegister = previous.internalRegister.replacingEntries(lists.internalEntries,
                                                                                publicEntries: lists.internalPublic)
        registers.letterCounts = [.preview: previewCounts, .internalView: internalCounts, .publicBuild: publicCounts]
        if publicMembershipChanged {
            // A draft decided or sent back: the public register gains or loses a row.
            registers.publicBuild = Projection.publicRegister(registers.site, target: .public, on: date)
            registers.indexPublic()
        } else {
            registers.publicBuild = previous.publicBuild.replacingEntries(lists.publicEntries)
        }
        return registers
    }
}

/// What the public renderer is handed: the public record and its placement. There is
/// no body, no consequence test, no internal notes and no unknown key here, so a
/// public template has nothing internal to print.
public struct PublicEntry: Sendable, Hashable {
    /// The record is held by reference: every list of a register (in force, by
    /// category, the data files, the internal site's public view) and every target
    /// share the loaded entry's one copy instead of carrying a few hundred bytes per
    /// entry per list.
    private let storage: SharedRecord
    public let placement: Placement

    public init(record: PublicRecord, placement: Placement) {
        storage = SharedRecord(record)
        self.placement = placement
    }

    /// The entry's public face, sharing its record.
    init(_ entry: Entry, placement: Placement) {
        storage = entry.sharedRecord
        self.placement = placement
    }

    public var record: PublicRecord {
        _read { yield storage.record }
    }

    public var endDate: LocalDate? { record.endDate }

    /// The record lent to `body` without copying it.
    public func withRecord<Result>(_ body: (PublicRecord) throws -> Result) rethrows -> Result {
        try storage.withRecord(body)
    }

    /// `record.status` and whether `record.pasal17` cites a letter, answered without
    /// reading a stored record.
    public var status: EntryStatus { storage.status }
    public func cites(_ letter: Character) -> Bool { storage.cites(letter) }

    public static func == (lhs: PublicEntry, rhs: PublicEntry) -> Bool {
        lhs.placement == rhs.placement && (lhs.storage === rhs.storage || lhs.record == rhs.record)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(record)
        hasher.combine(placement)
    }
}

/// Site settings with the internal URL removed.
public struct PublicSettings: Sendable, Hashable {
    public let siteName: String
    public let bodyName: String
    public let ppidName: String
    public let ppidAddress: String?
    public let ppidEmail: String?
    public let ppidPhone: String?
    public let baseURL: String
    public let letterhead: [String]
    public let logo: String?
    public let signatory: SiteSettings.Signatory

    public init(_ settings: SiteSettings) {
        siteName = settings.siteName
        bodyName = settings.bodyName
        ppidName = settings.ppidName
        ppidAddress = settings.ppidAddress
        ppidEmail = settings.ppidEmail
        ppidPhone = settings.ppidPhone
        baseURL = settings.publicBaseURL
        letterhead = settings.letterhead
        logo = settings.logo
        signatory = settings.signatory
    }
}

/// One target's collection: every page, list and data file of that target reads
/// from here and nowhere else.
public struct PublicRegister: Sendable {
    public let target: Target
    public let buildDate: LocalDate
    public let settings: PublicSettings
    /// In register order; drafts only on the preview.
    public let entries: [PublicEntry]
    /// The parts of `entries`, filtered once: every list, data file and feed reads
    /// them, side by side, and a copy each cost a national register hundreds of MB.
    public let inForce: [PublicEntry]
    public let noLongerExempt: [PublicEntry]
    public let drafts: [PublicEntry]

    public init(target: Target, buildDate: LocalDate, settings: PublicSettings, entries: [PublicEntry]) {
        self.target = target
        self.buildDate = buildDate
        self.settings = settings
        self.entries = entries
        inForce = entries.filter { $0.placement.isInForce }
        noLongerExempt = entries.filter { $0.placement.opening != nil }
        drafts = entries.filter { $0.placement.isDraft }
    }
}

/// An entry for the internal site: its public face plus everything internal. It
/// points into the loaded entries rather than copying one (about half a kilobyte
/// each, before its strings).
public struct InternalEntry: Sendable {
    public let publicEntry: PublicEntry
    private let loaded: LoadedEntries
    private let index: Int
    public let findings: [Diagnostic]

    init(publicEntry: PublicEntry, loaded: LoadedEntries, index: Int, findings: [Diagnostic]) {
        self.publicEntry = publicEntry
        self.loaded = loaded
        self.index = index
        self.findings = findings
    }

    public var entry: Entry {
        _read { yield loaded.entries[index] }
    }
}

/// The loaded entries, shared by every `InternalEntry` of a register.
final class LoadedEntries: Sendable {
    let entries: [Entry]
    init(_ entries: [Entry]) { self.entries = entries }
}

public struct InternalRegister: Sendable {
    public let buildDate: LocalDate
    public let settings: SiteSettings
    public let entries: [InternalEntry]
    public let publicView: PublicRegister
}

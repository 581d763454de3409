/// The sites `dik` builds. The preview is the public site as it would look once
/// every draft is decided, shown only to reviewers.
public enum Target: String, Sendable, CaseIterable {
    case `public`
    case `internal`
    case preview
}

/// Where an entry stands on a target at the build date.
public enum Placement: Sendable, Hashable {
    /// `ditetapkan` and its period still running: the register proper.
    case inForce
    /// No longer exempt: opened by decision or ruling, or its period ended.
    case noLongerExempt(Opening)
    /// `usulan` or `diuji`: never public; shown as a draft where drafts are allowed.
    case draft

    public var isInForce: Bool { self == .inForce }
    public var isDraft: Bool { self == .draft }
    public var opening: Opening? {
        if case .noLongerExempt(let opening) = self { return opening }
        return nil
    }
}

public enum Opening: Sendable, Hashable {
    /// `dibuka` or `dicabut`, with the latest history event that says so, if any.
    case decided(status: EntryStatus, date: LocalDate?, basis: String?)
    /// The period ended on this date; the law opens the item by itself.
    case periodEnded(LocalDate)

    public var date: LocalDate? {
        switch self {
        case .decided(_, let date, _): date
        case .periodEnded(let date): date
        }
    }
}

/// The one decision of what each target shows. Pure: the same record, target and
/// date always give the same answer, and nothing else is consulted.
public func classify(_ record: PublicRecord, for target: Target, on date: LocalDate) -> Placement? {
    switch record.status {
    case .usulan, .diuji:
        return target == .public ? nil : .draft
    case .dibuka, .dicabut:
        let event = record.riwayat.last { $0.status == record.status }
        return .noLongerExempt(.decided(status: record.status, date: event?.tanggal, basis: event?.dasar))
    case .ditetapkan:
        if let end = record.endDate, end <= date { return .noLongerExempt(.periodEnded(end)) }
        return .inForce
    }
}

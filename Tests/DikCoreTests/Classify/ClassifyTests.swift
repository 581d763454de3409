import DikCore
import Testing

/// `classify` on its own: every status × target × period kind around the build date.
@Suite("classify: where each entry stands on each target at the build date")
struct ClassifyTests {
    static let buildDate = LocalDate(iso: "2026-06-30")!

    /// Period kinds, each named, with where its end falls against the build date.
    static let periods: [(name: String, period: Period?, decided: String?)] = [
        ("no period", nil, nil),
        ("unlimited", .unlimited, "2025-01-01"),
        ("consent", .consent, "2025-01-01"),
        ("event", .event("sampai lelang selesai"), "2025-01-01"),
        ("until the day before", .until(LocalDate(iso: "2026-06-29")!), "2025-01-01"),
        ("until the build date", .until(LocalDate(iso: "2026-06-30")!), "2025-01-01"),
        ("until the day after", .until(LocalDate(iso: "2026-07-01")!), "2025-01-01"),
        ("years, ending the day before", .years(1, start: LocalDate(iso: "2025-06-29")!), nil),
        ("years, ending on the build date", .years(1, start: nil), "2025-06-30"),
        ("years, ending the day after", .years(1, start: nil), "2025-07-01"),
        ("years from the decree, no decree date", .years(1, start: nil), nil),
    ]

    static func record(_ status: EntryStatus, _ period: Period?, decided: String?) -> PublicRecord {
        var record = PublicRecord(id: "DIK-2025-001", status: status, unit: "Biro Umum")
        record.period = period
        if let decided {
            var decree = Decree()
            decree.tanggal = LocalDate(iso: decided)
            record.penetapan = decree
        }
        return record
    }

    /// What each case must give, written out rather than computed.
    static func expected(_ status: EntryStatus, _ target: Target, periodName: String) -> Placement? {
        switch status {
        case .usulan, .diuji:
            return target == .public ? nil : .draft
        case .dibuka, .dicabut:
            return .noLongerExempt(.decided(status: status, date: nil, basis: nil))
        case .ditetapkan:
            switch periodName {
            case "until the day before": return .noLongerExempt(.periodEnded(LocalDate(iso: "2026-06-29")!))
            case "until the build date", "years, ending on the build date":
                return .noLongerExempt(.periodEnded(buildDate))
            case "years, ending the day before": return .noLongerExempt(.periodEnded(LocalDate(iso: "2026-06-29")!))
            default: return .inForce
            }
        }
    }

    @Test(arguments: EntryStatus.allCases)
    func everyTargetAndPeriodKind(_ status: EntryStatus) {
        for target in Target.allCases {
            for period in Self.periods {
                let placement = classify(Self.record(status, period.period, decided: period.decided), for: target,
                                         on: Self.buildDate)
                #expect(placement == Self.expected(status, target, periodName: period.name),
                        "\(status) on \(target), \(period.name)")
            }
        }
    }

    @Test func anOpenedEntryTakesItsLatestEventOfThatStatus() {
        var record = Self.record(.dicabut, .unlimited, decided: "2024-01-01")
        var first = HistoryEvent()
        first.tanggal = LocalDate(iso: "2024-01-01")
        first.status = .ditetapkan
        var ruling = HistoryEvent()
        ruling.tanggal = LocalDate(iso: "2025-08-12")
        ruling.status = .dicabut
        ruling.dasar = "Putusan KI No. 12/2025"
        var later = HistoryEvent()
        later.tanggal = LocalDate(iso: "2025-09-01")
        later.status = .dibuka
        record.riwayat = [first, ruling, later]
        #expect(classify(record, for: .public, on: Self.buildDate)
                == .noLongerExempt(.decided(status: .dicabut, date: LocalDate(iso: "2025-08-12"),
                                            basis: "Putusan KI No. 12/2025")))
    }

    @Test func theSameInputAlwaysGivesTheSameAnswer() {
        let record = Self.record(.ditetapkan, .years(5, start: nil), decided: "2022-01-01")
        let answers = (0..<100).map { _ in classify(record, for: .public, on: Self.buildDate) }
        #expect(Set(answers.map { "\(String(describing: $0))" }).count == 1)
    }
}

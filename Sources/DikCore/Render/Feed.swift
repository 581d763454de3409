/// `feed.xml`: an Atom feed (RFC 4287) of what happened in the register, newest first:
/// an item decided, decided again after a re-test or reclassification, opened. Every
/// date comes from `penetapan`, `riwayat` or the computed end of a period, never the
/// clock, so the feed changes only when the register does.
struct Feed: Sendable {
    enum Kind: Sendable, Hashable {
        case decided, redecided, opened(EntryStatus), periodEnded

        var key: String {
            switch self {
            case .decided: "ditetapkan"
            case .redecided: "ditetapkan-ulang"
            case .opened(let status): status.rawValue
            case .periodEnded: "berakhir"
            }
        }

        var order: Int {
            switch self {
            case .decided: 0
            case .redecided: 1
            case .opened: 2
            case .periodEnded: 3
            }
        }
    }

    struct Event: Sendable {
        let entry: PublicEntry
        let date: LocalDate
        let kind: Kind
        let basis: String?
    }

    let register: PublicRegister
    let wording: Wording
    /// The absolute address of this language's pages, e.g. `https://…/dik/en/`.
    let siteURL: String

    /// Every event of the published entries up to the build date, newest first.
    static func events(_ register: PublicRegister) -> [Event] {
        var events: [Event] = []
        for entry in register.entries where !entry.placement.isDraft {
            let record = entry.record
            var decisions = Set<LocalDate>()
            var decisionBasis: [LocalDate: String] = [:]
            if let date = record.penetapan?.tanggal { decisions.insert(date) }
            for event in record.riwayat {
                guard let date = event.tanggal, let status = event.status else { continue }
                switch status {
                case .ditetapkan:
                    decisions.insert(date)
                    if let basis = event.dasar { decisionBasis[date] = basis }
                case .dibuka, .dicabut:
                    events.append(Event(entry: entry, date: date, kind: .opened(status), basis: event.dasar))
                case .usulan, .diuji:
                    continue
                }
            }
            for (index, date) in decisions.sorted().enumerated() {
                events.append(Event(entry: entry, date: date, kind: index == 0 ? .decided : .redecided,
                                    basis: decisionBasis[date]))
            }
            if case .noLongerExempt(.periodEnded(let end)) = entry.placement {
                events.append(Event(entry: entry, date: end, kind: .periodEnded, basis: nil))
            }
        }
        return events.filter { $0.date <= register.buildDate }.sorted {
            ($1.date, $0.entry.record.id, $0.kind.order) < ($0.date, $1.entry.record.id, $1.kind.order)
        }
    }

    /// Written line by line: a national register's feed is tens of megabytes.
    func write(into output: ChunkedOutput) throws {
        let events = Self.events(register)
        let settings = register.settings
        let updated = events.first?.date ?? register.buildDate
        func line(_ text: String) { output.append(text + "\n") }
        line("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        line("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(XMLText.escape(wording.language))\">")
        line(element("id", siteURL + "feed.xml"))
        line(element("title", "\(settings.siteName) · \(settings.bodyName)"))
        line(element("subtitle", wording["feed_subtitle"]))
        line(element("updated", XMLText.timestamp(updated)))
        line("<author>" + element("name", settings.ppidName)
            + (settings.ppidEmail.map { element("email", $0) } ?? "") + "</author>")
        line(link(rel: "self", type: "application/atom+xml", href: siteURL + "feed.xml"))
        line(link(rel: "alternate", type: "text/html", href: siteURL))
        line("<generator>dik</generator>")
        var seen = Set<String>()
        for event in events {
            let page = "\(siteURL)dik/\(event.entry.record.slug)/"
            let id = "\(page)#\(event.kind.key)-\(event.date.iso)"
            guard seen.insert(id).inserted else { continue }
            line("<entry>")
            line(element("id", id))
            line(element("title", title(event)))
            line(element("updated", XMLText.timestamp(event.date)))
            line(link(rel: "alternate", type: "text/html", href: page))
            for ref in event.entry.record.pasal17 {
                let label = XMLText.escape(wording.categoryLabel(ref.letter))
                line("<category term=\"\(XMLText.escape(ref.description))\" label=\"\(label)\"/>")
            }
            line(element("summary", summary(event)))
            line("</entry>")
            try output.flushIfFull()
        }
        line("</feed>")
    }

    func label(_ event: Event) -> String {
        switch event.kind {
        case .decided: wording["feed_decided"]
        case .redecided: wording["feed_redecided"]
        case .opened(let status): wording["opened_\(status.rawValue)"]
        case .periodEnded: wording["opened_period_ended"].replacingPlaceholder("date", with: wording.date(event.date))
        }
    }

    func title(_ event: Event) -> String {
        let record = event.entry.record
        return [record.id, record.informasi].compactMap { $0 }.joined(separator: ": ") + " — " + label(event)
    }

    func summary(_ event: Event) -> String {
        let record = event.entry.record
        let bases = record.pasal17.map { "\(wording.reference($0)) (\(wording.categoryLabel($0.letter)))" }
        var parts = [label(event) + (event.basis.map { ": \($0)" } ?? "") + "."]
        parts.append("\(wording["col_pasal17"]): \(bases.joined(separator: "; ")).")
        parts.append("\(wording["col_unit"]): \(record.unit).")
        if record.period != nil { parts.append("\(wording["col_period"]): \(wording.period(record)).") }
        return parts.joined(separator: " ")
    }

    func element(_ name: String, _ text: String) -> String { "<\(name)>\(XMLText.escape(text))</\(name)>" }

    func link(rel: String, type: String, href: String) -> String {
        "<link rel=\"\(rel)\" type=\"\(type)\" href=\"\(XMLText.escape(href))\"/>"
    }
}

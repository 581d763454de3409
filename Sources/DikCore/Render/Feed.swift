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

    /// Sixteen bytes: a national register has a million and a half events, held
    /// while its feeds are written. The record is read again when the event is.
    struct Event: Sendable {
        /// Index into the register's entries.
        let entry: UInt32
        let date: LocalDate
        let kind: Kind
        /// The `riwayat` event whose `dasar` explains this one, or -1.
        let basisEvent: Int16
    }

    let register: PublicRegister
    let wording: Wording
    /// The absolute address of this language's pages, e.g. `https://…/dik/en/`.
    let siteURL: String
    /// `events(register)`, shared by the feeds of every language.
    let events: [Event]

    /// Every event of the published entries up to the build date, newest first; an
    /// entry's events of the same kind on the same day count once.
    static func events(_ register: PublicRegister) -> [Event] {
        var events: [Event] = []
        for (index, entry) in register.entries.enumerated() where !entry.placement.isDraft {
            let record = entry.record
            var decisions = Set<LocalDate>()
            var decisionBasis: [LocalDate: Int] = [:]
            var own: [Event] = []
            func add(_ date: LocalDate, _ kind: Kind, basis: Int?) {
                guard date <= register.buildDate,
                      !own.contains(where: { $0.date == date && $0.kind.key == kind.key }) else { return }
                own.append(Event(entry: UInt32(index), date: date, kind: kind,
                                 basisEvent: Int16(clamping: basis ?? -1)))
            }
            if let date = record.penetapan?.tanggal { decisions.insert(date) }
            for (position, event) in record.riwayat.enumerated() {
                guard let date = event.tanggal, let status = event.status else { continue }
                switch status {
                case .ditetapkan:
                    decisions.insert(date)
                    if event.dasar != nil { decisionBasis[date] = position }
                case .dibuka, .dicabut:
                    add(date, .opened(status), basis: event.dasar == nil ? nil : position)
                case .usulan, .diuji:
                    continue
                }
            }
            for (order, date) in decisions.sorted().enumerated() {
                add(date, order == 0 ? .decided : .redecided, basis: decisionBasis[date])
            }
            if case .noLongerExempt(.periodEnded(let end)) = entry.placement { add(end, .periodEnded, basis: nil) }
            events += own
        }
        // Ties on the day go by id (as text), then kind; the order ids have as text is
        // worked out once instead of reading two records per comparison.
        let ids = register.entries.map(\.record.id)
        var rank = [UInt32](repeating: 0, count: ids.count)
        for (position, index) in ids.indices.sorted(by: { ids[$0] < ids[$1] }).enumerated() {
            rank[index] = UInt32(position)
        }
        events.sort {
            ($1.date, rank[Int($0.entry)], $0.kind.order) < ($0.date, rank[Int($1.entry)], $1.kind.order)
        }
        return events
    }

    /// Written line by line as bytes: a national register's feed is tens of megabytes.
    func write(into output: ChunkedOutput) throws {
        let settings = register.settings
        let updated = events.first?.date ?? register.buildDate
        output.write { out in
            out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n".utf8
            out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"".utf8
            XMLText.append(wording.language, to: &out)
            out += "\">\n".utf8
            element("id", siteURL + "feed.xml", into: &out)
            element("title", "\(settings.siteName) · \(settings.bodyName)", into: &out)
            element("subtitle", wording["feed_subtitle"], into: &out)
            element("updated", XMLText.timestamp(updated), into: &out)
            out += "<author>".utf8
            element("name", settings.ppidName, line: false, into: &out)
            if let email = settings.ppidEmail { element("email", email, line: false, into: &out) }
            out += "</author>\n".utf8
            link(rel: "self", type: "application/atom+xml", href: siteURL + "feed.xml", into: &out)
            link(rel: "alternate", type: "text/html", href: siteURL, into: &out)
            out += "<generator>dik</generator>\n".utf8
        }
        for event in events {
            let record = register.entries[Int(event.entry)].record
            output.write { out in entry(event, record, into: &out) }
            try output.flushIfFull()
        }
        output.write { $0 += "</feed>\n".utf8 }
    }

    private func entry(_ event: Event, _ record: PublicRecord, into out: inout [UInt8]) {
        let page = "\(siteURL)dik/\(record.slug)/"
        out += "<entry>\n<id>".utf8
        XMLText.append(page, to: &out)
        out.append(0x23) // "#"
        XMLText.append(event.kind.key, to: &out)
        out.append(0x2D) // "-"
        XMLText.append(event.date.iso, to: &out)
        out += "</id>\n".utf8
        element("title", title(event, record), into: &out)
        element("updated", XMLText.timestamp(event.date), into: &out)
        link(rel: "alternate", type: "text/html", href: page, into: &out)
        for ref in record.pasal17 {
            out += "<category term=\"".utf8
            XMLText.append(ref.description, to: &out)
            out += "\" label=\"".utf8
            XMLText.append(wording.categoryLabel(ref.letter), to: &out)
            out += "\"/>\n".utf8
        }
        element("summary", summary(event, record), into: &out)
        out += "</entry>\n".utf8
    }

    func label(_ event: Event) -> String {
        switch event.kind {
        case .decided: wording["feed_decided"]
        case .redecided: wording["feed_redecided"]
        case .opened(let status): wording["opened_\(status.rawValue)"]
        case .periodEnded: wording["opened_period_ended"].replacingPlaceholder("date", with: wording.date(event.date))
        }
    }

    func title(_ event: Event, _ record: PublicRecord) -> String {
        return [record.id, record.informasi].compactMap { $0 }.joined(separator: ": ") + " — " + label(event)
    }

    func summary(_ event: Event, _ record: PublicRecord) -> String {
        let bases = record.pasal17.map { "\(wording.reference($0)) (\(wording.categoryLabel($0.letter)))" }
        let basis = record.riwayat.indices.contains(Int(event.basisEvent)) ? record.riwayat[Int(event.basisEvent)].dasar : nil
        var parts = [label(event) + (basis.map { ": \($0)" } ?? "") + "."]
        parts.append("\(wording["col_pasal17"]): \(bases.joined(separator: "; ")).")
        parts.append("\(wording["col_unit"]): \(record.unit).")
        if record.period != nil { parts.append("\(wording["col_period"]): \(wording.period(record)).") }
        return parts.joined(separator: " ")
    }

    /// `<name>text</name>`, the text escaped, and a line break unless `line` is false.
    func element(_ name: String, _ text: String, line: Bool = true, into out: inout [UInt8]) {
        out.append(0x3C)
        out += name.utf8
        out.append(0x3E)
        XMLText.append(text, to: &out)
        out += "</".utf8
        out += name.utf8
        out.append(0x3E)
        if line { out.append(0x0A) }
    }

    func link(rel: String, type: String, href: String, into out: inout [UInt8]) {
        out += "<link rel=\"\(rel)\" type=\"\(type)\" href=\"".utf8
        XMLText.append(href, to: &out)
        out += "\"/>\n".utf8
    }
}

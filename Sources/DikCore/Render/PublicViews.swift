/// Mustache contexts built from public values only. Everything here takes a
/// `PublicEntry` or `PublicSettings`; neither can carry internal data.
///
/// Sendable by hand: the stored page context holds only strings and arrays of them.
struct PublicViews: @unchecked Sendable {
    let wording: Wording
    let settings: PublicSettings
    let buildDate: LocalDate
    /// Letters that have their own page; the others are explained on the overview.
    let categoryPages: Set<Character>
    /// What every page's context has whatever the page: built once, not per page.
    private let pageBase: ViewContext
    /// Every Pasal 17 basis's words, built once: all but its link, which depends on
    /// the page. (Every entry cites one or more, on every page it appears on.)
    private let pasal17Words: [Pasal17Ref: ViewContext]

    init(wording: Wording, settings: PublicSettings, buildDate: LocalDate, categoryPages: Set<Character>) {
        self.wording = wording
        self.settings = settings
        self.buildDate = buildDate
        self.categoryPages = categoryPages
        pageBase = [
            "site": Self.site(settings), "t": ViewContext(wording.strings), "lang": wording.language,
            "build_date": wording.date(buildDate), "build_date_iso": buildDate.iso,
        ]
        var words: [Pasal17Ref: ViewContext] = [:]
        for letter in "abcdefghij" {
            let angka = RegisterKeys.angkaLimit[letter].map { Array(1...$0) } ?? []
            for ref in [Pasal17Ref(letter: letter, angka: nil)] + angka.map({ Pasal17Ref(letter: letter, angka: $0) }) {
                words[ref] = Self.pasal17Words(ref, wording: wording)
            }
        }
        pasal17Words = words
    }

    private static func pasal17Words(_ ref: Pasal17Ref, wording: Wording) -> ViewContext {
        [
            "code": ref.description, "letter": String(ref.letter), "ref": wording.reference(ref),
            "label": wording.categoryLabel(ref.letter),
        ]
    }

    private static func site(_ settings: PublicSettings) -> ViewContext {
        var site: ViewContext = [
            "name": settings.siteName, "body": settings.bodyName, "ppid": settings.ppidName,
            "base_url": settings.baseURL, "letterhead": settings.letterhead,
        ]
        site["address"] = settings.ppidAddress
        site["email"] = settings.ppidEmail
        site["phone"] = settings.ppidPhone
        site["logo"] = settings.logo
        return site
    }

    func page(root: String, title: String, extra: ViewContext) -> ViewContext {
        var context = pageBase
        context["root"] = root
        context["page_title"] = title
        context.merge(extra)
        return context
    }

    func entry(_ entry: PublicEntry, number: Int? = nil, root: String) -> ViewContext {
        entry.withRecord { view(of: $0, placement: entry.placement, number: number, root: root) }
    }

    private func view(of record: PublicRecord, placement: Placement, number: Int?, root: String) -> ViewContext {
        // Room for every key below at once: growing the table as keys arrive rehashed it.
        var view = ViewContext(minimumCapacity: 24)
        view[Key.id] = record.id
        view[Key.slug] = record.slug
        view[Key.url] = "\(root)dik/\(record.slug)/"
        view[Key.unit] = record.unit
        view[Key.status] = record.status.rawValue
        view[Key.statusLabel] = wording.status(record.status)
        view[Key.pasal17] = record.pasal17.map { pasal17($0, root: root) }
        view[Key.dasarHukum] = record.dasarHukum
        view[Key.hasDasarHukum] = !record.dasarHukum.isEmpty
        view[Key.inForce] = placement.isInForce
        view[Key.draft] = placement.isDraft
        if let number { view[Key.no] = number }
        // What the home table's filter matches a row on.
        view[Key.filterLetters] = Set(record.pasal17.map { String($0.letter) }).sorted().joined(separator: " ")
        view[Key.filterYear] = record.penetapan?.tanggal.map { String($0.year) } ?? ""
        view[Key.informasi] = record.informasi
        view[Key.konsekuensiDibuka] = record.konsekuensiDibuka
        view[Key.pertimbanganDitutup] = record.pertimbanganDitutup
        if let partial = record.sebagian {
            view[Key.sebagian] = partial
            view[Key.sebagianText] = wording[partial ? "partial_yes" : "partial_no"]
        }
        if record.period != nil {
            var period: ViewContext = [Key.text: wording.period(record), Key.kind: record.period?.kind ?? ""]
            // An event is the register's own words, not the interface's.
            if case .event = record.period { period[Key.isEvent] = true }
            if let end = record.endDate {
                period[Key.end] = wording.date(end)
                period[Key.endIso] = end.iso
            }
            view[Key.period] = period
        }
        if let decree = record.penetapan {
            var penetapan: ViewContext = [:]
            penetapan[Key.nomor] = decree.nomor
            penetapan[Key.tanggal] = decree.tanggal.map(wording.date)
            penetapan[Key.tanggalIso] = decree.tanggal?.iso
            penetapan[Key.tempat] = decree.tempat
            penetapan[Key.pejabat] = decree.pejabat
            penetapan[Key.disetujuiOleh] = decree.disetujuiOleh
            view[Key.penetapan] = penetapan
        }
        view[Key.hasRiwayat] = !record.riwayat.isEmpty
        if !record.riwayat.isEmpty {
            view[Key.riwayat] = record.riwayat.map { event -> ViewContext in
                var item: ViewContext = [:]
                item[Key.tanggal] = event.tanggal.map(wording.date)
                item[Key.statusLabel] = event.status.map(wording.status)
                item[Key.dasar] = event.dasar
                return item
            }
        }
        if let opening = placement.opening {
            var opened: ViewContext = [Key.reason: wording.opening(opening)]
            opened[Key.date] = opening.date.map(wording.date)
            // An ended period already names its date in the reason.
            if case .decided(_, let date?, _) = opening { opened[Key.dateNote] = wording.date(date) }
            view[Key.opened] = opened
        }
        return view
    }

    func pasal17(_ ref: Pasal17Ref, root: String) -> ViewContext {
        var view = pasal17Words[ref] ?? Self.pasal17Words(ref, wording: wording)
        view[Key.url] = categoryURL(ref.letter, root: root)
        return view
    }

    /// The names of an entry's view, made once: a name written as a literal is made
    /// (its String and hash) every time the line runs, and a register's lists run these
    /// lines for every entry on every page it appears on.
    private enum Key {
        static let id: ContextKey = "id"
        static let slug: ContextKey = "slug"
        static let url: ContextKey = "url"
        static let unit: ContextKey = "unit"
        static let status: ContextKey = "status"
        static let statusLabel: ContextKey = "status_label"
        static let pasal17: ContextKey = "pasal17"
        static let dasarHukum: ContextKey = "dasar_hukum"
        static let hasDasarHukum: ContextKey = "has_dasar_hukum"
        static let inForce: ContextKey = "in_force"
        static let draft: ContextKey = "draft"
        static let no: ContextKey = "no"
        static let filterLetters: ContextKey = "filter_letters"
        static let filterYear: ContextKey = "filter_year"
        static let informasi: ContextKey = "informasi"
        static let konsekuensiDibuka: ContextKey = "konsekuensi_dibuka"
        static let pertimbanganDitutup: ContextKey = "pertimbangan_ditutup"
        static let sebagian: ContextKey = "sebagian"
        static let sebagianText: ContextKey = "sebagian_text"
        static let isEvent: ContextKey = "is_event"
        static let end: ContextKey = "end"
        static let endIso: ContextKey = "end_iso"
        static let period: ContextKey = "period"
        static let nomor: ContextKey = "nomor"
        static let tanggal: ContextKey = "tanggal"
        static let tanggalIso: ContextKey = "tanggal_iso"
        static let tempat: ContextKey = "tempat"
        static let pejabat: ContextKey = "pejabat"
        static let disetujuiOleh: ContextKey = "disetujui_oleh"
        static let penetapan: ContextKey = "penetapan"
        static let hasRiwayat: ContextKey = "has_riwayat"
        static let riwayat: ContextKey = "riwayat"
        static let dasar: ContextKey = "dasar"
        static let date: ContextKey = "date"
        static let dateNote: ContextKey = "date_note"
        static let opened: ContextKey = "opened"
        static let text: ContextKey = "text"
        static let kind: ContextKey = "kind"
        static let reason: ContextKey = "reason"
    }

    func categoryURL(_ letter: Character, root: String) -> String {
        categoryPages.contains(letter) ? "\(root)kategori/\(letter)/" : "\(root)kategori/#huruf-\(letter)"
    }

    func category(_ letter: Character, entries: [PublicEntry], root: String) -> ViewContext {
        [
            "letter": String(letter), "label": wording.categoryLabel(letter),
            "heading": wording.categoryHeading(letter), "explanation": wording.categoryExplanation(letter),
            "url": categoryURL(letter, root: root),
            "count": entries.count, "temporary": Pasal17Catalogue.isTemporary(letter),
        ]
    }
}

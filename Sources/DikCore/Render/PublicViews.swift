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
        let record = entry.record
        // Room for every key below at once: growing the table as keys arrive rehashed it.
        var view = ViewContext(minimumCapacity: 24)
        view["id"] = record.id
        view["slug"] = record.slug
        view["url"] = "\(root)dik/\(record.slug)/"
        view["unit"] = record.unit
        view["status"] = record.status.rawValue
        view["status_label"] = wording.status(record.status)
        view["pasal17"] = record.pasal17.map { pasal17($0, root: root) }
        view["dasar_hukum"] = record.dasarHukum
        view["has_dasar_hukum"] = !record.dasarHukum.isEmpty
        view["in_force"] = entry.placement.isInForce
        view["draft"] = entry.placement.isDraft
        if let number { view["no"] = number }
        // What the home table's filter matches a row on.
        view["filter_letters"] = Set(record.pasal17.map { String($0.letter) }).sorted().joined(separator: " ")
        view["filter_year"] = record.penetapan?.tanggal.map { String($0.year) } ?? ""
        view["informasi"] = record.informasi
        view["konsekuensi_dibuka"] = record.konsekuensiDibuka
        view["pertimbangan_ditutup"] = record.pertimbanganDitutup
        if let partial = record.sebagian {
            view["sebagian"] = partial
            view["sebagian_text"] = wording[partial ? "partial_yes" : "partial_no"]
        }
        if record.period != nil {
            var period: ViewContext = ["text": wording.period(record), "kind": record.period?.kind ?? ""]
            // An event is the register's own words, not the interface's.
            if case .event = record.period { period["is_event"] = true }
            if let end = entry.endDate {
                period["end"] = wording.date(end)
                period["end_iso"] = end.iso
            }
            view["period"] = period
        }
        if let decree = record.penetapan {
            var penetapan: ViewContext = [:]
            penetapan["nomor"] = decree.nomor
            penetapan["tanggal"] = decree.tanggal.map(wording.date)
            penetapan["tanggal_iso"] = decree.tanggal?.iso
            penetapan["tempat"] = decree.tempat
            penetapan["pejabat"] = decree.pejabat
            penetapan["disetujui_oleh"] = decree.disetujuiOleh
            view["penetapan"] = penetapan
        }
        view["has_riwayat"] = !record.riwayat.isEmpty
        if !record.riwayat.isEmpty {
            view["riwayat"] = record.riwayat.map { event -> ViewContext in
                var item: ViewContext = [:]
                item["tanggal"] = event.tanggal.map(wording.date)
                item["status_label"] = event.status.map(wording.status)
                item["dasar"] = event.dasar
                return item
            }
        }
        if let opening = entry.placement.opening {
            var opened: ViewContext = ["reason": wording.opening(opening)]
            opened["date"] = opening.date.map(wording.date)
            // An ended period already names its date in the reason.
            if case .decided(_, let date?, _) = opening { opened["date_note"] = wording.date(date) }
            view["opened"] = opened
        }
        return view
    }

    func pasal17(_ ref: Pasal17Ref, root: String) -> ViewContext {
        var view = pasal17Words[ref] ?? Self.pasal17Words(ref, wording: wording)
        view["url"] = categoryURL(ref.letter, root: root)
        return view
    }

    func categoryURL(_ letter: Character, root: String) -> String {
        categoryPages.contains(letter) ? "\(root)kategori/\(letter)/" : "\(root)kategori/#huruf-\(letter)"
    }

    func category(_ letter: Character, entries: [PublicEntry], root: String) -> ViewContext {
        [
            "letter": String(letter), "label": wording.categoryLabel(letter),
            "heading": wording.categoryHeading(letter), "explanation": wording.categoryExplanation(letter),
            "url": categoryURL(letter, root: root),
            "count": entries.count, "temporary": ("a"..."f").contains(letter),
        ]
    }
}

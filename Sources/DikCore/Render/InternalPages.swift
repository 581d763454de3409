/// The internal site: the register pages with drafts, plus a full page per entry of
/// every status and a dashboard. Only this renderer sees `Entry`.
public struct InternalPages: Sendable {
    let register: InternalRegister
    let templates: TemplateSet
    let pages: RegisterPages

    /// `chrome` adds to the context of every page (the review preview's bar).
    public init(register: InternalRegister, templates: TemplateSet, language: String,
                chrome: @escaping @Sendable (_ path: String, _ root: String) -> ViewContext = { _, _ in [:] }) {
        self.register = register
        self.templates = templates
        self.pages = RegisterPages(register: register.publicView, templates: templates, language: language,
                                   chrome: { path, root in
                                       chrome(path, root).merging(["internal": true])
                                   })
    }

    /// The register pages this site shares with the public one (home, categories, ...).
    public var registerPages: RegisterPages { pages }

    public func renderAll(to sink: OutputSink) throws {
        try pages.renderAll(to: sink, noticePages: false)
        try sink.write("robots.txt", text: "User-agent: *\nDisallow: /\n")
        try sink.write("dasbor/index.html", text: dashboard())
        let entries = register.entries
        try ConcurrentWork.forEach(entries.indices) { index in
            let entry = entries[index]
            try sink.write("dik/\(entry.publicEntry.record.slug)/index.html", entryPageBytes(entry))
        }
    }

    public func entryPage(_ item: InternalEntry) -> String {
        String(decoding: entryPageBytes(item), as: UTF8.self)
    }

    func entryPageBytes(_ item: InternalEntry) -> [UInt8] {
        let path = "dik/\(item.publicEntry.record.slug)/index.html"
        let root = RegisterPages.root(for: path)
        let entry = item.entry
        let body = entry.body
        var details: ViewContext = [
            "source": entry.source.displayPath,
            "body_html": Markdown.html(body),
            // Same as "not empty once trimmed", without building the trimmed copy.
            "has_body": body.unicodeScalars.contains { !$0.properties.isWhitespace },
            "findings": item.findings.map { finding -> ViewContext in
                ["severity": finding.severity.rawValue, "line": finding.location.line,
                 "message": DiagnosticMessages.message(finding.problem, language: .id)]
            },
            "has_findings": !item.findings.isEmpty,
        ]
        let part = entry.internalPart
        if let test = part.consequenceTest {
            var view: ViewContext = ["peserta": test.peserta, "has_peserta": !test.peserta.isEmpty]
            view["nomor"] = test.nomor
            view["tanggal"] = test.tanggal.flatMap { LocalDate(iso: $0) }.map(pages.wording.date)
            view["analisis"] = test.analisis
            details["uji"] = view
        }
        if let notes = part.internalNotes { details["internal_notes_html"] = Self.html(notes) }
        if !part.unknownFields.isEmpty {
            details["unknown_html"] = Self.html(.map(part.unknownFields))
        }
        return pages.pageBytes("internal-entry", path: path, title: item.publicEntry.record.id, [
            "entry": pages.views.entry(item.publicEntry, root: root), "internal_entry": details,
        ])
    }

    public func dashboard() -> String {
        let path = "dasbor/index.html"
        let root = RegisterPages.root(for: path)
        let all = register.entries
        let date = register.buildDate
        let byStatus = EntryStatus.allCases.map { status -> ViewContext in
            ["label": pages.wording.status(status), "status": status.rawValue,
             "count": all.filter { $0.publicEntry.status == status }.count]
        }
        let categoryCounts = Pasal17Catalogue.all.map { category in
            all.filter { $0.publicEntry.cites(category.letter) }.count
        }
        let byCategory = zip(Pasal17Catalogue.all, categoryCounts).map { category, count -> ViewContext in
            ["letter": String(category.letter), "label": pages.wording.categoryLabel(category.letter), "count": count]
        }
        let categoryBars = zip(Pasal17Catalogue.all, categoryCounts).map { category, count in
            BarChart.Bar(label: "\(category.letter). \(pages.wording.categoryLabel(category.letter))", value: count)
        }
        func ending(within days: Int) -> [ViewContext] {
            all.filter { item in
                guard item.publicEntry.placement.isInForce, let end = item.publicEntry.endDate else { return false }
                return date.days(until: end) <= days
            }.map { item in
                var view = pages.views.entry(item.publicEntry, root: root)
                view["days_left"] = date.days(until: item.publicEntry.endDate!)
                return view
            }
        }
        let problems = all.filter { !$0.findings.isEmpty }.map { item -> ViewContext in
            var view = pages.views.entry(item.publicEntry, root: root)
            view["findings"] = item.findings.map { DiagnosticMessages.message($0.problem, language: .id) }
            return view
        }
        return pages.page("dashboard", path: path, title: pages.wording["dashboard_title"], [
            "by_status": byStatus, "by_category": byCategory, "total": all.count,
            "chart_category_html": BarChart.rows(categoryBars, title: pages.wording["dashboard_by_category"],
                                                 id: "grafik-kategori"),
            "chart_unit_html": BarChart.rows(unitCounts, title: pages.wording["dashboard_by_unit"], id: "grafik-unit"),
            "chart_month_html": BarChart.columns(endingPerMonth(), title: pages.wording["dashboard_by_month"],
                                                 id: "grafik-bulan"),
            "ending_30": ending(within: 30), "ending_90": ending(within: 90),
            "has_ending_30": !ending(within: 30).isEmpty, "has_ending_90": !ending(within: 90).isEmpty,
            "problems": problems, "has_problems": !problems.isEmpty,
        ])
    }

    /// Entries of every status per holding unit, most first.
    var unitCounts: [BarChart.Bar] {
        Dictionary(grouping: register.entries, by: \.publicEntry.record.unit)
            .map { BarChart.Bar(label: $0.key, value: $0.value.count) }
            .sorted { ($1.value, $0.label) < ($0.value, $1.label) }
    }

    /// Entries in force whose period ends in each of the twelve months from the build
    /// month on.
    func endingPerMonth() -> [BarChart.Bar] {
        let date = register.buildDate
        var counts = Array(repeating: 0, count: 12)
        for item in register.entries where item.publicEntry.placement.isInForce {
            guard let end = item.publicEntry.endDate else { continue }
            let offset = (end.year - date.year) * 12 + end.month - date.month
            if (0..<12).contains(offset) { counts[offset] += 1 }
        }
        return counts.enumerated().map { offset, count in
            let month = (date.month - 1 + offset) % 12 + 1
            let year = date.year + (date.month - 1 + offset) / 12
            return BarChart.Bar(label: pages.wording.month(month, year: year), value: count)
        }
    }

    /// Internal YAML as nested definition lists, escaped here since it is emitted raw.
    static func html(_ value: InternalValue) -> String {
        switch value {
        case .text(let text):
            return HTMLEscaping.escape(text)
        case .list(let items):
            return "<ul>" + items.map { "<li>\(html($0))</li>" }.joined() + "</ul>"
        case .map(let fields):
            return "<dl>" + fields.map { "<dt>\(HTMLEscaping.escape($0.key))</dt><dd>\(html($0.value))</dd>" }
                .joined() + "</dl>"
        }
    }
}

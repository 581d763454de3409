/// `cetak/index.html`: the register as the signed document a PPID keeps in hard copy:
/// letterhead, the usual columns, and the place, date and signature block of the
/// approving official, laid out for A4 landscape.
extension RegisterPages {
    func printPage() -> ListPage {
        let path = "cetak/index.html"
        let root = Self.root(for: path)
        let settings = register.settings
        var signatory: ViewContext = [:]
        signatory["place"] = settings.signatory.place
        signatory["title"] = settings.signatory.title
        signatory["name"] = settings.signatory.name
        signatory["nip"] = settings.signatory.nip
        signatory["date"] = wording.date(register.buildDate)
        var context: ViewContext = [
            "entries": rows(register.inForce, root: root), "count": register.inForce.count,
            "has_entries": !register.inForce.isEmpty, "letterhead_lines": settings.letterhead,
            "has_letterhead": !settings.letterhead.isEmpty || settings.logo != nil,
            "signatory": signatory,
        ]
        if let logo = settings.logo {
            context["logo_url"] = Self.isAbsolute(logo) ? logo : baseRoot(for: path) + logo
        }
        return ListPage(template: "print", path: path, title: wording["print_title"], extra: context)
    }

    /// Whether a link from `site.yml` already says where it goes.
    static func isAbsolute(_ link: String) -> Bool {
        let lowered = link.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("/")
            || lowered.hasPrefix("data:")
    }
}

import DikCore
import DikTestSupport
import Foundation
import Testing

@Suite("The public site in Indonesian and English")
struct LanguageTests {
    static let themeFolder = FixtureSite.themeFolder

    @Test func everyInterfaceStringExistsInBothLanguages() throws {
        let templates = try TemplateSet.load(theme: Self.themeFolder, siteRoot: nil).get()
        let indonesian = try #require(templates.strings["id"])
        let english = try #require(templates.strings["en"])
        #expect(Set(indonesian.keys) == Set(english.keys))
        #expect(indonesian.count > 100)
        // Every placeholder a text uses survives translation.
        for (key, text) in indonesian {
            for placeholder in ["{n}", "{date}", "{code}", "{letter}", "{shown}", "{total}"] where text.contains(placeholder) {
                #expect(english[key]?.contains(placeholder) == true, "\(key) lost \(placeholder) in English")
            }
        }
        // Every `t.` key a template uses is defined.
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.themeFolder.path)
        where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: Self.themeFolder.appendingPathComponent(name), encoding: .utf8)
            for part in text.components(separatedBy: "{{t.").dropFirst() {
                let key = String(part.prefix { $0 != "}" })
                #expect(indonesian[key] != nil, "\(name) uses t.\(key), which strings.id.yml lacks")
            }
        }
    }

    @Test func theEnglishSiteMirrorsEveryPageUnderEn() throws {
        let site = try OutputFixtures.built()
        let files = site.publicFiles
        let indonesianPages = files.keys.filter { $0.hasSuffix(".html") && !$0.hasPrefix("en/") }
        #expect(indonesianPages.count > 10)
        for page in indonesianPages {
            #expect(files["en/" + page] != nil, "en/\(page) missing")
        }
        #expect(files["en/assets/style.css"] == nil, "assets are shared, not copied")
        let home = try #require(site.publicText("en/index.html"))
        #expect(home.contains("<html lang=\"en\">"))
        #expect(home.contains("Register of Exempted Information"))
        #expect(home.contains("Would reveal personal secrets"))
        #expect(home.contains("letter h.3"))
        #expect(home.contains("5 years from 30 April 2025"))
        #expect(home.contains("<link rel=\"stylesheet\" href=\"../assets/style.css\">"))
        #expect(home.contains("<script src=\"../assets/filter.js\" defer></script>"))
        #expect(home.contains("href=\"../dik.csv\""))
        // The register's own words stay Indonesian and say so.
        #expect(home.contains("<td lang=\"id\">Satpol PP</td>"))
        let category = try #require(site.publicText("en/kategori/d/index.html"))
        #expect(category.contains("Article 17, letter d"))
        #expect(category.contains("Would reveal Indonesia&#39;s natural resources"))
    }

    @Test func eachPageLinksToTheSamePageInTheOtherLanguage() throws {
        let site = try OutputFixtures.built()
        let notice = try #require(site.publicText("dik/dik-2025-001/index.html"))
        #expect(notice.contains("<a href=\"../../en/dik/dik-2025-001/\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(notice.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../en/dik/dik-2025-001/\">"))
        let english = try #require(site.publicText("en/dik/dik-2025-001/index.html"))
        #expect(english.contains("<a href=\"../../../dik/dik-2025-001/\" hreflang=\"id\" lang=\"id\">Bahasa Indonesia</a>"))
        let home = try #require(site.publicText("index.html"))
        #expect(home.contains("<a href=\"./en/\" hreflang=\"en\" lang=\"en\">English</a>"))
        let englishHome = try #require(site.publicText("en/index.html"))
        #expect(englishHome.contains("<a href=\"../\" hreflang=\"id\" lang=\"id\">Bahasa Indonesia</a>"))
        let notFound = try #require(site.publicText("en/404.html"))
        #expect(notFound.contains("href=\"https://ppid.kotauji.go.id/en/kategori/\""))
        #expect(notFound.contains("href=\"https://ppid.kotauji.go.id/assets/style.css\""))
    }

    @Test func aSiteWhoseLanguageIsEnglishPutsIndonesianUnderId() throws {
        let site = try FixtureSite(settings: FixtureSite.defaultSettings + "\nbahasa: en\n")
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(site.build().succeeded)
        #expect(site.publicText("index.html")?.contains("<html lang=\"en\">") == true)
        #expect(site.publicText("id/index.html")?.contains("<html lang=\"id\">") == true)
        #expect(site.publicFiles["en/index.html"] == nil)
    }

    @Test func everyInternalLinkOnEveryPublicPageReachesAWrittenFile() throws {
        let site = try OutputFixtures.built()
        let files = site.publicFiles
        let base = "https://ppid.kotauji.go.id/"
        var checked = 0
        for (path, bytes) in files where path.hasSuffix(".html") {
            for link in Self.links(in: bytes.utf8Text) {
                guard let target = Self.resolve(link, from: path, base: base) else { continue }
                checked += 1
                #expect(files[target] != nil, "\(path) links to \(link), which was not written")
            }
        }
        #expect(checked > 300)
    }

    /// Every href and src value in a page.
    static func links(in html: String) -> [String] {
        var found: [String] = []
        for attribute in [" href=\"", " src=\""] {
            for part in html.components(separatedBy: attribute).dropFirst() {
                found.append(String(part.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&"))
            }
        }
        return found
    }

    /// The written file a link reaches, or nil when it leaves the site.
    static func resolve(_ link: String, from page: String, base: String) -> String? {
        var target = link.split(separator: "#", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if target.hasPrefix(base) {
            target = String(target.dropFirst(base.count))
        } else if target.contains(":") || target.hasPrefix("//") {
            return nil
        } else {
            var parts = page.split(separator: "/").dropLast().map(String.init)
            for piece in target.split(separator: "/", omittingEmptySubsequences: false) {
                if piece == ".." { _ = parts.popLast() } else if piece != "." && !piece.isEmpty { parts.append(String(piece)) }
            }
            let folder = target.hasSuffix("/") || target.isEmpty || target.hasSuffix(".")
            target = parts.joined(separator: "/") + (folder && !parts.isEmpty ? "/" : "")
        }
        if target.isEmpty || target.hasSuffix("/") { target += "index.html" }
        return target
    }
}

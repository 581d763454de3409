import DikCore
import DikTestSupport
import Foundation
import Testing

@Suite("feed.xml, sitemap.xml and robots.txt")
struct FeedAndSitemapTests {
    @Test func theFeedIsAtomWithOneEntryPerRegisterEventNewestFirst() throws {
        let site = try OutputFixtures.built()
        let feed = XMLDocumentReader.read(try #require(site.publicFiles["feed.xml"]))
        #expect(feed.error == nil, "\(String(describing: feed.error))")
        let root = try #require(feed.elements.first)
        #expect(root.name == "feed" && root.attributes["xmlns"] == "http://www.w3.org/2005/Atom")
        let ids = feed.all("id").filter { $0.depth == 2 }.map(\.text)
        let siteURL = "https://ppid.kotauji.go.id/"
        let base = siteURL + "dik/"
        #expect(ids == [
            "\(base)dik-2023-005/#berakhir-2026-06-30",
            "\(base)dik-2024-003/#ditetapkan-ulang-2025-09-08",
            "\(base)dik-2023-006/#dicabut-2025-08-12",
            "\(base)dik-2025-001/#ditetapkan-2025-04-30",
            "\(base)dik-2025-002/#ditetapkan-2025-02-10",
            "\(base)dik-2022-007/#dibuka-2025-01-02",
            "\(base)dik-2024-004/#ditetapkan-2024-06-01",
            "\(base)dik-2024-003/#ditetapkan-2024-03-01",
            "\(base)dik-2023-006/#ditetapkan-2023-03-01",
            "\(base)dik-2023-005/#ditetapkan-2023-01-10",
            "\(base)dik-2022-007/#ditetapkan-2022-01-01",
        ])
        let updated = feed.all("updated").map(\.text)
        #expect(updated.first == "2026-06-30T00:00:00Z", "the feed is as new as its newest event, not the clock")
        #expect(Array(updated.dropFirst()) == updated.dropFirst().sorted(by: >))
        let titles = feed.all("title").map(\.text)
        #expect(titles.contains("DIK-2023-006: Hasil audit kinerja — Dicabut berdasarkan putusan"))
        #expect(titles.contains { $0.hasPrefix("DIK-2025-001: \"Daftar gaji, tunjangan\" & rekening") })
        let links = feed.all("link").compactMap { $0.attributes["href"] }
        #expect(links.contains("\(siteURL)feed.xml") && links.contains("\(base)dik-2025-001/"))
        #expect(feed.all("summary").contains { $0.text.contains("Putusan KI Provinsi No. 12/2025") })
        #expect(feed.all("category").contains { $0.attributes["term"] == "h.3" })
    }

    @Test func theFeedDependsOnTheRegisterOnly() throws {
        let site = try OutputFixtures.built()
        let before = try #require(site.publicFiles["feed.xml"])
        // A later build date with no new event gives the same feed.
        #expect(site.build(date: "2026-12-05").succeeded)
        #expect(site.publicFiles["feed.xml"] == before)
        // An event after the build date is not in the feed yet.
        #expect(site.build(date: "2025-08-11").succeeded)
        let earlier = try #require(site.publicText("feed.xml"))
        #expect(!earlier.contains("#dicabut-2025-08-12") && earlier.contains("#dibuka-2025-01-02"))
    }

    @Test func theEnglishFeedHasItsOwnIdsAndWords() throws {
        let site = try OutputFixtures.built()
        let feed = XMLDocumentReader.read(try #require(site.publicFiles["en/feed.xml"]))
        #expect(feed.error == nil)
        #expect(feed.elements.first?.attributes["xml:lang"] == "en")
        #expect(feed.all("id").contains { $0.text == "https://ppid.kotauji.go.id/en/dik/dik-2023-006/#dicabut-2025-08-12" })
        #expect(feed.all("id").first?.text == "https://ppid.kotauji.go.id/en/feed.xml")
        #expect(feed.all("title").contains { $0.text == "DIK-2023-006: Hasil audit kinerja — Revoked by a ruling" })
    }

    @Test func theSitemapListsExactlyTheHTMLPagesWritten() throws {
        let site = try OutputFixtures.built()
        let files = site.publicFiles
        let sitemap = XMLDocumentReader.read(try #require(files["sitemap.xml"]))
        #expect(sitemap.error == nil)
        #expect(sitemap.elements.first?.attributes["xmlns"] == "http://www.sitemaps.org/schemas/sitemap/0.9")
        let base = "https://ppid.kotauji.go.id/"
        let listed = sitemap.all("loc").map(\.text)
        #expect(listed.allSatisfy { $0.hasPrefix(base) })
        let listedFiles = Set(listed.map { loc -> String in
            let path = String(loc.dropFirst(base.count))
            return path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
        })
        let pages = Set(files.keys.filter { $0.hasSuffix(".html") && !$0.hasSuffix("404.html") })
        #expect(listedFiles == pages)
        #expect(listed.count == pages.count, "no page twice")
        for expected in ["", "dik/dik-2025-001/", "dik/dik-2023-005/", "kategori/h/", "cetak/", "en/", "en/cetak/",
                         "en/dik/dik-2022-007/", "tidak-dikecualikan/"] {
            #expect(listed.contains(base + expected), "\(expected) missing from the sitemap")
        }
        #expect(!listed.contains { $0.contains("404") || $0.contains("dik-2026-90") })
        #expect(site.publicText("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: \(base)sitemap.xml\n")
    }

    @Test func withoutAnAbsolutePublicURLThereIsNoSitemapOrFeedAndNoLinkToThem() throws {
        let site = try FixtureSite(settings: "nama_situs: Uji\nbadan_publik: Kota Uji\nurl_publik: /dik/\n")
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(site.build().succeeded)
        let files = site.publicFiles
        #expect(files["sitemap.xml"] == nil && files["feed.xml"] == nil && files["en/feed.xml"] == nil)
        #expect(site.publicText("robots.txt") == "User-agent: *\nAllow: /\n")
        #expect(site.publicText("index.html")?.contains("feed.xml") == false)
        #expect(files["dik.csv"] != nil && files["dik.json"] != nil)
    }
}

import DikCore
import DikTestSupport
import Foundation
import Testing

@Suite("The print view and the home table's filter")
struct PrintViewTests {
    @Test func thePrintViewIsTheSignedDocument() throws {
        let site = try OutputFixtures.built()
        let page = try #require(site.publicText("cetak/index.html"))
        #expect(page.contains("<link rel=\"stylesheet\" href=\"../assets/print.css\">"))
        #expect(site.publicText("assets/print.css")?.contains("size: A4 landscape") == true)
        // Letterhead from site.yml, logo from the site's own assets.
        #expect(page.contains("<p>PEMERINTAH KOTA UJI</p>"))
        #expect(page.contains("<img class=\"logo\" src=\"../assets/logo.svg\""))
        #expect(site.publicFiles["assets/logo.svg"] != nil)
        // The usual columns, the entries in force and nothing else.
        for column in ["Informasi", "Dasar hukum pengecualian", "Konsekuensi bila dibuka", "Jangka waktu", "Penetapan"] {
            #expect(page.contains("<th scope=\"col\">\(column)"), "column \(column)")
        }
        let rows = page.components(separatedBy: "<tr>").count - 2
        #expect(rows == OutputFixtures.inForce.count)
        for id in OutputFixtures.inForce { #expect(page.contains("<td>\(id)</td>")) }
        for id in OutputFixtures.noLongerExempt { #expect(!page.contains(id)) }
        #expect(page.contains("Pasal 17 huruf h.3"))
        #expect(page.contains("5 tahun sejak 30 April 2025"))
        // Place, date and the approving official.
        #expect(page.contains("<p>Kota Uji, 21 November 2026</p>"))
        #expect(page.contains("<p>Sekretaris Daerah selaku Atasan PPID</p>"))
        #expect(page.contains("<p class=\"signatory-name\">Dra. Siti Nurhaliza, M.Si.</p>"))
        #expect(page.contains("<p>NIP 197001011990032001</p>"))
        let english = try #require(site.publicText("en/cetak/index.html"))
        #expect(english.contains("Article 17 letter h.3") && english.contains("<p>Kota Uji, 21 November 2026</p>"))
    }

    @Test func withoutALetterheadThePrintViewNamesTheBodyAndPPID() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(site.build().succeeded)
        let page = try #require(site.publicText("cetak/index.html"))
        #expect(page.contains("<p>Pemerintah Kota Uji</p>\n<p>PPID Utama Kota Uji</p>"))
        #expect(!page.contains("<img"))
    }

    @Test func theHomeTableCarriesWhatTheFilterNeedsAndShowsEveryRowWithoutIt() throws {
        let site = try OutputFixtures.built()
        let home = try #require(site.publicText("index.html"))
        #expect(home.contains("<tr data-letters=\"h\" data-unit=\"Badan Kepegawaian Daerah\" data-year=\"2025\">"))
        #expect(home.contains("<tr data-letters=\"a\" data-unit=\"Satpol PP\" data-year=\"2025\">"))
        #expect(home.components(separatedBy: "<tr data-letters=").count - 1 == OutputFixtures.inForce.count)
        // The choices are what the rows hold.
        #expect(home.contains("<option value=\"d\">d. Mengungkapkan kekayaan alam Indonesia</option>"))
        #expect(!home.contains("<option value=\"e\">"), "e is used only by entries no longer exempt")
        #expect(home.contains("<option>Satpol PP</option>"))
        #expect(home.contains("<option>2024</option>") && home.contains("<option>2025</option>"))
        #expect(!home.contains("hidden data-letters") && !home.contains("<tr hidden"))
        let script = try #require(site.publicText("assets/filter.js"))
        #expect(script.contains("form.hidden = false"))
        #expect(!script.contains("http"), "no external resources")
    }
}

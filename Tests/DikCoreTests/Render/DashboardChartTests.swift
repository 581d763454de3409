import DikCore
import DikTestSupport
import Foundation
import Testing

@Suite("Dashboard charts")
struct DashboardChartTests {
    @Test func theDashboardDrawsCountsAsInlineSVG() throws {
        let site = try OutputFixtures.register()
        // Ends in December 2026 and in October 2027; one ends after the twelve months.
        try site.entry("DIK-2024-010", SampleEntries.decided(
            "DIK-2024-010", informasi: "Peta rawan", pasal17: "[c.1]", unit: "Kesbangpol",
            period: "  sampai: 2026-12-10", decreeDate: "2024-02-01"))
        try site.entry("DIK-2024-011", SampleEntries.decided(
            "DIK-2024-011", informasi: "Data perbatasan", pasal17: "[c.3]", unit: "Kesbangpol",
            period: "  sampai: 2027-10-31", decreeDate: "2024-02-01"))
        try site.entry("DIK-2024-012", SampleEntries.decided(
            "DIK-2024-012", informasi: "Data lama", pasal17: "[c.3]", unit: "Kesbangpol",
            period: "  sampai: 2027-11-01", decreeDate: "2024-02-01"))
        #expect(site.build(date: OutputFixtures.buildDate).succeeded)
        let page = try #require(site.internalText("dasbor/index.html"))
        #expect(!page.contains("<script"), "no chart library")
        let charts = page.components(separatedBy: "<svg class=\"chart\"").dropFirst()
        #expect(charts.count == 3)
        let categories = try #require(charts.first { $0.contains("id=\"grafik-kategori\"") })
        #expect(categories.contains("role=\"img\" aria-label=\"Entri per kategori\""))
        #expect(categories.contains("<title>c. Membahayakan pertahanan dan keamanan negara: 3</title>"))
        #expect(categories.contains("<title>h. Mengungkap rahasia pribadi: 1</title>"))
        let units = try #require(charts.first { $0.contains("id=\"grafik-unit\"") })
        // Most entries first.
        #expect(units.range(of: "Kesbangpol: 3")!.lowerBound < units.range(of: "Satpol PP: 1")!.lowerBound)
        let months = try #require(charts.first { $0.contains("id=\"grafik-bulan\"") })
        let bars = months.components(separatedBy: "<title>").dropFirst(2).map { String($0.prefix { $0 != "<" }) }
        #expect(bars.count == 12)
        #expect(bars.first == "Nov 2026: 0")
        #expect(bars[1] == "Des 2026: 1")
        #expect(bars[4] == "Mar 2027: 1")
        #expect(bars[11] == "Okt 2027: 1")
        #expect(bars.filter { !$0.hasSuffix(": 0") }.count == 3, "\(bars)")
    }
}

import DikCore
import DikTestSupport
import Foundation
import Testing

/// Hostile text in every public field and in bodies, and hostile or broken templates.
@Suite("Hostile input: markup in fields and bodies, broken and prying templates")
struct HostileTemplateTests {
    /// Breaks out of text, of double- and single-quoted attributes, and of a URL.
    static let payload = #"x"'><script>alert(1)</script><img src=x onerror=alert(2)>javascript:alert(3)"#
    static var yamlPayload: String { "'" + payload.replacingOccurrences(of: "'", with: "''") + "'" }

    static func assertNoRawPayload(_ files: [String: [UInt8]], _ label: String) {
        for (path, bytes) in files where path.hasSuffix(".html") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("<script>alert(1)"), "\(label) \(path): raw script")
            #expect(!text.contains("<img src=x"), "\(label) \(path): raw tag")
            #expect(!text.contains("x\"'>"), "\(label) \(path): attribute break-out")
            #expect(!text.lowercased().contains("href=\"javascript:"), "\(label) \(path): script URL")
        }
    }

    @Test func markupInEveryPublicFieldIsEscapedEverywhere() throws {
        let value = Self.yamlPayload
        let site = try FixtureSite(settings: """
            nama_situs: \(value)
            badan_publik: \(value)
            ppid:
              nama: \(value)
              alamat: \(value)
              email: \(value)
              telepon: \(value)
            kop:
              baris: [\(value)]
            penandatangan:
              tempat: \(value)
              jabatan: \(value)
              nama: \(value)
              nip: \(value)
            url_publik: https://ppid.kotauji.go.id/
            """)
        try site.entry("DIK-2025-001", """
            id: DIK-2025-001
            status: ditetapkan
            informasi: \(value)
            pasal17: [h.3, j]
            dasar_hukum: [\(value), UU 27/2022]
            unit: \(value)
            jangka_waktu:
              peristiwa: \(value)
            konsekuensi_dibuka: \(value)
            pertimbangan_ditutup: \(value)
            sebagian: true
            penetapan:
              nomor: \(value)
              tanggal: 2025-04-30
              tempat: \(value)
              pejabat: \(value)
              disetujui_oleh: \(value)
            riwayat:
              - tanggal: 2025-04-30
                status: ditetapkan
                dasar: \(value)
            uji_konsekuensi:
              nomor: \(value)
              tanggal: 2025-04-21
              peserta: [\(value)]
              analisis: \(value)
            internal:
              catatan: \(value)
            kunci_lain: \(value)
            """, body: "Uraian \(Self.payload)")
        try site.entry("DIK-2022-002", SampleEntries.decided("DIK-2022-002", informasi: value,
                                                             period: "  sampai: 2025-01-01", decreeDate: "2022-01-01"))
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        Self.assertNoRawPayload(site.publicFiles, "public")
        Self.assertNoRawPayload(site.internalFiles, "internal")
        let notice = try #require(site.publicText("dik/dik-2025-001/index.html"))
        #expect(notice.contains("x&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        let internalPage = try #require(site.internalText("dik/dik-2025-001/index.html"))
        #expect(internalPage.contains("x&quot;&#39;&gt;&lt;script&gt;alert(1)"))
    }

    @Test func rawHTMLAndScriptLinksInBodiesAreNeutralised() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"), body: """
            <script>alert(1)</script>

            <div onmouseover="alert(2)">teks</div> dan <img src=x onerror=alert(3)>

            [tautan](javascript:alert(4)) [lain](JaVaScRiPt:alert(5)) [entitas](java&#115;cript:alert(6))
            [data](data:text/html;base64,PHNjcmlwdD4=) ![gambar](vbscript:msgbox(7))
            """)
        #expect(site.build().succeeded)
        let page = try #require(site.internalText("dik/dik-2025-001/index.html"))
        #expect(page.contains("<!-- raw HTML omitted -->"))
        for forbidden in ["<script>alert(1)", "onmouseover=\"alert", "onerror=alert", "href=\"javascript:",
                          "href=\"data:text", "src=\"vbscript:"] {
            #expect(!page.lowercased().contains(forbidden.lowercased()), "\(forbidden)")
        }
        #expect(page.contains("tautan"), "the link text stays; only the URL goes")
    }

    /// First fuzz finding (Fuzz/regressions/escape/combining-mark-after-angle-bracket):
    /// a `>` followed by U+0301 is one Character, which fooled a Character-based check.
    /// The escaper and libcmark both work per scalar; this input stays text.
    @Test func combiningMarkAfterAnAngleBracketStaysText() {
        let input = "\u{301} on(1) <\"\u{301} onmouseover=arlet(1) <scriptx'\n"
        let html = Markdown.html(input)
        #expect(html == "<p>\u{301} on(1) &lt;&quot;\u{301} onmouseover=arlet(1) &lt;scriptx'</p>\n")
        #expect(HTMLEscaping.escape(input) == "\u{301} on(1) &lt;&quot;\u{301} onmouseover=arlet(1) &lt;scriptx&#39;\n")
    }

    @Test func aMissingThemeTemplateIsNamed() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(site.build().succeeded)
        let before = FixtureSite.files(under: site.outFolder)
        let theme = site.root.appendingPathComponent("theme")
        try FileManager.default.copyItem(at: FixtureSite.themeFolder, to: theme)
        try FileManager.default.removeItem(at: theme.appendingPathComponent("notice.mustache"))
        let report = SiteBuilder.build(BuildOptions(siteRoot: site.siteFolder, outRoot: site.outFolder,
                                                    date: LocalDate(iso: "2026-11-21")!, theme: theme))
        #expect(!report.succeeded)
        #expect(report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }
                == ["site-templates/notice.mustache: error: template 'notice.mustache' not found"])
        #expect(FixtureSite.files(under: site.outFolder) == before)
    }

    @Test func aMustacheSyntaxErrorNamesTheSiteTemplateAndLine() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(site.build().succeeded)
        let before = FixtureSite.files(under: site.outFolder)
        try site.write("templates/home.mustache", "<h1>Daftar</h1>\n<ul>\n{{#entries}}<li>{{id}</li>{{/entries}}\n</ul>\n")
        let report = site.build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) } == [
            "templates/home.mustache:3:21: error: template 'templates/home.mustache' has a syntax error: tag {{…}} tidak ditutup dengan }} (unclosed tag)",
        ])
        #expect(FixtureSite.files(under: site.outFolder) == before)

        // An unclosed section is only noticed at the end of the file, and named there.
        try site.write("templates/home.mustache", "<h1>Daftar</h1>\n<ul>\n{{#entries}}<li>{{id}}</li>\n</ul>\n")
        let unclosed = site.build()
        #expect(unclosed.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) } == [
            "templates/home.mustache:5:1: error: template 'templates/home.mustache' has a syntax error: bagian {{#…}} atau {{^…}} tidak ditutup dengan {{/…}} (unclosed section)",
        ])
        #expect(FixtureSite.files(under: site.outFolder) == before)
    }

    /// A site template that asks for internal data gets nothing: the public renderer
    /// never holds it, so the build succeeds and no canary appears.
    @Test func aTemplateAskingForInternalFieldsFindsNothingToPrint() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", extra: """
            internal:
              lokasi: CANARY-TEMPLATE-INTERNAL
            kunci_rahasia: CANARY-TEMPLATE-UNKNOWN
            """).replacingOccurrences(of: "Analisis singkat.", with: "CANARY-TEMPLATE-ANALISIS"),
                       body: "CANARY-TEMPLATE-BODY")
        try site.write("templates/notice.mustache", """
            {{<layout}}{{$main}}{{#entry}}<h1>{{id}}</h1>
            <p>[{{body}}][{{body_html}}][{{uji_konsekuensi}}][{{uji_konsekuensi.analisis}}][{{internal}}]</p>
            <p>[{{internal.lokasi}}][{{kunci_rahasia}}][{{unknownFields}}][{{consequenceTest.analisis}}]</p>
            <p>[{{record.body}}][{{source.absolutePath}}][{{entry.body}}]</p>{{/entry}}
            <p>[{{body}}][{{internal}}][{{site.url_internal}}]</p>{{/main}}{{/layout}}
            """)
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let notice = try #require(site.publicText("dik/dik-2025-001/index.html"))
        #expect(notice.contains("<p>[][][][][]</p>"), "every internal name prints nothing")
        for (path, bytes) in site.publicFiles {
            #expect(!bytes.containsIgnoringCase("CANARY-TEMPLATE"), "\(path)")
        }
    }
}

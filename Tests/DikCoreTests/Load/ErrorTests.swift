import DikCore
import DikTestSupport
import Foundation
import Testing

/// Each refusal names `path:line:column`, every error of the run comes together, and
/// nothing is published.
@Suite("Errors name the file, line and column")
struct ErrorTests {
    func errors(_ frontMatter: String, body: String = "") throws -> [String] {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", frontMatter, body: body)
        let report = site.build()
        #expect(!report.succeeded)
        #expect(site.publicFiles.isEmpty, "nothing is published")
        return report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }
    }

    @Test func invalidYAML() throws {
        let found = try errors("id: DIK-2025-001\nstatus: [usulan\nunit: X")
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("register/DIK-2025-001.md:4:"), "\(found)")
        #expect(found[0].contains("YAML syntax error"))
    }

    @Test func wrongTypes() throws {
        let found = try errors("""
            id: DIK-2025-001
            status: usulan
            pasal17: [b]
            unit: {nama: Biro}
            sebagian: mungkin
            """)
        #expect(found.contains("register/DIK-2025-001.md:5:7: error: 'unit' must be text"), "\(found)")
        #expect(found.contains("register/DIK-2025-001.md:6:11: error: 'sebagian' must be true or false"), "\(found)")
    }

    @Test func unknownStatus() throws {
        let found = try errors("id: DIK-2025-001\nstatus: disetujui\npasal17: [b]\nunit: Biro")
        #expect(found.contains { $0.hasPrefix("register/DIK-2025-001.md:3:9: error: unknown status 'disetujui'") },
                "\(found)")
    }

    @Test func invalidPasal17Values() throws {
        let found = try errors("id: DIK-2025-001\nstatus: usulan\npasal17: [k, h.9, b.1, \"17\"]\nunit: Biro")
        #expect(found.contains { $0.hasPrefix("register/DIK-2025-001.md:4:11: error: 'k' is not a valid Pasal 17") },
                "\(found)")
        #expect(found.contains { $0.hasPrefix("register/DIK-2025-001.md:4:14: error: 'h.9': Pasal 17 letter h only has angka 1 to 5") })
        #expect(found.contains { $0.hasPrefix("register/DIK-2025-001.md:4:19: error: 'b.1': Pasal 17 letter b has no angka") })
        #expect(found.contains { $0.hasPrefix("register/DIK-2025-001.md:4:24: error: '17' is not a valid Pasal 17") })
    }

    @Test func missingFieldsRequiredByStatus() throws {
        let found = try errors("id: DIK-2025-001\nstatus: ditetapkan\npasal17: [b]\nunit: Biro")
        for key in ["informasi", "uji_konsekuensi", "jangka_waktu", "penetapan"] {
            #expect(found.contains("register/DIK-2025-001.md:3:9: error: '\(key)' is required for an entry with status ditetapkan"),
                    "\(key): \(found)")
        }
    }

    @Test func alwaysRequiredFieldsPointAtTheFrontMatter() throws {
        let found = try errors("id: DIK-2025-001\nstatus: usulan")
        #expect(found.contains("register/DIK-2025-001.md:1:1: error: 'pasal17' is required"))
        #expect(found.contains("register/DIK-2025-001.md:1:1: error: 'unit' is required"))
    }

    @Test func duplicateIdsAcrossFilesIgnoringCase() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.draft("DIK-2025-001"))
        try site.entry("dik-2025-001", SampleEntries.draft("dik-2025-001"), file: "lain/salinan.md")
        let report = site.build()
        #expect(!report.succeeded)
        let messages = report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }
        #expect(messages == ["register/lain/salinan.md:2:5: error: id 'dik-2025-001' is already used in register/DIK-2025-001.md (case does not count); choose another number"],
                "\(messages)")
    }

    @Test func everyErrorOfTheRunIsReportedTogether() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", "id: DIK-2025-001\nstatus: usulan\npasal17: [z]\nunit: Biro")
        try site.entry("DIK-2025-002", "id: DIK-2025-002\nstatus: entah\npasal17: [b]\nunit: Biro")
        try site.write("register/DIK-2025-003.md", "tanpa front matter\n")
        let report = site.build()
        let paths = Set(report.diagnostics.errors.map(\.location.path))
        #expect(paths == ["register/DIK-2025-001.md", "register/DIK-2025-002.md", "register/DIK-2025-003.md"])
    }

    @Test func invalidDatesAndPeriods() throws {
        let found = try errors("""
            id: DIK-2025-001
            status: ditetapkan
            informasi: Data
            pasal17: [h.1]
            unit: Biro
            jangka_waktu:
              tahun: 5
              sampai: 2030-02-30
            penetapan:
              nomor: 1/2025
              tanggal: 2025-13-01
            uji_konsekuensi:
              analisis: ada
            """)
        #expect(found.contains { $0.hasPrefix("register/DIK-2025-001.md:8:3: error: jangka_waktu holds more than one kind (tahun, sampai)") },
                "\(found)")
        #expect(found.contains("register/DIK-2025-001.md:12:12: error: 'penetapan.tanggal': '2025-13-01' is not a valid date; write YYYY-MM-DD, e.g. 2025-04-30"), "\(found)")
    }

    @Test func messagesAreIndonesianByDefault() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", "id: DIK-2025-001\nstatus: disetujui\npasal17: [b]\nunit: Biro")
        let report = site.build()
        let text = DiagnosticMessages.text(try #require(report.diagnostics.errors.first))
        #expect(text == "register/DIK-2025-001.md:3:9: error: status 'disetujui' tidak dikenal; pilih usulan, diuji, ditetapkan, dibuka atau dicabut")
    }
}

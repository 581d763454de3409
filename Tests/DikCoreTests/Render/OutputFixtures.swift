import DikCore
import DikTestSupport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A register that exercises every public output: periods of every kind, values that
/// need quoting in CSV and escaping in JSON and XML, entries opened three ways, a
/// re-decided entry, and drafts that must appear nowhere.
enum OutputFixtures {
    static let buildDate = "2026-11-21"

    /// The register, built on `buildDate`.
    static func built() throws -> FixtureSite {
        let site = try register()
        let report = site.build(date: buildDate)
        #expect(report.succeeded, "\(report.diagnostics.map { DiagnosticMessages.text($0) })")
        return site
    }

    static func register() throws -> FixtureSite {
        let site = try FixtureSite(settings: FixtureSite.defaultSettings + """

            kop:
              baris:
                - PEMERINTAH KOTA UJI
                - PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI
              logo: assets/logo.svg
            penandatangan:
              tempat: Kota Uji
              jabatan: Sekretaris Daerah selaku Atasan PPID
              nama: Dra. Siti Nurhaliza, M.Si.
              nip: "197001011990032001"
            """)
        try site.write("templates/assets/logo.svg", """
            <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>
            """)
        try site.entry("DIK-2025-001", SampleEntries.decided(
            "DIK-2025-001", informasi: "'\"Daftar gaji, tunjangan\" & rekening pegawai — Kecamatan Çikini'",
            pasal17: "[h.3, h.1]", period: "  tahun: 5", extra: """
            dasar_hukum: [UU 27/2022 tentang Pelindungan Data Pribadi, "PP 12/2019, Pasal 5"]
            konsekuensi_dibuka: |-
              Baris pertama.
              Baris kedua <b>tebal</b>.
            sebagian: true
            """))
        try site.entry("DIK-2025-002", SampleEntries.decided(
            "DIK-2025-002", informasi: "=SUM(A1:A9) rencana operasi", pasal17: "[a.1]", unit: "Satpol PP",
            period: "  peristiwa: sampai kegiatan penertiban selesai", decreeDate: "2025-02-10"))
        try site.entry("DIK-2024-003", SampleEntries.decided(
            "DIK-2024-003", informasi: "Peta sebaran sumur minyak", pasal17: "[d]", unit: "Dinas ESDM",
            period: "  sampai: 2027-03-31", decreeDate: "2024-03-01", extra: """
            riwayat:
              - tanggal: 2024-03-01
                status: ditetapkan
                dasar: Penetapan awal
              - tanggal: 2025-09-01
                status: diuji
                dasar: Uji ulang berkala
              - tanggal: 2025-09-08
                status: ditetapkan
                dasar: Penegasan klasifikasi No. 7
            """))
        try site.entry("DIK-2024-004", SampleEntries.decided(
            "DIK-2024-004", informasi: "Dokumen tanpa batas", pasal17: "[j]", unit: "Inspektorat",
            period: "  tidak_terbatas: true", decreeDate: "2024-06-01"))
        // Period ended before the build date: no longer exempt.
        try site.entry("DIK-2023-005", SampleEntries.decided(
            "DIK-2023-005", informasi: "Rencana relokasi pasar", pasal17: "[e]", unit: "Bappeda",
            period: "  sampai: 2026-06-30", decreeDate: "2023-01-10"))
        try site.entry("DIK-2023-006", SampleEntries.revoked("DIK-2023-006", decreeNumber: "188/6/PPID/2023"))
        try site.entry("DIK-2022-007", """
            id: DIK-2022-007
            status: dibuka
            informasi: Rencana tata ruang kawasan industri
            pasal17: [e.2]
            unit: Bappeda
            jangka_waktu:
              sampai: 2030-01-01
            penetapan:
              nomor: 188/7/2022
              tanggal: 2022-01-01
            uji_konsekuensi:
              analisis: Ada.
            riwayat:
              - tanggal: 2025-01-02
                status: dibuka
                dasar: Keputusan PPID 2025
            """)
        try site.entry("DIK-2026-901", SampleEntries.draft("DIK-2026-901", informasi: "Rancangan nota kesepahaman"))
        try site.entry("DIK-2026-902", SampleEntries.draft("DIK-2026-902", status: "diuji",
                                                            informasi: "Kajian tarif parkir"))
        return site
    }

    static let trickyInformasi = "\"Daftar gaji, tunjangan\" & rekening pegawai — Kecamatan Çikini"
    /// In register order: the natural order of the ids.
    static let inForce = ["DIK-2024-003", "DIK-2024-004", "DIK-2025-001", "DIK-2025-002"]
    static let noLongerExempt = ["DIK-2022-007", "DIK-2023-005", "DIK-2023-006"]
    static let drafts = ["DIK-2026-901", "DIK-2026-902", "Rancangan nota kesepahaman", "Kajian tarif parkir"]
}

/// The elements of an XML document as a real parser reads them.
final class XMLDocumentReader: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text: String
        let depth: Int
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var error: Error?

    static func read(_ bytes: [UInt8]) -> XMLDocumentReader {
        let reader = XMLDocumentReader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = false
        parser.delegate = reader
        if !parser.parse() { reader.error = parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes, text: "", depth: open.count))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
}

extension Array where Element == UInt8 {
    var utf8Text: String { String(decoding: self, as: UTF8.self) }
}

import DikCore
@testable import DikServe
import DikTestSupport
import Foundation

/// A fixture site with entries of every kind, and a preview of it.
struct PreviewFixture {
    let site: FixtureSite
    let preview: PreviewSite

    static let date = "2026-11-21"

    init(_ site: FixtureSite) {
        self.site = site
        preview = PreviewSite(options: Self.options(for: site))
    }

    static func options(for site: FixtureSite) -> PreviewOptions {
        PreviewOptions(siteRoot: site.siteFolder, publishedFolder: site.outFolder.appendingPathComponent("public"),
                       date: LocalDate(iso: date)!, theme: FixtureSite.themeFolder)
    }

    /// Two entries in force (h and c), one ended (e), one revoked (i), two drafts (b).
    static func sampleSite() throws -> FixtureSite {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"), body: "Uraian internal yang rahasia sekali.")
        try site.entry("DIK-2025-002", SampleEntries.decided(
            "DIK-2025-002", informasi: "Dokumen strategi pengamanan", pasal17: "[c.2]", period: "  tahun: 5"))
        try site.entry("DIK-2024-003", SampleEntries.decided(
            "DIK-2024-003", informasi: "Rencana relokasi pasar", pasal17: "[e]",
            period: "  sampai: 2026-06-30", decreeDate: "2024-01-10"))
        try site.entry("DIK-2023-004", revoked("DIK-2023-004", informasi: "Hasil audit kinerja", pasal17: "[i]",
                                              ruling: "Putusan KI Provinsi No. 12/2025"))
        try site.entry("DIK-2026-010", SampleEntries.draft("DIK-2026-010"))
        try site.entry("DIK-2026-011", SampleEntries.draft("DIK-2026-011", status: "diuji",
                                                            informasi: "Kajian tarif air minum"))
        return site
    }

    /// A decided entry that a ruling opened (`dicabut`), with the history event saying so.
    static func revoked(_ id: String, informasi: String, pasal17: String, ruling: String) -> String {
        SampleEntries.decided(id, informasi: informasi, pasal17: pasal17, period: "  tahun: 3",
                              decreeDate: "2023-03-01",
                              extra: "riwayat:\n  - tanggal: 2025-08-12\n    status: dicabut\n    dasar: \(ruling)")
            .replacingOccurrences(of: "status: ditetapkan", with: "status: dicabut")
    }

    func text(_ files: [String: [UInt8]], _ path: String) -> String {
        files[path].map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}

extension String {
    func count(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}

/// Every file under a folder with its modification time, to prove nothing was written.
func folderState(_ folder: URL) -> [String: Date] {
    var state: [String: Date] = [:]
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])
    else { return state }
    for case let url as URL in walker {
        state[url.path] = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
    }
    return state
}

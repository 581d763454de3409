@testable import DikCore
import DikTestSupport
import Foundation
import Testing

/// A register above `recordStoreThreshold` keeps its records in a temporary file;
/// the build must come out exactly as when they stay in memory, audit included.
@Suite("Records kept in a file build the same site")
struct RecordStoreTests {
    func build(_ site: FixtureSite, storeAbove threshold: Int, into folder: String) -> BuildReport {
        var options = BuildOptions(siteRoot: site.siteFolder, outRoot: site.root.appendingPathComponent(folder),
                                   date: LocalDate(iso: "2026-11-21")!, theme: FixtureSite.themeFolder)
        options.recordStoreThreshold = threshold
        return SiteBuilder.build(options)
    }

    @Test func everyFileIsTheSameWithRecordsInAFile() throws {
        let site = try LeakTests().canarySite()
        for number in 1...6 {
            let id = "DIK-2024-00\(number)"
            try site.entry(id, SampleEntries.decided(id, informasi: "Informasi nomor \(number) — ümlaut & <b>",
                                                     pasal17: number % 2 == 0 ? "[h.2, c.1]" : "[e]",
                                                     period: number % 3 == 0 ? "  sampai: 2031-03-04" : "  tahun: \(number)"),
                           body: "Isi internal \(number).")
        }
        let inMemory = build(site, storeAbove: .max, into: "memory")
        let inFile = build(site, storeAbove: 0, into: "file")
        #expect(inMemory.succeeded && inFile.succeeded, "\(inFile.diagnostics.map { DiagnosticMessages.text($0) })")
        #expect(inFile.diagnostics.map { DiagnosticMessages.text($0) }
                    == inMemory.diagnostics.map { DiagnosticMessages.text($0) })
        for target in ["public", "internal"] {
            let memoryFiles = FixtureSite.files(under: site.root.appendingPathComponent("memory/\(target)"))
            let fileFiles = FixtureSite.files(under: site.root.appendingPathComponent("file/\(target)"))
            #expect(memoryFiles.count > 20)
            #expect(fileFiles == memoryFiles, "\(target) differs")
        }
        // The internal site really shows what was stored: the internal part came back.
        let internalPage = FixtureSite.files(under: site.root.appendingPathComponent("file/internal"))
        #expect(internalPage["dik/dik-2025-001/index.html"]?.containsIgnoringCase("CANARY-INTERNAL-NESTED") == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
        #expect(!leftovers.contains { $0.hasPrefix(".dik-records-") }, "the store's file is never left behind")
    }

    @Test func theAuditNamesALeakFromStoredRecords() throws {
        let site = try LeakTests().canarySite()
        try site.write("templates/not-found.mustache", """
            {{<layout}}{{$main}}<p>Lihat Lemari CANARY-INTERNAL-LOKASI dan disimpan di ruang arsip lantai dua.</p>{{/main}}{{/layout}}
            """)
        let report = build(site, storeAbove: 0, into: "out")
        #expect(!report.succeeded)
        let leaks = report.diagnostics.filter { $0.problem.code == "leak" }.map { DiagnosticMessages.text($0) }
        #expect(leaks.contains { $0.contains("DIK-2025-001 internal") }, "\(leaks)")
        #expect(leaks.contains { $0.contains("DIK-2025-001 isi (body)") }, "\(leaks)")
    }

    @Test func recordsComeBackFromTheirBytes() throws {
        var record = PublicRecord(id: "DIK-2025-009", status: .dibuka, unit: "Unit É")
        record.informasi = "Informasi 🙂"
        record.pasal17 = [Pasal17Ref(letter: "h", angka: 3), Pasal17Ref(letter: "e", angka: nil)]
        record.dasarHukum = ["UU 1/2020", ""]
        record.period = .years(5, start: LocalDate(iso: "2020-02-29"))
        record.sebagian = false
        var decree = Decree()
        decree.nomor = "188/1"
        decree.tanggal = LocalDate(iso: "2021-12-31")
        record.penetapan = decree
        var event = HistoryEvent()
        event.status = .dibuka
        event.dasar = "Putusan"
        record.riwayat = [event, HistoryEvent()]
        for period in [Period.years(5, start: nil), .until(LocalDate(iso: "1999-01-01")!), .event("Putusan inkracht"),
                       .consent, .unlimited, nil] {
            record.period = period
            var reader = ByteReader(RecordCoding.encode(record))
            #expect(RecordCoding.decodeRecord(&reader) == record)
            #expect(!reader.ranPastEnd)
        }

        var part = InternalPart()
        var test = ConsequenceTest()
        test.peserta = ["A", "B"]
        test.analisis = "Analisis"
        part.consequenceTest = test
        part.internalNotes = .map([InternalField(key: "k", value: .list([.text("x"), .map([])]))])
        part.unknownFields = [InternalField(key: "lain", value: .text("y"))]
        var reader = ByteReader(RecordCoding.encode(part))
        let back = RecordCoding.decodeInternalPart(&reader)
        #expect(back.consequenceTest == part.consequenceTest && back.internalNotes == part.internalNotes
                && back.unknownFields == part.unknownFields)

        var short = ByteReader(Array(RecordCoding.encode(record).prefix(7)))
        _ = RecordCoding.decodeRecord(&short)
        #expect(short.ranPastEnd, "a cut record is noticed, never read past")
    }
}

@testable import DikCore
import DikTestSupport
import Foundation
import Testing

/// The compact forms a large register is held in must answer exactly as the plain
/// forms they replaced.
@Suite("Compact storage answers like the plain values")
struct CompactStorageTests {
    @Test func valueLocationsFindKnownAndUnknownKeysAtAnyLine() {
        let locations = ValueLocations([
            "id": SourceLocation(path: "x.md", line: 2, column: 5),
            "jangka_waktu": SourceLocation(path: "x.md", line: 130, column: 3),
            "catatan_rahasia": SourceLocation(path: "x.md", line: 70_000, column: 200),
            "kunci_lain": SourceLocation(path: "x.md", line: 9, column: 1),
            "internal": SourceLocation(path: "x.md", line: 16_384, column: 128),
        ])
        #expect(locations.position(of: "id")! == (2, 5))
        #expect(locations.position(of: "jangka_waktu")! == (130, 3))
        #expect(locations.position(of: "catatan_rahasia")! == (70_000, 200))
        #expect(locations.position(of: "kunci_lain")! == (9, 1))
        #expect(locations.position(of: "internal")! == (16_384, 128))
        #expect(locations.position(of: "status") == nil)
        #expect(locations.position(of: "kunci_tidak_ada") == nil)
    }

    @Test func citedLettersAnswerAsTheRecordWould() {
        let letters = Pasal17Letters([Pasal17Ref(letter: "a", angka: 1), Pasal17Ref(letter: "j", angka: nil)])
        #expect(letters.contains("a") == true)
        #expect(letters.contains("j") == true)
        #expect(letters.contains("b") == false)
        #expect(letters.contains("z") == false)
        #expect(Pasal17Letters([]).contains("a") == false)
        // A letter without a bit leaves the answer to the record.
        let unusual = Pasal17Letters([Pasal17Ref(letter: "é", angka: nil), Pasal17Ref(letter: "c", angka: nil)])
        #expect(unusual.contains("c") == true)
        #expect(unusual.contains("a") == nil)
        #expect(unusual.contains("é") == nil)

        var record = PublicRecord(id: "DIK-2025-001", status: .diuji, unit: "Unit")
        record.pasal17 = [Pasal17Ref(letter: "é", angka: nil)]
        let entry = PublicEntry(record: record, placement: .draft)
        #expect(entry.cites("é"))
        #expect(!entry.cites("a"))
        #expect(entry.status == record.status)
    }

    @Test func entryLocationsComeFromTheFileAsWritten() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", """
            id: DIK-2025-001
            status: ditetapkan
            informasi: Informasi satu
            pasal17: [c.1]
            unit: Bagian Umum
            kunci_aneh: nilai
            """)
        let entry = try #require(SiteLoader.load(siteRoot: site.siteFolder).entries.first)
        #expect(entry.location(of: "unit").line == 6)
        #expect(entry.location(of: "informasi").line == 4)
        #expect(entry.location(of: "informasi").column == 12)
        #expect(entry.locationIfWritten(of: "penetapan") == nil)
    }

    @Test func pathListSortsLikeStrings() {
        let paths = ["dik/b/index.html", "index.html", "en/dik/a/index.html", "dik/a/index.html", "dik.json",
                     "dik/a-b/index.html", "kategori/c/index.html"]
        var list = PathList()
        for path in paths { list.append(path) }
        #expect(list.count == paths.count)
        #expect(list.sorted() == paths.sorted())

        let unicode = ["dik/é/index.html", "dik/e\u{301}z/index.html", "dik/z/index.html", "dik/ä/index.html"]
        var mixed = PathList()
        for path in unicode { mixed.append(path) }
        #expect(mixed.sorted() == unicode.sorted())
    }

    @Test(arguments: [0, 1, 2, 7, 100])
    func permutationReordersInPlace(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let values = (0..<count).map { "nilai \($0)" }
        let order = Array(0..<count).shuffled(using: &generator)
        var permuted = values
        Permutation.apply(order, to: &permuted)
        #expect(permuted == order.map { values[$0] })
    }

    @Test func datesKeepTheirFieldsOrderAndExtremes() throws {
        let date = try #require(LocalDate(iso: "2024-02-29"))
        #expect((date.year, date.month, date.day) == (2024, 2, 29))
        #expect(date.adding(years: 1).iso == "2025-02-28")
        #expect(LocalDate(dayNumber: date.dayNumber) == date)
        #expect(try #require(LocalDate(iso: "2024-03-01")) > date)
        #expect(LocalDate(unixSeconds: 0).iso == "1970-01-01")
        #expect(LocalDate(dayNumber: Int.max / 4).year == Int(Int32.max))
    }

    /// A folder the writer believes it made (as after a hash collision of two folder
    /// names) but that is missing: the write makes it and goes on.
    final class ForgetfulFileSystem: StagingFileSystem, @unchecked Sendable {
        let real = POSIXStagingFileSystem()
        private let lock = NSLock()
        private(set) var skipped = 0

        func createDirectory(_ path: String) throws(StagingFailure) {
            let skip = lock.withLock {
                guard path.hasSuffix("/dik/dik-2025-002") else { return false }
                skipped += 1
                return skipped == 1
            }
            if !skip { try real.createDirectory(path) }
        }

        func writeFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) { try real.writeFile(path, bytes) }
        func appendToFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) {
            try real.appendToFile(path, bytes)
        }
    }

    @Test func aWriteIntoAFolderThatIsMissingMakesIt() throws {
        let site = try FixtureSite()
        for number in 1...3 {
            let id = "DIK-2025-00\(number)"
            try site.entry(id, SampleEntries.decided(id, informasi: "Informasi \(number)", pasal17: "[c.1]",
                                                     period: "  tahun: 3"))
        }
        let fileSystem = ForgetfulFileSystem()
        let report = SiteBuilder.build(BuildOptions(
            siteRoot: site.siteFolder, outRoot: site.outFolder, date: LocalDate(iso: "2026-11-21")!,
            theme: FixtureSite.themeFolder, fileSystem: fileSystem))
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(fileSystem.skipped >= 2, "the folder was first skipped, then made")
        let page = site.outFolder.appendingPathComponent("public/dik/dik-2025-002/index.html")
        #expect(FileManager.default.fileExists(atPath: page.path))
    }
}

@Suite("The audit's in-place sort")
struct InPlaceSortTests {
    @Test(arguments: [0, 1, 2, 17, 100, 5_000])
    func sortsLikeTheStandardSortWithRepeats(count: Int) {
        var generator = SystemRandomNumberGenerator()
        for range in [3, 1_000_000] {
            var values = (0..<count).map { _ in Int.random(in: 0..<range, using: &generator) }
            let expected = values.sorted()
            values.withUnsafeMutableBufferPointer { InPlaceSort.sort($0) }
            #expect(values == expected)
        }
        var ascending = Array(0..<count), descending = Array((0..<count).reversed())
        ascending.withUnsafeMutableBufferPointer { InPlaceSort.sort($0) }
        descending.withUnsafeMutableBufferPointer { InPlaceSort.sort($0) }
        #expect(ascending == Array(0..<count) && descending == Array(0..<count))
    }
}

@testable import DikCore
import DikTestSupport
import Foundation
import Testing

@Suite struct RegisterWalkTests {
    /// A directory record is only as long as its name. One that ends right before an
    /// unmapped page must be read without touching that page (copying the fixed-size
    /// name field once crashed builds of large registers at random).
    @Test func aShortRecordAtTheEndOfMappedMemoryIsReadInPlace() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let memory = try #require(mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        #expect(memory != MAP_FAILED)
        defer { munmap(memory, 2 * page) }
        #expect(mprotect(memory + page, page, PROT_NONE) == 0)
        let name = Array("DIK-1.md".utf8) + [0]
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
        let recordStart = page - name.count - nameOffset
        let record = memory + recordStart
        record.initializeMemory(as: UInt8.self, repeating: 0, count: nameOffset)
        (record + nameOffset).copyMemory(from: name, byteCount: name.count)
        let entry = record.assumingMemoryBound(to: dirent.self)
        #expect(RegisterFiles.recordName(entry) == Array("DIK-1.md".utf8))
    }

    @Test func everyNameOfALargeFolderComesBackWholeAndSorted() throws {
        let site = try FixtureSite()
        var expected: [String] = []
        for index in 0..<2_000 {
            let name = "DIK-\(index)-" + String(repeating: "x", count: index % 240) + ".md"
            expected.append("register/bulk/" + name)
            try site.write("register/bulk/" + name, "")
        }
        let (files, problems) = RegisterFiles.find(in: site.siteFolder)
        #expect(problems.isEmpty)
        #expect(files.map(\.displayPath) == expected.sorted())
    }
}

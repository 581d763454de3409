import DikCore
import DikTestSupport
import Foundation
import Testing

@Suite("Publishing is atomic and reproducible")
struct PublishTests {
    func site() throws -> FixtureSite {
        let site = try FixtureSite()
        for number in 1...12 {
            let id = "DIK-2025-\(String(format: "%03d", number))"
            try site.entry(id, SampleEntries.decided(id, informasi: "Informasi nomor \(number)",
                                                     pasal17: number % 2 == 0 ? "[h.\(number % 5 + 1)]" : "[c.1, i]",
                                                     period: "  tahun: \(number)"),
                           body: "Isi internal \(number).")
        }
        try site.entry("DIK-2026-001", SampleEntries.draft("DIK-2026-001"))
        return site
    }

    @Test func aFailedBuildLeavesThePreviousOutputExactlyAsItWas() throws {
        let site = try site()
        #expect(site.build().succeeded)
        let before = FixtureSite.files(under: site.outFolder)
        try site.entry("DIK-2025-099", "id: DIK-2025-099\nstatus: ditetapkan\npasal17: [q]\nunit: X")
        let report = site.build(date: "2027-01-01")
        #expect(!report.succeeded)
        #expect(FixtureSite.files(under: site.outFolder) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.outFolder.path)
        #expect(leftovers.sorted() == [".dik-lock", "internal", "public"])
    }

    @Test func twoBuildsOfTheSameInputAreByteIdentical() throws {
        let site = try site()
        let first = site.root.appendingPathComponent("one")
        let second = site.root.appendingPathComponent("two")
        #expect(site.build(out: first).succeeded)
        #expect(site.build(out: second).succeeded)
        let a = FixtureSite.files(under: first.appendingPathComponent("public"))
        let b = FixtureSite.files(under: second.appendingPathComponent("public"))
        #expect(a.count > 10)
        #expect(a == b)
        #expect(FixtureSite.files(under: first.appendingPathComponent("internal"))
                == FixtureSite.files(under: second.appendingPathComponent("internal")))
    }

    @Test func theBuildDateIsTheOnlyClock() throws {
        let site = try site()
        let first = site.root.appendingPathComponent("one")
        let second = site.root.appendingPathComponent("two")
        #expect(site.build(date: "2026-11-21", out: first).succeeded)
        #expect(site.build(date: "2026-11-22", out: second).succeeded)
        let a = FixtureSite.files(under: first.appendingPathComponent("public"))
        let b = FixtureSite.files(under: second.appendingPathComponent("public"))
        #expect(a != b, "the date is printed, so a different date changes output")
        #expect(String(decoding: b["index.html"] ?? [], as: UTF8.self).contains("22 November 2026"))
    }

    @Test func aReadOnlyOutputFolderGivesAClearErrorAndKeepsThePreviousOutput() throws {
        guard getuid() != 0 else { return }  // root ignores permissions; covered by the writer's error path
        let site = try site()
        #expect(site.build().succeeded)
        let before = FixtureSite.files(under: site.outFolder)
        chmod(site.outFolder.path, 0o555)
        defer { chmod(site.outFolder.path, 0o755) }
        let report = site.build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.contains { $0.problem.code == "write-failed" })
        #expect(FixtureSite.files(under: site.outFolder) == before)
    }

    @Test func writerRefusesPathsThatLeaveTheTarget() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dik-writer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let publisher = Publisher(outRoot: root)
        let lock = try publisher.prepare()
        let stage = try publisher.stage(.public, auditor: nil)
        #expect(throws: PublishError.self) { try stage.write("../escape.html", Array("x".utf8)) }
        #expect(throws: PublishError.self) { try stage.write("/etc/x", Array("x".utf8)) }
        try stage.write("ok/index.html", Array("fine".utf8))
        try publisher.commit([stage])
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("public/ok/index.html").path))
        withExtendedLifetime(lock) {}
    }
}

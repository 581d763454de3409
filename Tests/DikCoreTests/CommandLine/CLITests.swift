import DikCore
import DikTestSupport
import Foundation
import Testing

/// The commands as a user runs them: output, paths as typed, exit status.
@Suite("dik on the command line")
struct CLITests {
    @Test func buildPrintsEveryErrorWithTheSitePathAndExitsOne() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", "id: DIK-2025-001\nstatus: usulan\npasal17: [z]\nunit: Biro")
        try site.entry("DIK-2025-002", "id: DIK-2025-002\nstatus: entah\npasal17: [b]\nunit: Biro")
        let run = try DikExecutable.run(["build", "--site", "site", "--out", "_site", "--date", "2026-11-21"],
                                        in: site.root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("site/register/DIK-2025-001.md:4:11: error: 'z' bukan huruf Pasal 17 yang sah"))
        #expect(run.stderr.contains("site/register/DIK-2025-002.md:3:9: error: status 'entah' tidak dikenal"))
        #expect(run.stderr.contains("Tidak ada yang diterbitkan"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site/public").path))
    }

    @Test func sourceDateEpochSetsTheBuildDate() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        let run = try DikExecutable.run(["build", "--site", "site", "--out", "_site"], in: site.root,
                                        environment: ["SOURCE_DATE_EPOCH": "1767225600"])  // 2026-01-01
        #expect(run.status == 0, "\(run.stderr)")
        #expect(site.publicText("index.html")?.contains("1 Januari 2026") == true)
    }

    @Test func checkExitStatusFollowsErrorsAndStrict() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", extra: "dasar_hukm: [UU 1/2020]"))
        let plain = try DikExecutable.run(["check", "--site", "site", "--date", "2026-11-21"], in: site.root)
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("site/register/DIK-2025-001.md:"))
        #expect(plain.stdout.contains("Maksudnya 'dasar_hukum'?"))
        #expect(plain.stdout.hasSuffix("0 galat, 1 peringatan.\n"))
        let strict = try DikExecutable.run(["check", "--site", "site", "--date", "2026-11-21", "--strict"], in: site.root)
        #expect(strict.status == 1)
        let json = try DikExecutable.run(["check", "--site", "site", "--date", "2026-11-21", "--format", "json",
                                          "--lang", "en"], in: site.root)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.first?["code"] as? String == "unknown-key")
        #expect(parsed.first?["file"] as? String == "site/register/DIK-2025-001.md")
        try site.entry("DIK-2025-002", "id: DIK-2025-002\nstatus: usulan\npasal17: [b.1]\nunit: Biro")
        #expect(try DikExecutable.run(["check", "--site", "site"], in: site.root).status == 1)
    }

    @Test func initThenNewThenBuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dik-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["SOURCE_DATE_EPOCH": "1790000000"]  // 2026-09-21
        #expect(try DikExecutable.run(["init", "baru"], in: folder, environment: environment).status == 0)
        let refused = try DikExecutable.run(["init", "baru"], in: folder)
        #expect(refused.status == 1 && refused.stderr.contains("tidak kosong"))
        let created = try DikExecutable.run(["new", "--site", "baru", "--unit", "Dinas Kesehatan", "--pasal17", "h.2"],
                                            in: folder, environment: environment)
        #expect(created.status == 0)
        #expect(created.stdout == "baru/register/2026/DIK-2026-002.md\n")
        let check = try DikExecutable.run(["check", "--site", "baru", "--strict"], in: folder, environment: environment)
        #expect(check.status == 0, "\(check.stdout)")
        let build = try DikExecutable.run(["build", "--site", "baru", "--out", "out"], in: folder, environment: environment)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/internal/dik/dik-2026-002/index.html").path))
    }
}

@testable import DikCore
import DikTestSupport
import Foundation
import Testing

/// Issue 17, the rest: the environment, names, paths and how the two sites are swapped.
@Suite("Attacks: environment, file names, output paths, odd values")
struct AttackPublishingTests {
    static func errors(_ report: BuildReport) -> [String] {
        report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }
    }

    // MARK: SOURCE_DATE_EPOCH

    @Test(arguments: [
        ("-9223372036854775808", "not a non-negative whole number"),
        ("253402300800", "after the year 9999"),
        ("99999999999999999999", "after the year 9999"),
        ("kemarin", "not a non-negative whole number"),
        ("1767225600.5", "not a non-negative whole number"),
        (" 1767225600", "not a non-negative whole number"),
        ("", "empty"),
    ])
    func aSourceDateEpochThatNamesNoDateIsRefused(_ value: String, _ reason: String) {
        guard case .failure(let problem) = LocalDate.fromSourceDateEpoch(value) else {
            Issue.record("\(value) was taken")
            return
        }
        #expect(DiagnosticMessages.message(problem, language: .en).contains(reason))
        #expect(DiagnosticMessages.message(problem, language: .en).contains("SOURCE_DATE_EPOCH"))
    }

    @Test func theLastSecondOf9999IsStillADate() throws {
        let date = try LocalDate.fromSourceDateEpoch("253402300799").get()
        #expect(date.iso == "9999-12-31")
        #expect(try LocalDate.fromSourceDateEpoch("0").get().iso == "1970-01-01")
    }

    @Test func theCommandLineSaysWhichVariableIsWrong() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        for value in ["-9223372036854775808", "bukan-angka", "253402300800"] {
            let run = try DikExecutable.run(["build", "--site", "site", "--out", "_site"], in: site.root,
                                            environment: ["SOURCE_DATE_EPOCH": value])
            #expect(run.status != 0)
            #expect(run.stderr.contains("SOURCE_DATE_EPOCH='\(value)'"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site/public").path))
        }
    }

    // MARK: Pasal 17 letters are ASCII

    @Test(arguments: ["a\u{200D}", "a\u{301}", "h\u{200B}.3", "h.3\u{301}", "h.+3", "h.٣", "ａ"])
    func aLetterWithAnInvisibleMarkIsRefused(_ code: String) throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", pasal17: "[\"\(code)\"]"))
        let report = site.build()
        #expect(report.diagnostics.errors.map(\.problem.code) == ["invalid-pasal17"], "\(Self.errors(report))")
        #expect(site.publicFiles.count == 0)
    }

    // MARK: Paths and names

    @Test func anEntryBeyondPathMaxIsAnErrorNamingIt() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        // Folders of 200 characters, 22 deep: past PATH_MAX (4,096), so no full path
        // names them. Each level is made from its parent's descriptor, as such trees
        // come to exist.
        let name = String(repeating: "d", count: 200)
        var descriptor = open(site.siteFolder.appendingPathComponent("register").path, O_RDONLY | O_DIRECTORY)
        #expect(descriptor >= 0)
        for _ in 0..<22 {
            #expect(mkdirat(descriptor, name, 0o755) == 0)
            let next = openat(descriptor, name, O_RDONLY | O_DIRECTORY)
            close(descriptor)
            descriptor = next
        }
        let entry = openat(descriptor, "DIK-2025-002.md", O_WRONLY | O_CREAT, 0o644)
        close(entry)
        close(descriptor)
        let report = site.build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.errors.map(\.problem.code).contains("unreadable-file"), "\(Self.errors(report))")
        #expect(report.diagnostics.errors.contains { $0.location.path.hasPrefix("register/ddd") })
        try? FileManager.default.removeItem(at: site.siteFolder)
    }

    @Test func aFileNameWithALineBreakCannotForgeAMessage() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        let forged = "x.md\nregister/DIK-2025-001.md:1:1: error: palsu\u{1B}[2K"
        try site.write("register/\(forged).md", "---\nid: [\n---\n")
        let report = site.build()
        let lines = report.diagnostics.map { DiagnosticMessages.text($0, language: .en) }
        #expect(lines.allSatisfy { !$0.contains("\n") && !$0.contains("\u{1B}") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("register/x.md\\nregister/DIK-2025-001.md:1:1: error: palsu\\u{1B}[2K.md: warning: this file or folder name holds a line break") },
                "\(lines)")
    }

    @Test func aLanguageTableNamedAfterASiteFolderCannotOverwriteIt() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("templates/strings.kategori.yml", "judul: Ditimpa\n")
        let report = site.build()
        #expect(report.diagnostics.errors.map(\.problem.code) == ["invalid-language-code"])
    }

    @Test func theWriterRefusesAPathWrittenTwice() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dik-twice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let publisher = Publisher(outRoot: out)
        let lock = try publisher.prepare()
        defer { withExtendedLifetime(lock) {} }
        let stage = try publisher.stage(.public, auditor: nil)
        try stage.write("kategori/index.html", Array("pertama".utf8))
        // The writer queue may refuse the second write before `write` returns, or only
        // by the time everything is written: either way the build stops, naming it.
        var refused: String?
        do {
            try stage.write("kategori/index.html", Array("kedua".utf8))
            try stage.finishWriting()
        } catch PublishError.writtenTwice(let path) {
            refused = path
        }
        #expect(refused == "public/kategori/index.html")
        publisher.discard([stage])
    }

    @Test func aStreamedPageThatStartsAgainIsNotAWriteTwice() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dik-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let publisher = Publisher(outRoot: out)
        let lock = try publisher.prepare()
        defer { withExtendedLifetime(lock) {} }
        let stage = try publisher.stage(.public, auditor: nil)
        try stage.stream("index.html") { output in
            output.append(String(repeating: "a", count: StagedTarget.streamPiece + 10))
            output.restart()
            output.append("baru")
        }
        try stage.finishWriting()
        let text = try String(contentsOf: stage.folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(text == "baru")
        publisher.discard([stage])
    }

    // MARK: Deploying through a link

    @Test func aPublicFolderThatIsALinkIsRefusedAndTheWebRootKept() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        let webRoot = site.root.appendingPathComponent("www")
        try FileManager.default.createDirectory(at: webRoot, withIntermediateDirectories: true)
        try Data("lama".utf8).write(to: webRoot.appendingPathComponent("index.html"))
        try FileManager.default.createDirectory(at: site.outFolder, withIntermediateDirectories: true)
        let link = site.outFolder.appendingPathComponent("public")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: webRoot.path)
        let report = site.build()
        #expect(report.diagnostics.errors.map(\.problem.code) == ["output-is-link"], "\(Self.errors(report))")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == webRoot.path)
        #expect(try String(contentsOf: webRoot.appendingPathComponent("index.html"), encoding: .utf8) == "lama")
        #expect(!FileManager.default.fileExists(atPath: site.outFolder.appendingPathComponent("internal").path))
    }

    @Test func bothTargetsAreReplacedAndNoOldTreeIsLeft() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(site.build().succeeded)
        try site.entry("DIK-2025-002", SampleEntries.decided("DIK-2025-002"))
        #expect(site.build().succeeded)
        let names = try FileManager.default.contentsOfDirectory(atPath: site.outFolder.path).sorted()
        #expect(names == [".dik-lock", "internal", "public"])
        #expect(site.publicText("dik/dik-2025-002/index.html") != nil)
        #expect(site.internalText("dik/dik-2025-002/index.html") != nil)
    }

    // MARK: Odd values

    @Test func aTwentyDigitPeriodIsOutOfRangeNotNotANumber() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", period: "  tahun: 99999999999999999999"))
        let report = site.build()
        #expect(Self.errors(report) == [
            "register/DIK-2025-001.md:8:10: error: jangka_waktu.tahun 99999999999999999999 is outside 1 to 100",
        ])
    }

    @Test func newRefusesAUnitOfSeveralLines() throws {
        let site = try FixtureSite()
        let result = NewEntry.create(siteRoot: site.siteFolder, date: LocalDate(iso: "2026-11-21")!,
                                     unit: "Biro Umum\nstatus: ditetapkan", pasal17: nil)
        guard case .failure(.unitNotOneLine) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.siteFolder.appendingPathComponent("register").path).isEmpty)
    }

    @Test func initOnAFileSaysItIsAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dik-init-\(UUID().uuidString)")
        try Data("x".utf8).write(to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard case .failure(.notAFolder(let path)) = SiteInit.create(at: folder, date: LocalDate(iso: "2026-11-21")!) else {
            Issue.record("a file was not called a file")
            return
        }
        #expect(path == folder.path)
    }
}

import DikCore
import DikTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every case of `HostileCorpus` is added to a site that already has a published
/// build: the case must give exactly its messages, nothing is published, and the
/// previous `_site` stays byte for byte as it was (or, for the cases that must simply
/// work, the build succeeds).
@Suite("Hostile input: every bad file gets a clear message and changes nothing")
struct HostileInputTests {
    static let validId = "DIK-2025-900"

    static func publishedSite() throws -> FixtureSite {
        let site = try FixtureSite()
        try site.entry(validId, SampleEntries.decided(validId))
        let first = site.build()
        #expect(first.succeeded, "\(first.diagnostics)")
        return site
    }

    static func install(_ hostile: HostileCase, in site: FixtureSite) throws {
        for (path, bytes) in hostile.files { try site.writeBytes(path, bytes) }
        for special in hostile.specials {
            switch special {
            case .symlink(let path, let target):
                try FileManager.default.createSymbolicLink(atPath: site.siteFolder.appendingPathComponent(path).path,
                                                           withDestinationPath: target)
            case .fifo(let path):
                try? FileManager.default.removeItem(at: site.siteFolder.appendingPathComponent(path))
                #expect(mkfifo(site.siteFolder.appendingPathComponent(path).path, 0o644) == 0)
            case .folder(let path):
                try FileManager.default.createDirectory(at: site.siteFolder.appendingPathComponent(path),
                                                        withIntermediateDirectories: true)
            case .rawName(let folder, let name, let bytes):
                let path = Array(site.siteFolder.appendingPathComponent(folder).path.utf8) + [0x2F] + name + [0]
                let descriptor = path.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
                }
                #expect(descriptor >= 0)
                _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                close(descriptor)
            }
        }
    }

    @Test(arguments: HostileCorpus.cases.map(\.name))
    func corpusCase(_ name: String) throws {
        let hostile = try #require(HostileCorpus.cases.first { $0.name == name })
        let site = try Self.publishedSite()
        let before = FixtureSite.files(under: site.outFolder)
        try Self.install(hostile, in: site)

        let report = site.build()
        let errors = report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }
        #expect(errors == hostile.expected, "\(name)")
        if hostile.expected.isEmpty {
            #expect(report.succeeded, "\(name) must simply work")
            #expect(site.internalText("dik/dik-2025-001/index.html")?.contains("Biro") == true)
        } else {
            #expect(!report.succeeded)
            #expect(FixtureSite.files(under: site.outFolder) == before, "\(name): the previous _site changed")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.outFolder.path).sorted()
            #expect(leftovers == [".dik-lock", "internal", "public"], "\(name): partial output left behind")
        }
    }

    @Test func theCorpusHasAtLeastThirtyCasesWithDistinctNames() {
        #expect(HostileCorpus.cases.count >= 30)
        #expect(Set(HostileCorpus.cases.map(\.name)).count == HostileCorpus.cases.count)
    }

    /// The first clause of the refusal must come before the parser would blow up; a
    /// hang here would never return, so the bound only tells a hang from a refusal.
    @Test func bombsAreRefusedWithoutExpandingThem() throws {
        for name in ["billion laughs", "anchor hidden behind a tag", "deep flow nesting", "deep compact sequences"] {
            let hostile = try #require(HostileCorpus.cases.first { $0.name == name })
            let text = try #require(hostile.entryFiles.first)
            let started = ContinuousClock.now
            let (entry, diagnostics) = SiteLoader.readEntry(try Self.file(text))
            #expect(entry == nil)
            #expect(diagnostics.hasErrors)
            #expect(ContinuousClock.now - started < .seconds(20), "\(name) took too long: a hang, not a refusal")
        }
    }

    static func file(_ bytes: [UInt8]) throws -> SourceFile {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dik-bomb-\(UUID().uuidString).md")
        try Data(bytes).write(to: url)
        return SourceFile(displayPath: "register/case.md", absolutePath: url.path)
    }

    @Test func everyErrorOfSeveralBadFilesComesInOneRun() throws {
        let site = try Self.publishedSite()
        let chosen = ["NUL byte", "duplicate key", "tabs for indentation", "id with ..", "billion laughs"]
        for (index, name) in chosen.enumerated() {
            let hostile = try #require(HostileCorpus.cases.first { $0.name == name })
            try site.writeBytes("register/bad-\(index).md", try #require(hostile.entryFiles.first))
        }
        let report = site.build()
        let paths = Set(report.diagnostics.errors.map(\.location.path))
        #expect(paths == Set((0..<chosen.count).map { "register/bad-\($0).md" }))
    }

    @Test func unreadableFileGivesTheSystemReason() throws {
        // Root reads any file whatever its mode, so this runs only for other users;
        // the named pipe and dangling link cases cover unreadable files as root.
        guard getuid() != 0 else { return }
        let site = try Self.publishedSite()
        try site.entry("DIK-2025-001", HostileCorpus.fields)
        let path = site.siteFolder.appendingPathComponent("register/DIK-2025-001.md").path
        chmod(path, 0)
        let report = site.build()
        #expect(report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }
                == ["register/DIK-2025-001.md: error: the file cannot be read (Permission denied)"])
    }
}

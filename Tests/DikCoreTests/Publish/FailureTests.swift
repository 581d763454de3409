import DikCore
import DikTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What happens when the build is killed, the disk fills up or the output folder turns
/// read-only: the previous `_site` must survive whole, and two builds of the same input
/// must agree byte for byte whatever the order of files and threads.
@Suite("Failure: kills, full and read-only disks, reproducibility")
struct FailureTests {
    static let date = "2026-11-21"

    static func register(_ site: FixtureSite, entries: Int, variant: String) throws {
        for number in 1...entries {
            let id = "DIK-2025-\(String(format: "%03d", number))"
            try site.entry(id, SampleEntries.decided(id, informasi: "Informasi \(variant) nomor \(number)",
                                                     pasal17: number % 3 == 0 ? "[h.\(number % 5 + 1)]" : "[c.1, i]",
                                                     period: "  tahun: \(number % 30 + 1)"),
                           body: "Uraian internal \(variant) \(number).")
        }
        try site.entry("DIK-2026-001", SampleEntries.draft("DIK-2026-001", informasi: "Rancangan \(variant)"))
    }

    static func snapshot(_ out: URL) -> (public: [String: [UInt8]], internal: [String: [UInt8]]) {
        (FixtureSite.files(under: out.appendingPathComponent("public")),
         FixtureSite.files(under: out.appendingPathComponent("internal")))
    }

    // MARK: - The dik executable

    /// `swift test` builds every product, so `dik` sits beside the test bundle.
    static var dikExecutable: URL? {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = runner.deletingLastPathComponent().appendingPathComponent("dik")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    static func dikProcess(site: URL, out: URL) throws -> Process {
        let process = Process()
        guard let executable = dikExecutable else {
            throw MissingExecutable()
        }
        process.executableURL = executable
        process.arguments = ["build", "--site", site.path, "--out", out.path, "--date", date, "--lang", "en"]
        var environment = ProcessInfo.processInfo.environment
        environment["DIK_THEME"] = FixtureSite.themeFolder.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    struct MissingExecutable: Error, CustomStringConvertible {
        var description: String { "the dik executable beside the tests is missing: run swift build first" }
    }

    static func runDik(site: URL, out: URL) throws -> Int32 {
        let process = try dikProcess(site: site, out: out)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    // MARK: - SIGKILL

    /// Two versions of a register are built alternately into one `_site`, and each
    /// build is killed at a random moment. After every kill each target must be the
    /// complete output of one version, never a mix or a half; a later build must clear
    /// what the killed ones left in staging.
    @Test func killingTheBuildAtAnyMomentLeavesACompleteSite() throws {
        let versionA = try FixtureSite()
        let versionB = try FixtureSite()
        try Self.register(versionA, entries: 80, variant: "alfa")
        try Self.register(versionB, entries: 80, variant: "bravo")
        let referenceA = versionA.root.appendingPathComponent("reference")
        let referenceB = versionB.root.appendingPathComponent("reference")
        #expect(try Self.runDik(site: versionA.siteFolder, out: referenceA) == 0)
        let started = ContinuousClock.now
        #expect(try Self.runDik(site: versionB.siteFolder, out: referenceB) == 0)
        let duration = ContinuousClock.now - started
        let (publicA, internalA) = Self.snapshot(referenceA)
        let (publicB, internalB) = Self.snapshot(referenceB)
        #expect(publicA.count > 80 && publicA != publicB && internalA != internalB)

        let out = versionA.outFolder
        #expect(try Self.runDik(site: versionA.siteFolder, out: out) == 0)
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        let rounds = 24
        for round in 0..<rounds {
            let source = round % 2 == 0 ? versionB : versionA
            let process = try Self.dikProcess(site: source.siteFolder, out: out)
            try process.run()
            let delay = Double.random(in: 0...1.1, using: &generator) * Double(duration.components.seconds)
                + Double.random(in: 0...1.1, using: &generator) * Double(duration.components.attoseconds) / 1e18
            usleep(UInt32(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidway += 1 }

            let (publicNow, internalNow) = Self.snapshot(out)
            #expect(publicNow == publicA || publicNow == publicB, "round \(round): public is not a complete build")
            #expect(internalNow == internalA || internalNow == internalB,
                    "round \(round): internal is not a complete build")
        }
        #expect(killedMidway >= rounds / 3, "kills must land while the build runs (\(killedMidway))")

        #expect(try Self.runDik(site: versionB.siteFolder, out: out) == 0)
        let (publicFinal, internalFinal) = Self.snapshot(out)
        #expect(publicFinal == publicB && internalFinal == internalB)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(leftovers == [".dik-lock", "internal", "public"], "staging left by killed builds is cleared")
    }

    // MARK: - Full and read-only disks, injected

    /// Fails like a disk that fills up (or turns read-only) after some files: the
    /// failing file is half written first, as a real full disk leaves it.
    final class FailingFileSystem: StagingFileSystem, @unchecked Sendable {
        let code: Int32
        let failAfterFiles: Int
        let real = POSIXStagingFileSystem()
        private let lock = NSLock()
        private var files = 0

        init(code: Int32, failAfterFiles: Int) {
            self.code = code
            self.failAfterFiles = failAfterFiles
        }

        func createDirectory(_ path: String) throws(StagingFailure) {
            if code == EROFS, failAfterFiles == 0 { throw StagingFailure(code: code) }
            try real.createDirectory(path)
        }

        func writeFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) {
            let fails = lock.withLock {
                files += 1
                return files > failAfterFiles
            }
            if fails {
                try real.writeFile(path, Array(bytes.prefix(bytes.count / 2)))
                throw StagingFailure(code: code)
            }
            try real.writeFile(path, bytes)
        }

        func appendToFile(_ path: String, _ bytes: [UInt8]) throws(StagingFailure) {
            try real.appendToFile(path, bytes)
        }
    }

    @Test(arguments: [(ENOSPC, 0), (ENOSPC, 9), (ENOSPC, 35), (EDQUOT, 22), (EROFS, 0), (EIO, 44)])
    func aFailingDiskGivesAClearErrorAndKeepsThePreviousOutput(code: Int32, failAfterFiles: Int) throws {
        let site = try FixtureSite()
        try Self.register(site, entries: 12, variant: "lama")
        #expect(site.build(date: Self.date).succeeded)
        let before = FixtureSite.files(under: site.outFolder)
        try Self.register(site, entries: 14, variant: "baru")

        let failing = FailingFileSystem(code: code, failAfterFiles: failAfterFiles)
        let report = SiteBuilder.build(BuildOptions(
            siteRoot: site.siteFolder, outRoot: site.outFolder, date: LocalDate(iso: Self.date)!,
            theme: FixtureSite.themeFolder, fileSystem: failing))
        #expect(!report.succeeded)
        let errors = report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }
        let reason = String(cString: strerror(code))
        #expect(errors.count == 1, "\(errors)")
        let message = try #require(errors.first)
        #expect(message.hasPrefix("\(site.outFolder.path): error: could not write "), "\(message)")
        #expect(message.hasSuffix(": \(reason); the previous output is intact"), "\(message)")
        #expect(FixtureSite.files(under: site.outFolder) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.outFolder.path).sorted()
        #expect(leftovers == [".dik-lock", "internal", "public"])
    }

    // MARK: - Full and read-only disks, for real

    /// A private mount namespace with a small tmpfs, where root can fill the disk and
    /// remount it read-only without touching the machine. Not every machine allows it.
    static let canMountTmpfs: Bool = {
        guard getuid() == 0, dikExecutable != nil,
              FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test(.enabled(if: FailureTests.canMountTmpfs, "needs root and mount namespaces (unshare -m)"))
    func aRealFullDiskAndARealReadOnlyFolderKeepThePreviousOutput() throws {
        let site = try FixtureSite()
        try Self.register(site, entries: 20, variant: "lama")
        let out = site.root.appendingPathComponent("mnt")
        let saved = site.root.appendingPathComponent("saved")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: saved, withIntermediateDirectories: true)
        let dik = try #require(Self.dikExecutable).path
        let build = "'\(dik)' build --site '\(site.siteFolder.path)' --out '\(out.path)' --date \(Self.date) --lang en"
        let script = """
            set -u
            mount -t tmpfs -o size=4m tmpfs '\(out.path)' || exit 90
            \(build) > /dev/null 2>&1 || exit 91
            cp -a '\(out.path)/.' '\(saved.path)/first'
            register='\(site.siteFolder.path)/register'
            for n in $(seq 21 60); do
              sed "s/DIK-2025-001/DIK-2025-0$n/" "$register/DIK-2025-001.md" > "$register/DIK-2025-0$n.md"
            done
            free=$(df --output=avail -B1 '\(out.path)' | tail -n 1)
            head -c $((free - 12288)) /dev/zero > '\(out.path)/filler' 2>/dev/null
            \(build) > /dev/null 2> '\(saved.path)/full.err'; echo $? > '\(saved.path)/full.status'
            mkdir '\(saved.path)/full' && cp -a '\(out.path)/public' '\(out.path)/internal' '\(saved.path)/full/'
            ls -A '\(out.path)' > '\(saved.path)/full.ls'
            rm -f '\(out.path)/filler'
            mount -o remount,ro '\(out.path)' || exit 92
            \(build) > /dev/null 2> '\(saved.path)/ro.err'; echo $? > '\(saved.path)/ro.status'
            mkdir '\(saved.path)/ro' && cp -a '\(out.path)/public' '\(out.path)/internal' '\(saved.path)/ro/'
            exit 0
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "sh", "-c", script]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        func text(_ name: String) -> String {
            (try? String(contentsOf: saved.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }
        let first = Self.snapshot(saved.appendingPathComponent("first"))
        #expect(first.public.count > 20)

        #expect(text("full.status") == "1\n")
        #expect(text("full.err").contains(": No space left on device; the previous output is intact"), "\(text("full.err"))")
        let afterFull = Self.snapshot(saved.appendingPathComponent("full"))
        #expect(afterFull.public == first.public && afterFull.internal == first.internal)
        #expect(text("full.ls") == ".dik-lock\nfiller\ninternal\npublic\n", "no staging left on the full disk")

        #expect(text("ro.status") == "1\n")
        #expect(text("ro.err").hasPrefix("\(out.path): error: could not write \(out.path)/.dik-lock: Read-only file system; the previous output is intact"),
                "\(text("ro.err"))")
        let afterReadOnly = Self.snapshot(saved.appendingPathComponent("ro"))
        #expect(afterReadOnly.public == first.public && afterReadOnly.internal == first.internal)
    }

    // MARK: - Reproducibility

    /// The same register written in three file orders, built concurrently with other
    /// builds (so threads interleave differently), by the library and by the command
    /// line pinned to one CPU: every output is identical. A copy under other file
    /// names and folders gives the same public site.
    @Test func buildsAgreeWhateverTheFileOrderAndThreadTiming() throws {
        let entries = (1...40).map { number -> (id: String, text: String) in
            let id = "DIK-2025-\(String(format: "%03d", number))"
            return (id, SampleEntries.decided(id, informasi: "Informasi nomor \(number)",
                                              pasal17: number % 2 == 0 ? "[h.2]" : "[a.1, j]",
                                              period: "  tahun: \(number % 20 + 1)"))
        }
        var generator = SystemRandomNumberGenerator()
        let orders = [entries, entries.reversed(), entries.shuffled(using: &generator)]
        var sites: [FixtureSite] = []
        for order in orders {
            let site = try FixtureSite()
            for entry in order { try site.entry(entry.id, entry.text, body: "Uraian \(entry.id).") }
            sites.append(site)
        }
        let renamed = try FixtureSite()
        for (index, entry) in entries.enumerated() {
            try renamed.entry(entry.id, entry.text, body: "Uraian \(entry.id).",
                              file: "tahun-\(index % 3)/berkas \(index).md")
        }

        let reports = ConcurrentMap.map(sites + [renamed]) { site in site.build(date: Self.date) }
        #expect(reports.allSatisfy { $0.succeeded })
        let outputs = sites.map { Self.snapshot($0.outFolder) }
        for output in outputs.dropFirst() {
            #expect(output.public == outputs[0].public)
            #expect(output.internal == outputs[0].internal)
        }
        #expect(Self.snapshot(renamed.outFolder).public == outputs[0].public)

        if let dik = Self.dikExecutable, FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") {
            let pinned = Process()
            pinned.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
            let out = sites[2].root.appendingPathComponent("pinned")
            pinned.arguments = ["-c", "0", dik.path, "build", "--site", sites[2].siteFolder.path, "--out", out.path,
                                "--date", Self.date]
            var environment = ProcessInfo.processInfo.environment
            environment["DIK_THEME"] = FixtureSite.themeFolder.path
            pinned.environment = environment
            pinned.standardOutput = FileHandle.nullDevice
            try pinned.run()
            pinned.waitUntilExit()
            #expect(pinned.terminationStatus == 0)
            let single = Self.snapshot(out)
            #expect(single.public == outputs[0].public)
            #expect(single.internal == outputs[0].internal)
        }
    }

    @Test func theCommandLineExitsWithOneAndPrintsEveryError() throws {
        let site = try FixtureSite()
        try Self.register(site, entries: 3, variant: "lama")
        #expect(try Self.runDik(site: site.siteFolder, out: site.outFolder) == 0)
        let before = FixtureSite.files(under: site.outFolder)
        for hostile in HostileCorpus.cases where ["NUL byte", "billion laughs", "duplicate key"].contains(hostile.name) {
            try site.writeBytes("register/\(hostile.name.replacingOccurrences(of: " ", with: "-")).md",
                                try #require(hostile.entryFiles.first))
        }
        let process = try Self.dikProcess(site: site.siteFolder, out: site.outFolder)
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(output.contains("register/NUL-byte.md:6:13: error: the file contains a NUL character"), "\(output)")
        #expect(output.contains("register/billion-laughs.md:8:6: error: YAML anchors and aliases"), "\(output)")
        #expect(output.contains("register/duplicate-key.md:7:1: error: the key 'unit' appears twice"), "\(output)")
        #expect(output.contains("Build failed: 3 error(s)"), "\(output)")
        #expect(FixtureSite.files(under: site.outFolder) == before)
    }
}

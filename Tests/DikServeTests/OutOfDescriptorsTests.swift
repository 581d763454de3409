import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The reported crash, end to end: `dik serve` under a small `ulimit -n`, a few hundred
/// half-sent requests, and saves to an entry while they are held. The descriptor limit
/// is per process, so the preview runs as a process of its own here. Before, the
/// connections took every descriptor, re-reading the site reported templates as
/// missing, and libdispatch ended the process with SIGILL.
@Suite("dik serve with few file descriptors", .timeLimit(.minutes(3)))
struct OutOfDescriptorsTests {
    @Test func halfSentRequestsAndSavesDoNotRunThePreviewOutOfDescriptors() async throws {
        guard let dik = DikExecutable.url else {
            Issue.record("the dik executable is not built (swift build --build-tests builds it)")
            return
        }
        let site = try PreviewFixture.sampleSite()
        let server = try ServeProcess(dik: dik, site: site.siteFolder, descriptorLimit: 96)
        defer { server.stop() }
        let port = try await server.port()

        var holders: [RawHTTP] = []
        for _ in 0..<200 {
            // Once the kernel's accept queue is full, connecting times out: enough held.
            guard let holder = try? RawHTTP(port: port, timeout: .seconds(1)) else { break }
            try? await holder.send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            holders.append(holder)
        }
        #expect(holders.count >= 100)
        var peak = 0
        for round in 0..<5 {
            try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Disimpan \(round)"))
            try await Task.sleep(for: .milliseconds(300))
            peak = max(peak, server.openDescriptors)
        }
        // The connections held are capped well below the limit: room is left to read the site.
        #expect(peak > 0 && peak <= 96 - 24, "\(peak) descriptors open")
        #expect(server.isRunning, "the preview ended: \(server.log)")
        holders.removeAll()

        // With the connections gone, the preview answers, and shows the last save.
        var page = ""
        for _ in 0..<50 where !page.contains("Disimpan 4") {
            if let client = try? RawHTTP(port: port, timeout: .seconds(2)) {
                try? await client.send("GET /dik/dik-2025-001/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                if let response = try? await client.readResponse(), response.status == 200 { page = response.text }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(page.contains("Disimpan 4"))
        #expect(server.isRunning, "the preview ended: \(server.log)")
        #expect(!server.log.contains("tidak ditemukan"), "\(server.log)")
    }
}

/// `dik serve` on port 0 as a child process with its own descriptor limit.
final class ServeProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var output = ""

    init(dik: URL, site: URL, descriptorLimit: Int) throws {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" serve --site \"$1\" --port 0 --date 2026-11-21",
                             dik.path, site.path]
        var environment = ProcessInfo.processInfo.environment
        environment["DIK_THEME"] = FixtureSite.themeFolder.path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            self?.lock.withLock { self?.output += text }
        }
        try process.run()
    }

    var log: String { lock.withLock { output } }

    var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? 0
    }
    var isRunning: Bool { process.isRunning }

    /// The port from the line `dik serve` prints once it listens.
    func port() async throws -> Int {
        for _ in 0..<400 {
            let text = log
            if let start = text.range(of: "http://127.0.0.1:")?.upperBound,
               let port = Int(text[start...].prefix { $0.isNumber }) {
                return port
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw RawHTTP.Failure.timeout("dik serve did not start: \(log)")
    }

    /// Ctrl-C, and a kill if that has not ended it within five seconds.
    func stop() {
        if process.isRunning { process.interrupt() }
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

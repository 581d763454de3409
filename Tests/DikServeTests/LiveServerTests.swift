import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The server on a real loopback socket: events stream as they happen, and a Ctrl-C
/// (graceful shutdown) ends open event streams instead of waiting for them.
@Suite("dik serve on a socket", .timeLimit(.minutes(2)))
struct LiveServerTests {
    @Test func eventsStreamLiveAndShutdownEndsOpenStreams() async throws {
        let site = try PreviewFixture.sampleSite()
        let fixture = PreviewFixture(site)
        let watcher = SiteWatcher(siteRoot: site.siteFolder, theme: FixtureSite.themeFolder,
                                  publishedFolder: site.outFolder.appendingPathComponent("public"))
        await fixture.preview.load()
        let port = PortBox()
        let app = PreviewServer.application(site: fixture.preview, host: "127.0.0.1", port: 0, watcher: watcher,
                                            interval: .milliseconds(20), onRunning: { port.set($0) })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [],
                                                      logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        let bound = try await port.wait()
        let seen = fixture.preview.snapshot.generation

        let page = try RawHTTP(port: bound)
        try page.send("GET /dik/dik-2025-001/ HTTP/1.1\r\nHost: 127.0.0.1:\(bound)\r\nConnection: close\r\n\r\n")
        #expect(try page.read(until: "</html>").contains("HTTP/1.1 200 OK"))

        let first = try RawHTTP(port: bound)
        try first.send("GET /_dik/events?since=\(seen) HTTP/1.1\r\nHost: localhost:\(bound)\r\n\r\n")
        // The stream is open and has started before anything changes.
        #expect(try first.read(until: "retry: 1000").contains("text/event-stream"))
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Perubahan langsung"))
        #expect(try first.read(until: "event: reload").contains("data: \(seen + 1)"))

        let waiting = try RawHTTP(port: bound)
        try waiting.send("GET /_dik/events?since=\(seen + 1) HTTP/1.1\r\nHost: localhost:\(bound)\r\n\r\n")
        _ = try waiting.read(until: "retry: 1000")
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(ContinuousClock.now - started < .seconds(5), "shutdown waited for the open stream")
        // Throws if the server keeps the stream open (20 s read timeout).
        _ = try waiting.readToEnd()
        #expect(fixture.preview.feed.isClosed)
    }
}

final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?

    func set(_ value: Int) { lock.withLock { port = value } }

    func wait() async throws -> Int {
        for _ in 0..<500 {
            if let port = lock.withLock({ port }) { return port }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw RawHTTP.Failure.timeout("the server did not start")
    }
}

/// A plain TCP client, to read a response while it is still being written.
final class RawHTTP {
    enum Failure: Error { case socket(String), timeout(String) }
    private let descriptor: Int32
    private var received = ""

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.socket("socket") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)  // generous: CI machines are shared
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { close(descriptor); throw Failure.socket("connect") }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw Failure.socket("send") }
    }

    /// Reads until `marker` has arrived; returns everything received so far.
    func read(until marker: String) throws -> String {
        while !received.contains(marker) {
            guard let chunk = try chunk() else { throw Failure.timeout("connection closed before \(marker)") }
            received += chunk
        }
        return received
    }

    /// Reads until the server closes the connection.
    func readToEnd() throws -> String {
        var rest = ""
        while let chunk = try chunk() { rest += chunk }
        return rest
    }

    private func chunk() throws -> String? {
        var buffer = [UInt8](repeating: 0, count: 16384)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count == 0 { return nil }
        guard count > 0 else { throw Failure.timeout("no data within 20 s") }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}

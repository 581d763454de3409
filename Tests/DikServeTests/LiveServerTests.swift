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
        try await page.send("GET /dik/dik-2025-001/ HTTP/1.1\r\nHost: 127.0.0.1:\(bound)\r\nConnection: close\r\n\r\n")
        #expect(try await page.read(until: "</html>").contains("HTTP/1.1 200 OK"))

        let first = try RawHTTP(port: bound)
        try await first.send("GET /_dik/events?since=\(seen) HTTP/1.1\r\nHost: localhost:\(bound)\r\n\r\n")
        // The stream is open and has started before anything changes.
        #expect(try await first.read(until: "retry: 1000").contains("text/event-stream"))
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Perubahan langsung"))
        #expect(try await first.read(until: "event: reload").contains("data: \(seen + 1)"))

        let waiting = try RawHTTP(port: bound)
        try await waiting.send("GET /_dik/events?since=\(seen + 1) HTTP/1.1\r\nHost: localhost:\(bound)\r\n\r\n")
        _ = try await waiting.read(until: "retry: 1000")
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(ContinuousClock.now - started < .seconds(5), "shutdown waited for the open stream")
        // Throws if the server keeps the stream open (20 s read timeout).
        _ = try await waiting.readToEnd()
        #expect(fixture.preview.feed.isClosed)
    }
}

import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import NIOCore
import NIOEmbedded
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Clients that connect and never finish, and more clients than the preview serves at
/// once: the preview closes the first and turns the others away with a complete 503,
/// so it keeps answering and never runs the process out of file descriptors.
@Suite("dik serve under starvation", .timeLimit(.minutes(2)))
struct ServerLimitTests {
    static let quick = ServeLimits(requestHeadTimeout: .milliseconds(500), maxConnections: 4)

    @Test func aRequestHeadThatNeverEndsIsClosedAfterTheTimeout() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await withLivePreview(fixture, limits: Self.quick) { live in
            let half = try RawHTTP(port: live.port, timeout: .seconds(5))
            try await half.send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            let silent = try RawHTTP(port: live.port, timeout: .seconds(5))
            let started = ContinuousClock.now
            #expect(await half.isClosedByServer(), "a half-sent head kept its connection")
            #expect(await silent.isClosedByServer(), "a connection that sent nothing was kept")
            #expect(ContinuousClock.now - started < .seconds(3))

            // Bytes that trickle in do not restart the clock: only a complete head does.
            let drip = try RawHTTP(port: live.port, timeout: .milliseconds(100))
            try await drip.send("GET / HTTP/1.1\r\nHost: localhost\r\n")
            var closed = false
            for _ in 0..<40 where !closed {
                try? await drip.send("X")
                closed = await drip.isClosedByServer()
            }
            #expect(closed, "a head sent a byte at a time kept its connection")

            // A kept-alive connection that has been answered is closed once idle.
            let idle = try RawHTTP(port: live.port, timeout: .seconds(5))
            try await idle.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try await idle.readResponse().status == 200)
            #expect(await idle.isClosedByServer())
        }
    }

    @Test func anAnswerBeingWrittenIsNotCutByTheTimeout() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await withLivePreview(fixture, limits: Self.quick) { live in
            // A reload stream writes nothing for 15 s at a time.
            let stream = try RawHTTP(port: live.port, timeout: .seconds(2))
            try await stream.send("GET /_dik/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            _ = try await stream.read(until: "retry: 1000")
            #expect(!(await stream.isClosedByServer()), "the timeout cut an open reload stream")
        }
    }

    @Test func connectionsOverTheCapAreAnswered503AndClosed() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        let limits = ServeLimits(requestHeadTimeout: .seconds(30), maxConnections: 4)
        try await withLivePreview(fixture, limits: limits) { live in
            var holders: [RawHTTP] = []
            for _ in 0..<4 {
                let holder = try RawHTTP(port: live.port, timeout: .seconds(5))
                try await holder.send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                holders.append(holder)
            }
            try await waitUntil { live.gate.counts.served == 4 }
            let turnedAway = try RawHTTP(port: live.port, timeout: .seconds(5))
            try await turnedAway.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let busy = try await turnedAway.readResponse()
            #expect(busy.status == 503)
            #expect(busy.end == .length && busy.headers["connection"] == "close")
            #expect(busy.text.contains("terlalu banyak sambungan"))
            #expect(await turnedAway.isClosedByServer())

            // Once the slots are free, the preview answers again.
            holders.removeAll()
            try await waitUntil { live.gate.counts.served == 0 }
            let client = try RawHTTP(port: live.port, timeout: .seconds(5))
            try await client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
        }
    }

    /// Sockets open at once, served and refused together, stay under the ceiling
    /// however many clients connect: the rest wait in the kernel's queue.
    @Test func aConnectionFloodNeverHoldsMoreSocketsThanTheCeiling() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        let limits = ServeLimits(requestHeadTimeout: .seconds(30), maxConnections: 4)
        try await withLivePreview(fixture, limits: limits) { live in
            let flood = try (0..<60).map { _ in try RawHTTP(port: live.port, timeout: .seconds(2)) }
            var highest = 0
            for _ in 0..<30 {
                highest = max(highest, live.gate.counts.open)
                try await Task.sleep(for: .milliseconds(20))
            }
            // The gate saw the flood (it reached the ceiling), and held it there.
            #expect(highest == live.gate.ceiling, "\(highest) sockets open")
            #expect(live.gate.counts.served <= 4)
            _ = flood
        }
    }

    /// Accepting fails while the process has no descriptor left, and a connection can
    /// fail to set up. The preview waits and accepts again; before, an error of the
    /// second kind ended Hummingbird's accept loop and the preview stopped listening.
    @Test func errorsOnTheListeningSocketDoNotStopTheServer() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await withLivePreview(fixture, limits: Self.quick) { live in
            for code in [EMFILE, ENFILE, EMFILE, ENOBUFS] {
                try await live.listener.eventLoop.submit {
                    live.listener.pipeline.fireErrorCaught(IOError(errnoCode: code, reason: "accept"))
                }.get()
            }
            try await live.listener.eventLoop.submit {
                live.listener.pipeline.fireErrorCaught(ChannelError.ioOnClosedChannel)
            }.get()
            try await Task.sleep(for: .milliseconds(100))
            let client = try RawHTTP(port: live.port, timeout: .seconds(5))
            try await client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
        }
    }

    /// While it waits, the listening socket is not read at all: accepting again at once
    /// would fail again at once, in a loop that takes a whole core.
    @Test func theAcceptBackoffWithholdsReadsAndThenResumes() throws {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(loop: loop)
        let reads = ReadCounter()
        try channel.pipeline.syncOperations.addHandler(reads)
        try channel.pipeline.syncOperations.addHandler(AcceptBackoff(logger: .init(label: "test")))
        channel.pipeline.fireErrorCaught(IOError(errnoCode: EMFILE, reason: "accept"))
        channel.read()
        #expect(reads.count == 0)
        loop.advanceTime(by: .milliseconds(49))
        #expect(reads.count == 0)
        loop.advanceTime(by: .milliseconds(1))
        #expect(reads.count == 1)
        // Failing again doubles the pause, up to a second.
        channel.pipeline.fireErrorCaught(IOError(errnoCode: EMFILE, reason: "accept"))
        channel.read()
        loop.advanceTime(by: .milliseconds(99))
        #expect(reads.count == 1)
        loop.advanceTime(by: .milliseconds(1))
        #expect(reads.count == 2)
        // Nothing goes on down the pipeline, where it would end the accept loop.
        channel.pipeline.fireErrorCaught(ChannelError.ioOnClosedChannel)
        #expect(throws: Never.self) { try channel.throwIfErrorCaught() }
        _ = try? channel.finish()
    }

    @Test func theCapLeavesDescriptorsForTheSiteWhereTheLimitIsSmall() {
        let limits = ServeLimits.standard
        #expect(limits.connectionCap(descriptorLimit: 1024) == 128)
        #expect(limits.connectionCap(descriptorLimit: 128) == 128 - 64 - 16)
        #expect(limits.connectionCap(descriptorLimit: 20) == 1)
        for limit in [96, 128, 256, 1024] {
            let gate = ConnectionGate(limits: limits, descriptorLimit: limit)
            #expect(gate.ceiling + ServeLimits.descriptorReserve <= limit)
        }
    }
}

/// Counts the reads that reach the head of a pipeline.
final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = Never
    private(set) var count = 0

    func read(context: ChannelHandlerContext) {
        count += 1
        context.read()
    }
}

/// Waits up to five seconds for `condition`, checking every 10 ms.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within five seconds")
}

import DikCore
@testable import DikServe
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A preview running on a loopback port for a test.
struct LivePreview: Sendable {
    let port: Int
    /// The listening socket's channel.
    let listener: any Channel
    let gate: ConnectionGate
}

/// Runs the preview on a free loopback port for the length of `body`, then shuts it
/// down gracefully, also when `body` throws.
func withLivePreview<T>(_ fixture: PreviewFixture, host: String = "127.0.0.1", limits: ServeLimits = .standard,
                        _ body: (LivePreview) async throws -> T) async throws -> T {
    let listener = ChannelBox()
    let gate = ConnectionGate(limits: limits)
    let app = PreviewServer.application(site: fixture.preview, host: host, port: 0, watcher: nil, mode: .events,
                                        interval: .milliseconds(20), limits: limits, gate: gate, onUpdate: { _ in },
                                        onListening: { listener.set($0) }, logger: nil)
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [],
                                                  logger: Logger(label: "test")))
    let running = Task { try await group.run() }
    do {
        let channel = try await listener.wait()
        let live = LivePreview(port: channel.localAddress?.port ?? 0, listener: channel, gate: gate)
        let result = try await body(live)
        await group.triggerGracefulShutdown()
        try await running.value
        return result
    } catch {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        throw error
    }
}

final class ChannelBox: @unchecked Sendable {
    private let lock = NSLock()
    private var channel: (any Channel)?

    func set(_ value: any Channel) { lock.withLock { channel = value } }

    func wait() async throws -> any Channel {
        for _ in 0..<500 {
            if let channel = lock.withLock({ channel }) { return channel }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw RawHTTP.Failure.timeout("the server did not start")
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

/// A plain TCP client on loopback, to send what no HTTP library would (half a request,
/// odd methods, forged Host values) and to see exactly how the server answers: with
/// which framing, and whether it closes the connection. Its waits block a thread, so
/// each runs on a thread of its own: on the test's (the cooperative pool has one per
/// core) they would keep the server in the same process from answering, and Dispatch
/// adds a thread for blocked work only about once a second.
final class RawHTTP: @unchecked Sendable {
    enum Failure: Error, Sendable { case socket(String), timeout(String) }
    private let descriptor: Int32
    private var received: [UInt8] = []
    private var closedByPeer = false

    /// `timeout` bounds each wait for data (generous by default: CI machines are shared).
    init(port: Int, timeout: Duration = .seconds(20)) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.socket("socket") }
        var limit = timeval(tv_sec: Int(timeout.components.seconds),
                            tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
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

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await blocking { try self.sendNow(bytes) }
    }

    /// Reads until `marker` has arrived; returns everything received so far.
    func read(until marker: String) async throws -> String {
        try await blocking { try self.readNow(until: marker) }
    }

    /// Reads until the server closes the connection.
    func readToEnd() async throws -> String {
        try await blocking { try self.readToEndNow() }
    }

    /// Whether the server closes the connection before a wait for data runs out.
    func isClosedByServer() async -> Bool {
        (try? await blocking { self.isClosedByServerNow() }) ?? false
    }

    /// One response, and how its end could be told: by its length, by the last chunk,
    /// or because the server closed the connection. Throws when none of these comes
    /// (the client would hang).
    func readResponse() async throws -> RawResponse {
        try await blocking { try self.readResponseNow() }
    }

    private func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    private func sendNow(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a server that has closed the connection gives EPIPE, not SIGPIPE.
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw Failure.socket("send") }
            offset += sent
        }
    }

    private func readNow(until marker: String) throws -> String {
        let wanted = Array(marker.utf8)
        while received.firstRange(of: wanted) == nil {
            guard try fill() else { throw Failure.timeout("connection closed before \(marker)") }
        }
        return String(decoding: received, as: UTF8.self)
    }

    private func readToEndNow() throws -> String {
        let start = received.count
        while try fill() {}
        return String(decoding: received[start...], as: UTF8.self)
    }

    private func isClosedByServerNow() -> Bool {
        do {
            while try fill() {}
            return true
        } catch {
            return false
        }
    }

    private func readResponseNow() throws -> RawResponse {
        let blank = Array("\r\n\r\n".utf8)
        while received.firstRange(of: blank) == nil {
            guard try fill() else { throw Failure.timeout("closed before a response head") }
        }
        guard let headEnd = received.firstRange(of: blank)?.upperBound else { throw Failure.socket("no head") }
        let head = String(decoding: received[..<headEnd], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        received.removeFirst(headEnd)
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            while received.count < length {
                guard try fill() else { throw Failure.timeout("closed before the whole body") }
            }
            let body = Array(received[..<length])
            received.removeFirst(length)
            return RawResponse(status: status, headers: headers, body: body, end: .length)
        }
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            let last = Array("0\r\n\r\n".utf8)
            while received.firstRange(of: last) == nil {
                guard try fill() else { throw Failure.timeout("closed before the last chunk") }
            }
            return RawResponse(status: status, headers: headers, body: received, end: .lastChunk)
        }
        while try fill() {}
        return RawResponse(status: status, headers: headers, body: received, end: .close)
    }

    /// Appends what arrives; false once the server has closed the connection.
    private func fill() throws -> Bool {
        if closedByPeer { return false }
        var buffer = [UInt8](repeating: 0, count: 16384)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count == 0 {
            closedByPeer = true
            return false
        }
        guard count > 0 else {
            // A reset ends the connection as surely as a close does.
            if errno == ECONNRESET {
                closedByPeer = true
                return false
            }
            throw Failure.timeout("no data in time")
        }
        received += buffer[..<count]
        return true
    }
}

struct RawResponse: Sendable {
    enum End { case length, lastChunk, close }
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
    let end: End

    var text: String { String(decoding: body, as: UTF8.self) }
}

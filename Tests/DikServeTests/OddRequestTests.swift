import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Testing

/// Whatever a client sends, it can tell where the answer ends: the response carries a
/// Content-Length (or is chunked), or the server closes the connection. Otherwise the
/// client waits for more until it gives up, holding the connection open.
@Suite("dik serve ends every answer", .timeLimit(.minutes(2)))
struct OddRequestTests {
    struct OddRequest: Sendable, CustomTestStringConvertible {
        let name: String
        /// `PORT` stands for the server's port.
        let text: String
        var testDescription: String { name }
        func text(port: Int) -> String { text.replacingOccurrences(of: "PORT", with: String(port)) }
    }

    static let requests: [OddRequest] = [
        .init(name: "CONNECT", text: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"),
        .init(name: "CONNECT to itself", text: "CONNECT 127.0.0.1:PORT HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n"),
        .init(name: "TRACE", text: "TRACE / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        .init(name: "PROPFIND", text: "PROPFIND / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        .init(name: "unknown method", text: "BREW / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        .init(name: "not HTTP", text: "garbage\r\n\r\n"),
        .init(name: "OPTIONS *", text: "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        .init(name: "absolute URI", text: "GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        .init(name: "forged Host", text: "GET / HTTP/1.1\r\nHost: localhost:1@evil.com\r\n\r\n"),
        .init(name: "two Hosts", text: "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n"),
        .init(name: "no Host", text: "GET / HTTP/1.1\r\n\r\n"),
        .init(name: "HTTP/1.0", text: "GET / HTTP/1.0\r\n\r\n"),
        .init(name: "POST, body never finished",
              text: "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\nab"),
        .init(name: "GET, body never finished",
              text: "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\nab"),
        .init(name: "chunked body never finished",
              text: "PUT / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"),
        .init(name: "oversized head",
              text: "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: \(String(repeating: "x", count: 100_000))\r\n\r\n"),
    ]

    @Test(arguments: requests)
    func theClientCanTellWhereTheAnswerEnds(request: OddRequest) async throws {
        let name = request.name
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await withLivePreview(fixture) { live in
            let port = live.port
            // Three seconds: a server that ends its answer does so at once.
            let client = try RawHTTP(port: port, timeout: .seconds(3))
            try? await client.send(request.text(port: port))
            let response: RawResponse
            do {
                response = try await client.readResponse()
            } catch {
                Issue.record("\(name): the client cannot tell where the answer ends (\(error))")
                return
            }
            #expect(response.status >= 200, "\(name)")
            if name.hasPrefix("CONNECT") || ["TRACE", "PROPFIND"].contains(name) {
                #expect(response.status == 405, "\(name)")
            }
        }
    }

    /// A method the preview does not serve ends the connection: nothing more is read
    /// from it, neither a tunnel (CONNECT) nor a body sent slowly.
    @Test func refusedMethodsCloseTheConnection() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await withLivePreview(fixture) { live in
            let port = live.port
            for request in ["CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nab",
                            "DELETE / HTTP/1.1\r\nHost: localhost\r\n\r\n"] {
                let client = try RawHTTP(port: port, timeout: .seconds(3))
                try await client.send(request)
                let response = try await client.readResponse()
                #expect(response.status == 405, "\(request.prefix(20))")
                #expect(response.headers["connection"] == "close", "\(request.prefix(20))")
                #expect(await client.isClosedByServer(), "\(request.prefix(20)) left the connection open")
            }
            // A plain GET keeps its connection for the next request.
            let client = try RawHTTP(port: port, timeout: .seconds(3))
            try await client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
            try await client.send("GET /internal/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
        }
    }
}

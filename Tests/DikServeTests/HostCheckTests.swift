import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Hummingbird
import Testing

/// DNS rebinding: a web page whose own name resolves to 127.0.0.1 must not be able to
/// read the preview. On loopback the preview answers only to its own names, however
/// `--host` was spelled, and only to Host values that are plain `host[:port]`.
@Suite("dik serve answers only to its own names", .timeLimit(.minutes(2)))
struct HostCheckTests {
    static let loopbackSpellings = ["127.0.0.1", "127.1", "0x7f.1", "2130706433", "127.0.0.5", "::1", "[::1]",
                                    "::ffff:127.0.0.1", "::ffff:7f00:1", "localhost"]

    @Test(arguments: loopbackSpellings)
    func aLoopbackAddressHoweverSpelledRefusesOtherNames(bound: String) {
        let check = HostCheck(boundHost: bound)
        #expect(check.isLoopback)
        #expect(HostCheck.isLoopback(bound))
        for refused in ["rebind.example", "rebind.example:8080", "127.0.0.1.rebind.example", "localhost.rebind.example",
                        "localhost.", "127.0.0.2:8080", "[::2]"] {
            #expect(check.verdict(refused) == .foreign, "\(bound) allowed \(refused)")
        }
        for allowed in ["localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:8080",
                        "[0:0:0:0:0:0:0:1]:8080"] {
            #expect(check.allows(allowed), "\(bound) refused \(allowed)")
        }
        #expect(!check.allows(nil))
    }

    @Test func theBoundAddressIsAllowedInItsOwnCanonicalText() {
        #expect(HostCheck(boundHost: "127.0.0.5").allows("127.0.0.5:8080"))
        #expect(HostCheck(boundHost: "127.0.0.5").verdict("127.0.0.6:8080") == .foreign)
        #expect(HostCheck(boundHost: "127.1").verdict("127.1:8080") == .foreign, "not canonical")
        let mapped = HostCheck(boundHost: "::ffff:127.0.0.1")
        #expect(mapped.allows("[::ffff:127.0.0.1]:8080"))
        // How a browser writes the same address in a URL.
        #expect(mapped.allows("[::ffff:7f00:1]:8080"))
    }

    @Test func otherAddressesAreNotLoopbackAndAcceptAnyPlainHost() {
        for exposed in ["0.0.0.0", "::", "192.0.2.4", "::ffff:10.0.0.1", "::ffff:0.0.0.0"] {
            #expect(!HostCheck.isLoopback(exposed), "\(exposed)")
            let check = HostCheck(boundHost: exposed)
            #expect(!check.isLoopback)
            #expect(check.allows("any.example:8080") && check.allows("192.0.2.4") && check.allows(nil))
        }
    }

    static let malformed = [
        "localhost:1@evil.com", "evil.com@localhost", "user@localhost:8080", "localhost/evil", "localhost\\evil",
        "localhost :8080", " localhost", "localhost\t", "local\u{0}host", "localhost\r\nX: y", "localhost:80:80",
        "::1", "[::1", "[::1]x", "[::1]:", ":8080", "localhost:", "localhost:8o", "localhost:-1", "localhost:+80",
        "localhost:123456", "[]:80", "[evil.com]", "[::1%25lo]", "lo%63alhost", "localhost?x", "localhost#x",
        "lócalhost", "", "localhost,evil.com",
    ]

    @Test(arguments: malformed)
    func hostValuesThatAreNotPlainHostAndPortAreRefused(value: String) {
        for bound in ["127.0.0.1", "::1", "0.0.0.0"] {
            #expect(HostCheck(boundHost: bound).verdict(value) == .malformed, "bound to \(bound)")
        }
    }

    @Test func aForgedHostIsAnsweredWithoutThePage() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        func status(_ authority: String, _ extraHost: String? = nil) async -> HTTPResponse.Status {
            var fields: HTTPFields = [:]
            if let extraHost { fields[HTTPFields.Element.Name("Host")!] = extraHost }
            let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: authority,
                                                    path: "/internal/", headerFields: fields),
                                  body: RequestBody(buffer: ByteBuffer()))
            return await PreviewServer.respond(to: request, site: fixture.preview,
                                               hostCheck: HostCheck(boundHost: "127.1")).status
        }
        #expect(await status("localhost:1@evil.com") == .badRequest)
        #expect(await status("rebind.example:8080") == .forbidden)
        #expect(await status("localhost:8080") == .ok)
        // A second Host field, which a proxy in front might read instead of the first.
        #expect(await status("localhost:8080", "rebind.example") == .badRequest)
    }

    /// The whole way, on a socket: the server bound to loopback spelled two other ways.
    @Test(arguments: ["127.1", "::ffff:127.0.0.1"])
    func aRebindingPageCannotReadTheInternalView(bound: String) async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await withLivePreview(fixture, host: bound) { live in
            let port = live.port
            for (host, expected) in [("rebind.example:\(port)", 403), ("localhost:1@evil.com", 400),
                                     ("localhost:\(port)", 200), ("127.0.0.1:\(port)", 200)] {
                let client = try RawHTTP(port: port, timeout: .seconds(10))
                try await client.send("GET /internal/ HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
                let response = try await client.readResponse()
                #expect(response.status == expected, "Host: \(host)")
                #expect(response.text.contains("banner-internal") == (expected == 200), "Host: \(host)")
            }
        }
    }
}

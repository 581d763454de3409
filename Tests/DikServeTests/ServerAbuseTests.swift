import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The preview under abuse: odd encodings, oversized requests, many clients at once,
/// and requests while the files change. Nothing crashes, nothing outside the served
/// tree is answered.
@Suite("dik serve under abuse", .timeLimit(.minutes(3)))
struct ServerAbuseTests {
    func app(_ fixture: PreviewFixture) -> some ApplicationProtocol {
        PreviewServer.application(site: fixture.preview, host: "127.0.0.1", port: 0, watcher: nil, mode: .events,
                                  interval: .milliseconds(20))
    }

    @Test func doubleEncodingBackslashesAndOverlongPathsGetA404() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        let attempts = [
            "/%252e%252e/site.yml", "/%252e%252e%252fsite.yml", "/dik/%255c..%255csite.yml",
            "/..\\..\\site.yml", "/dik\\..\\..\\site.yml", "/%5c%2e%2e%5csite.yml", "/%c0%ae%c0%ae/site.yml",
            "/%e0%80%ae%e0%80%ae/site.yml", "/" + String(repeating: "a", count: 16_000),
            "/" + String(repeating: "../", count: 2_000) + "etc/passwd",
            "/dik/" + String(repeating: "%2e%2e%2f", count: 1_000) + "site.yml",
        ]
        try await app(fixture).test(.router) { client in
            for uri in attempts {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri.prefix(60)) answered \(response.status)")
                    let body = String(buffer: response.body)
                    #expect(!body.contains("url_publik") && !body.contains("root:x:0"), "\(uri.prefix(60))")
                }
            }
            // A very long header does not break the page either.
            try await client.execute(uri: "/", method: .get,
                                     headers: [.userAgent: String(repeating: "x", count: 64_000)]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func manyConcurrentRequestsWhileAnEntryKeepsChanging() async throws {
        let site = try PreviewFixture.sampleSite()
        let fixture = PreviewFixture(site)
        await fixture.preview.load()
        try await app(fixture).test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for round in 0..<20 {
                        try site.entry("DIK-2025-001", SampleEntries.decided(
                            "DIK-2025-001", informasi: "Nomor rekening pegawai versi \(round)"))
                        _ = await fixture.preview.apply(SiteChange(entryFiles: ["register/DIK-2025-001.md"]))
                    }
                }
                for worker in 0..<16 {
                    group.addTask {
                        let paths = ["/", "/dik/dik-2025-001/", "/internal/", "/kategori/h/", "/_dik/perubahan/",
                                     "/tidak-ada/", "/internal/dasbor/"]
                        for index in 0..<25 {
                            let path = paths[(worker + index) % paths.count]
                            try await client.execute(uri: path, method: .get) { response in
                                #expect(response.status == .ok || response.status == .notFound, "\(path)")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            await fixture.preview.settled()
            try await client.execute(uri: "/dik/dik-2025-001/", method: .get) { response in
                #expect(String(buffer: response.body).contains("versi 19"))
            }
        }
    }
}

import DikCore
@testable import DikServe
import DikTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("dik serve over HTTP", .timeLimit(.minutes(2)))
struct ServerTests {
    func app(_ fixture: PreviewFixture, watcher: SiteWatcher? = nil, mode: WatchMode = .events)
        -> some ApplicationProtocol {
        PreviewServer.application(site: fixture.preview, host: "127.0.0.1", port: 0, watcher: watcher, mode: mode,
                                  interval: .milliseconds(20))
    }

    @Test func bothViewsAreServedWithTheReloadScript() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await app(fixture).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                let body = String(buffer: response.body)
                #expect(body.contains("DIK-2025-001") && body.contains("DIK-2026-010"))
                #expect(body.contains("<script \(LiveReload.marker)>"))
                #expect(body.contains("/_dik/events?since=\(fixture.preview.snapshot.generation)"))
                // The script is added to what is served, not to what was rendered.
                #expect(body.utf8.count > fixture.preview.snapshot.preview["index.html"]!.count)
            }
            try await client.execute(uri: "/internal/", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("banner-internal") && body.contains("dasbor/"))
            }
            try await client.execute(uri: "/internal/dik/dik-2025-001/", method: .get) { response in
                #expect(String(buffer: response.body).contains("Uraian internal yang rahasia"))
            }
            try await client.execute(uri: "/dik/dik-2025-001/", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Nomor rekening bank pegawai"))
                #expect(!body.contains("Uraian internal yang rahasia"))
            }
            try await client.execute(uri: "/assets/style.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(!String(buffer: response.body).contains(LiveReload.marker))
            }
            try await client.execute(uri: "/_dik/perubahan/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Perubahan bila diterbitkan sekarang"))
            }
        }
    }

    @Test func onlyGetAndHead() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await app(fixture).test(.router) { client in
            let get = try await client.execute(uri: "/", method: .get)
            try await client.execute(uri: "/", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.contentLength] == String(get.body.readableBytes))
            }
            for method in [HTTPRequest.Method.post, .put, .delete, .patch, .options] {
                try await client.execute(uri: "/", method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method)")
                    #expect(response.headers[.allow] == "GET, HEAD")
                }
            }
        }
    }

    @Test func foldersRedirectAndUnknownPathsGetTheSitesNotFoundPage() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        try await app(fixture).test(.router) { client in
            for (uri, location) in [("/dik/dik-2025-001", "/dik/dik-2025-001/"), ("/internal", "/internal/"),
                                    ("/internal/dasbor", "/internal/dasbor/"), ("/_dik/perubahan", "/_dik/perubahan/")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .movedPermanently, "\(uri)")
                    #expect(response.headers[.location] == location)
                }
            }
            for uri in ["/nope", "/dik/dik-9999-999/", "/kategori/z/", "/internal/nope", "/_dik/other"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    let body = String(buffer: response.body)
                    #expect(body.contains("Halaman tidak ditemukan"), "\(uri) did not get the site's 404 page")
                    #expect(body.contains("banner-internal") == uri.hasPrefix("/internal/"))
                }
            }
        }
    }

    @Test func pathsThatTryToLeaveTheServedTreeGetA404() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        let attempts = [
            "/..", "/../", "/../site.yml", "/internal/../dik/dik-2025-001/", "/internal/../../etc/passwd",
            "/%2e%2e/site.yml", "/%2E%2E/%2E%2E/etc/passwd", "/.%2e/", "/%2e./index.html", "/internal/%2e%2e/",
            "/dik/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/dik/..%2f..%2fsite.yml", "/dik/..%5c..%5csite.yml",
            "/./index.html", "/internal/./dasbor/", "/%00", "/index.html%00.css", "/%zz", "//etc/passwd",
            "/internal/%2fetc%2fpasswd", "/register/DIK-2025-001.md", "/../register/DIK-2025-001.md",
        ]
        try await app(fixture).test(.router) { client in
            for uri in attempts {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri) answered \(response.status)")
                    let body = String(buffer: response.body)
                    #expect(!body.contains("uji_konsekuensi") && !body.contains("Uraian internal"), "\(uri)")
                    #expect(!body.contains("url_publik"), "\(uri) served the site settings")
                }
            }
        }
    }

    @Test func requestsForAnotherHostAreRefusedOnLoopback() throws {
        let check = HostCheck(boundHost: "127.0.0.1")
        for allowed in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "127.0.0.1"] {
            #expect(check.allows(allowed), "\(allowed)")
        }
        for refused in ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", nil, ""] as [String?] {
            #expect(!check.allows(refused), "\(refused ?? "nil")")
        }
        #expect(HostCheck(boundHost: "0.0.0.0").allows("any.example"))
        #expect(HostCheck.isLoopback("127.0.0.1") && HostCheck.isLoopback("::1") && HostCheck.isLoopback("[::1]"))
        #expect(HostCheck.isLoopback("localhost") && HostCheck.isLoopback("127.1.2.3"))
        #expect(!HostCheck.isLoopback("0.0.0.0") && !HostCheck.isLoopback("192.168.1.4") && !HostCheck.isLoopback("::"))
    }

    @Test func theResponderRefusesAForeignHostHeader() async throws {
        let fixture = PreviewFixture(try PreviewFixture.sampleSite())
        await fixture.preview.load()
        let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "rebind.example:8080",
                                                path: "/internal/"),
                              body: RequestBody(buffer: ByteBuffer()))
        let response = await PreviewServer.respond(to: request, site: fixture.preview,
                                             hostCheck: HostCheck(boundHost: "127.0.0.1"))
        #expect(response.status == .forbidden)
    }

    @Test func theChangesPageComparesWithTheLastPublishedBuild() async throws {
        let site = try PreviewFixture.sampleSite()
        #expect(site.build(date: PreviewFixture.date).succeeded)
        let fixture = PreviewFixture(site)
        await fixture.preview.load()
        // Changed field, opened, removed, added (a draft decided, under a new letter).
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Nomor rekening gaji pegawai"))
        try site.entry("DIK-2025-002", SampleEntries.decided(
            "DIK-2025-002", informasi: "Dokumen strategi pengamanan", pasal17: "[c.2]", period: "  tahun: 5",
            extra: "riwayat:\n  - tanggal: 2026-11-02\n    status: dibuka\n    dasar: Keputusan PPID 9/2026")
            .replacingOccurrences(of: "status: ditetapkan", with: "status: dibuka"))
        try FileManager.default.removeItem(at: site.siteFolder.appendingPathComponent("register/DIK-2023-004.md"))
        try site.entry("DIK-2026-010", SampleEntries.decided("DIK-2026-010", informasi: "Peta cadangan mineral",
                                                              pasal17: "[d]"))
        await fixture.preview.apply(SiteChange(entryFiles: ["register/DIK-2025-001.md", "register/DIK-2025-002.md",
                                                            "register/DIK-2026-010.md"], listing: true))
        try await app(fixture).test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/_dik/perubahan/", method: .get).body)
            func section(_ id: String) -> String {
                guard let start = page.range(of: "<section id=\"\(id)\""),
                      let end = page[start.upperBound...].range(of: "</section>") else { return "" }
                return String(page[start.lowerBound..<end.lowerBound])
            }
            #expect(section("baru").contains("data-slug=\"dik-2026-010\""))
            #expect(section("baru").contains("Peta cadangan mineral"))
            #expect(section("hilang").contains("data-slug=\"dik-2023-004\""))
            #expect(section("dibuka").contains("data-slug=\"dik-2025-002\""))
            #expect(section("dibuka").contains("Keputusan PPID 9/2026"))
            let changed = section("berubah")
            #expect(changed.contains("data-slug=\"dik-2025-001\""))
            #expect(changed.contains("<th scope=\"row\">Informasi</th><td><del>Nomor rekening bank pegawai</del></td>"
                + "<td><ins>Nomor rekening gaji pegawai</ins></td>"))
            #expect(!changed.contains("dik-2025-002") && !changed.contains("dik-2026-010"))
            // The draft that stays a draft is not something publishing would change.
            #expect(!page.contains("DIK-2026-011"))
            #expect(page.contains("<code>kategori/d/index.html</code>"))
            #expect(page.contains("<code>kategori/c/index.html</code>"))
        }
        // Published: nothing left to change.
        #expect(site.build(date: PreviewFixture.date).succeeded)
        let report = await fixture.preview.apply(SiteChange(published: true))
        #expect(report.kind == .baselineOnly)
        try await app(fixture).test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/_dik/perubahan/", method: .get).body)
            #expect(page.contains("Tidak ada perubahan. Situs publik akan sama dengan terbitan terakhir."))
        }
    }

    @Test func errorsReplaceEveryPageUntilFixedAndTheServerKeepsRunning() async throws {
        let site = try PreviewFixture.sampleSite()
        let fixture = PreviewFixture(site)
        await fixture.preview.load()
        try await app(fixture).test(.router) { client in
            try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001")
                .replacingOccurrences(of: "status: ditetapkan", with: "status: ditetapkna"))
            await fixture.preview.apply(SiteChange(entryFiles: ["register/DIK-2025-001.md"]))
            for uri in ["/", "/dik/dik-2025-002/", "/internal/", "/internal/dasbor/", "/_dik/perubahan/", "/nope"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .internalServerError, "\(uri)")
                    let body = String(buffer: response.body)
                    #expect(body.contains("register/DIK-2025-001.md:3:9"), "\(uri)")
                    #expect(body.contains("unknown-status") && body.contains("ditetapkna"))
                    #expect(body.contains("<pre>status: ditetapkna\n        ^</pre>"))
                    #expect(body.contains(LiveReload.marker), "the error page must reload by itself")
                }
            }
            try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Diperbaiki"))
            await fixture.preview.apply(SiteChange(entryFiles: ["register/DIK-2025-001.md"]))
            try await client.execute(uri: "/dik/dik-2025-001/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Diperbaiki"))
            }
            // A broken template: named with its line, and fixed by removing the override.
            try site.write("templates/notice.mustache", "{{<layout}}{{$main}}\n<h1>{{{informasi}}}</h1>{{/main}}{{/layout}}")
            await fixture.preview.apply(SiteChange(templates: true))
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .internalServerError)
                let body = String(buffer: response.body)
                #expect(body.contains("templates/notice.mustache:2:5") && body.contains("template-raw-value"))
            }
            // A template that includes itself: named at its line, and the preview lives on.
            try site.write("templates/not-found.mustache", "<p>x</p>\n{{> not-found}}")
            await fixture.preview.apply(SiteChange(templates: true))
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .internalServerError)
                let body = String(buffer: response.body)
                #expect(body.contains("templates/not-found.mustache:2:1") && body.contains("template-partial-cycle"))
            }
            try FileManager.default.removeItem(at: site.siteFolder.appendingPathComponent("templates/not-found.mustache"))
            try FileManager.default.removeItem(at: site.siteFolder.appendingPathComponent("templates/notice.mustache"))
            await fixture.preview.apply(SiteChange(templates: true))
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
        }
    }

    @Test(arguments: [WatchMode.events, .polling])
    func aSavedEntryReloadsOpenPages(mode: WatchMode) async throws {
        let site = try PreviewFixture.sampleSite()
        let fixture = PreviewFixture(site)
        let watcher = SiteWatcher(siteRoot: site.siteFolder, theme: FixtureSite.themeFolder,
                                  publishedFolder: site.outFolder.appendingPathComponent("public"))
        await fixture.preview.load()
        let seen = fixture.preview.snapshot.generation
        let run = fixture.preview.feed.instance
        try await app(fixture, watcher: watcher, mode: mode).test(.router) { client in
            async let events = client.execute(uri: "/_dik/events?since=\(seen)&run=\(run)", method: .get)
            try await Task.sleep(for: .milliseconds(100))
            try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Disunting di editor"))
            let response = try await events
            #expect(response.headers[.contentType] == "text/event-stream")
            let stream = String(buffer: response.body)
            #expect(stream.hasPrefix("retry: 1000\n\n"))
            #expect(stream.contains("event: reload\ndata: \(seen + 1)\n\n"), "\(stream)")
            let page = String(buffer: try await client.execute(uri: "/dik/dik-2025-001/", method: .get).body)
            #expect(page.contains("Disunting di editor"))
            #expect(page.contains("since=\(seen + 1)"))
            // A page from before the change, or from an earlier run, reloads at once.
            let stale = String(buffer: try await client.execute(uri: "/_dik/events?since=\(seen)&run=\(run)",
                                                                method: .get).body)
            #expect(stale.contains("event: reload"))
            let otherRun = String(buffer: try await client.execute(
                uri: "/_dik/events?since=\(seen + 1)&run=00000000", method: .get).body)
            #expect(otherRun.contains("event: reload"))
        }
    }
}

@testable import DikCore
import Foundation
import Testing

/// The sitemap protocol caps one file at 50,000 addresses and 50 MiB; a national
/// register writes millions of pages. Small limits stand in for the protocol's here.
@Suite("A sitemap too large for one file is split and indexed")
struct SitemapSplitTests {
    final class FilesSink: OutputSink, @unchecked Sendable {
        private let lock = NSLock()
        private(set) var files: [String: [UInt8]] = [:]
        func write(_ path: String, _ bytes: [UInt8]) throws { lock.withLock { files[path] = bytes } }
    }

    static let base = "https://ppid.contoh.go.id/"
    static let written = [
        "index.html", "404.html", "dik.json", "dik/dik-2025-010/index.html", "dik/dik-2025-002/index.html",
        "kategori/a/index.html", "en/index.html", "en/404.html", "en/dik/dik-2025-002/index.html",
        "tidak-dikecualikan/index.html", "dik/dik-2025-001/index.html", "feed.xml", "cetak/index.html",
    ]
    /// The addresses a sitemap lists for `written`, in order.
    static let expected = written.filter(Sitemap.isListed).sorted().map {
        base + RegisterPages.address(of: $0)
    }

    static func render(limits: Sitemap.Limits) throws -> [String: [UInt8]] {
        var paths = PathList()
        for path in written { paths.append(path) }
        let sink = FilesSink()
        try Sitemap.write(writtenPaths: paths, baseURL: base, to: sink, limits: limits)
        return sink.files
    }

    static func addresses(in bytes: [UInt8]?, root: String) throws -> [String] {
        let document = XMLDocumentReader.read(try #require(bytes))
        #expect(document.error == nil)
        #expect(document.elements.first?.name == root)
        #expect(document.elements.first?.attributes["xmlns"] == "http://www.sitemaps.org/schemas/sitemap/0.9")
        return document.all("loc").map(\.text)
    }

    @Test func withinTheLimitsOneFileListsEveryPage() throws {
        let files = try Self.render(limits: .init(addresses: Self.expected.count, bytes: 1 << 20))
        #expect(Set(files.keys) == ["sitemap.xml"])
        #expect(try Self.addresses(in: files["sitemap.xml"], root: "urlset") == Self.expected)
        #expect(!Self.expected.contains { $0.hasSuffix("404.html") || $0.hasSuffix(".json") || $0.hasSuffix(".xml") })
    }

    @Test func moreAddressesThanOneFileTakesAreSplitInOrderAndIndexed() throws {
        let files = try Self.render(limits: .init(addresses: 3, bytes: 1 << 20))
        let partCount = (Self.expected.count + 2) / 3
        #expect(Set(files.keys) == Set(["sitemap.xml"] + (1...partCount).map { "sitemap-\($0).xml" }))
        let index = try Self.addresses(in: files["sitemap.xml"], root: "sitemapindex")
        #expect(index == (1...partCount).map { Self.base + "sitemap-\($0).xml" })
        var listed: [String] = []
        for number in 1...partCount {
            let part = try Self.addresses(in: files["sitemap-\(number).xml"], root: "urlset")
            #expect(part.count == (number < partCount ? 3 : Self.expected.count - 3 * (partCount - 1)))
            listed += part
        }
        #expect(listed == Self.expected)
    }

    @Test func aFileIsCutBeforeItPassesTheByteLimit() throws {
        let whole = try #require(try Self.render(limits: .init())["sitemap.xml"])
        let limit = whole.count / 3
        let files = try Self.render(limits: .init(addresses: 50_000, bytes: limit))
        let parts = files.keys.filter { $0 != "sitemap.xml" }.sorted()
        #expect(parts.count >= 3)
        var listed: [String] = []
        for number in 1...parts.count {
            let bytes = try #require(files["sitemap-\(number).xml"])
            #expect(bytes.count <= limit)
            listed += try Self.addresses(in: bytes, root: "urlset")
        }
        #expect(listed == Self.expected)
        #expect(try Self.addresses(in: files["sitemap.xml"], root: "sitemapindex").count == parts.count)
    }
}

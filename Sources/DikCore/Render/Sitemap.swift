extension PublicSettings {
    /// `url_publik` when it is a full http(s) address. The sitemap and the feed need
    /// absolute addresses; a site without one gets neither.
    public var absoluteBaseURL: String? {
        let lowered = baseURL.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") ? baseURL : nil
    }
}

/// `sitemap.xml` and `robots.txt`: the sitemap lists exactly the HTML pages the build
/// wrote (the 404 pages excepted), as absolute addresses under `url_publik`. The
/// sitemap protocol caps one file at 50,000 addresses and 50 MiB; a register with more
/// pages (a national aggregate) gets `sitemap-1.xml`, `sitemap-2.xml`, ... and a
/// `sitemap.xml` that indexes them, so robots.txt names one address at any size.
enum Sitemap {
    struct Limits: Sendable {
        var addresses = 50_000
        var bytes = 50 * 1024 * 1024
    }

    static func isListed(_ path: String) -> Bool {
        path.hasSuffix(".html") && !(path == "404.html" || path.hasSuffix("/404.html"))
    }

    static func write(writtenPaths: PathList, baseURL: String, to sink: OutputSink,
                      limits: Limits = Limits()) throws {
        let paths = writtenPaths.inOrder()
        let parts = split(paths, baseURL: baseURL, limits: limits)
        guard parts.count > 1 else {
            try sink.stream("sitemap.xml") { try writeURLSet(paths, part: 0..<paths.count, baseURL: baseURL, into: $0) }
            return
        }
        for (number, part) in zip(1..., parts) {
            try sink.stream(partName(number)) { try writeURLSet(paths, part: part, baseURL: baseURL, into: $0) }
        }
        try sink.stream("sitemap.xml") { output in
            output.append(declaration)
            output.append("<sitemapindex xmlns=\"\(namespace)\">\n")
            for number in 1...parts.count {
                output.append("<sitemap><loc>\(XMLText.escape(baseURL + partName(number)))</loc></sitemap>\n")
            }
            output.append("</sitemapindex>\n")
        }
    }

    private static let namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private static let urlSetOpening = "<urlset xmlns=\"\(namespace)\">\n"
    private static let urlSetClosing = "</urlset>\n"

    private static func partName(_ number: Int) -> String { "sitemap-\(number).xml" }

    private static func line(_ path: String, baseURL: String) -> String {
        "<url><loc>\(XMLText.escape(baseURL + RegisterPages.address(of: path)))</loc></url>\n"
    }

    /// Positions in `paths` cut into runs whose files stay within the limits.
    private static func split(_ paths: PathList.SortedPaths, baseURL: String, limits: Limits) -> [Range<Int>] {
        let frame = declaration.utf8.count + urlSetOpening.utf8.count + urlSetClosing.utf8.count
        var parts: [Range<Int>] = []
        var start = 0, addresses = 0, bytes = frame
        for position in 0..<paths.count {
            let path = paths[position]
            guard isListed(path) else { continue }
            let size = line(path, baseURL: baseURL).utf8.count
            if addresses > 0 && (addresses == limits.addresses || bytes + size > limits.bytes) {
                parts.append(start..<position)
                start = position
                addresses = 0
                bytes = frame
            }
            addresses += 1
            bytes += size
        }
        parts.append(start..<paths.count)
        return parts
    }

    private static func writeURLSet(_ paths: PathList.SortedPaths, part: Range<Int>, baseURL: String,
                                    into output: ChunkedOutput) throws {
        output.append(declaration)
        output.append(urlSetOpening)
        for position in part {
            let path = paths[position]
            guard isListed(path) else { continue }
            output.append(line(path, baseURL: baseURL))
            try output.flushIfFull()
        }
        output.append(urlSetClosing)
    }

    static func robots(baseURL: String?) -> String {
        var text = "User-agent: *\nAllow: /\n"
        if let baseURL { text += "\nSitemap: \(baseURL)sitemap.xml\n" }
        return text
    }
}

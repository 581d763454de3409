extension PublicSettings {
    /// `url_publik` when it is a full http(s) address. The sitemap and the feed need
    /// absolute addresses; a site without one gets neither.
    public var absoluteBaseURL: String? {
        let lowered = baseURL.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") ? baseURL : nil
    }
}

/// `sitemap.xml` and `robots.txt`: the sitemap lists exactly the HTML pages the build
/// wrote (the 404 pages excepted), as absolute addresses under `url_publik`.
enum Sitemap {
    static func isListed(_ path: String) -> Bool {
        path.hasSuffix(".html") && !(path == "404.html" || path.hasSuffix("/404.html"))
    }

    static func write(writtenPaths: PathList, baseURL: String, into output: ChunkedOutput) throws {
        output.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        output.append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
        try writtenPaths.forEachSorted { path in
            guard isListed(path) else { return }
            output.append("<url><loc>\(XMLText.escape(baseURL + RegisterPages.address(of: path)))</loc></url>\n")
            try output.flushIfFull()
        }
        output.append("</urlset>\n")
    }

    static func robots(baseURL: String?) -> String {
        var text = "User-agent: *\nAllow: /\n"
        if let baseURL { text += "\nSitemap: \(baseURL)sitemap.xml\n" }
        return text
    }
}

import Foundation

/// Refuses requests whose Host is not the preview's own loopback address, so a web
/// page cannot point its own domain name at 127.0.0.1 (DNS rebinding) and read the
/// internal pages. A server bound to another address accepts any Host: the user chose
/// to expose it and was warned.
public struct HostCheck: Sendable {
    let allowed: Set<String>?

    public init(boundHost: String) {
        if Self.isLoopback(boundHost) {
            allowed = ["localhost", "127.0.0.1", "::1", Self.bare(boundHost).lowercased()]
        } else {
            allowed = nil
        }
    }

    public func allows(_ authority: String?) -> Bool {
        guard let allowed else { return true }
        guard let authority, !authority.isEmpty else { return false }
        return allowed.contains(Self.host(of: authority).lowercased())
    }

    /// `localhost`, `127.0.0.0/8` and `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = bare(host).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    static func bare(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The host part of `host:port`, `[v6]:port` or a bare host.
    static func host(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<end])
        }
        if authority.filter({ $0 == ":" }).count == 1, let colon = authority.firstIndex(of: ":") {
            return String(authority[..<colon])
        }
        return authority
    }
}

/// A request path checked and decoded. Paths that would leave the served tree (`..`
/// or `.` segments, encoded or not, encoded slashes or backslashes, NUL) are refused.
struct ServedPath: Equatable {
    let segments: [String]

    init?(rawPath: String) {
        guard rawPath.hasPrefix("/"), !rawPath.hasPrefix("//") else { return nil }
        var segments: [String] = []
        for raw in rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let decoded = String(raw).removingPercentEncoding ?? (raw.contains("%") ? nil : String(raw)),
                  decoded != ".", decoded != "..",
                  !decoded.contains("/"), !decoded.contains("\\"), !decoded.contains("\0") else { return nil }
            segments.append(decoded)
        }
        self.segments = segments
    }

    private init(segments: [String]) { self.segments = segments }

    func dropFirst() -> ServedPath { ServedPath(segments: Array(segments.dropFirst())) }

    /// The file in a view: a folder path means its `index.html`.
    var filePath: String {
        let joined = segments.joined(separator: "/")
        if joined.isEmpty { return "index.html" }
        return segments.last == "" ? joined + "index.html" : joined
    }
}

enum ContentType {
    static func of(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "txt": "text/plain; charset=utf-8"
        case "xml": "application/xml"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "ico": "image/x-icon"
        case "csv": "text/csv; charset=utf-8"
        case "pdf": "application/pdf"
        default: "application/octet-stream"
        }
    }
}

import Foundation

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

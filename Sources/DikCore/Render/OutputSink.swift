/// Where rendered files go: the publisher's staging folder, or the preview's memory.
/// Paths are relative to the target's root, with `/` separators.
public protocol OutputSink: Sendable {
    func write(_ path: String, _ bytes: [UInt8]) throws
}

extension OutputSink {
    func write(_ path: String, text: String) throws {
        try write(path, Array(text.utf8))
    }
}

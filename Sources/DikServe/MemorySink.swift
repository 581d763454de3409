import DikCore
import Foundation

/// An `OutputSink` that keeps files in memory: the preview never writes to disk. When
/// given an auditor it checks every file as `StagedTarget` does for the public build.
final class MemorySink: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: [UInt8]] = [:]
    private var leaks: [(path: String, secret: LeakAuditor.Secret)] = []
    private let auditor: LeakAuditor?

    init(auditor: LeakAuditor? = nil) {
        self.auditor = auditor
    }

    func write(_ path: String, _ bytes: [UInt8]) throws {
        let found = auditor?.leaks(path: path, bytes: bytes) ?? []
        lock.withLock {
            stored[path] = bytes
            leaks += found.map { (path, $0) }
        }
    }

    var files: [String: [UInt8]] { lock.withLock { stored } }

    /// Leaks found, one diagnostic per file and field, worded as `dik build` words them.
    func leakDiagnostics(target: Target) -> [Diagnostic] {
        lock.withLock {
            var seen = Set<String>()
            return leaks.compactMap { leak in
                guard seen.insert("\(leak.path)|\(leak.secret.origin)").inserted else { return nil }
                return .error(.leak(outputFile: "\(target.rawValue)/\(leak.path)", field: leak.secret.origin),
                              at: SourceLocation(path: leak.secret.sourcePath))
            }.sortedForOutput()
        }
    }
}

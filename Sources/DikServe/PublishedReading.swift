import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the last published site for the changes page, and says why when it cannot.
/// Foundation's enumerator and `contents(atPath:)` pass over what they cannot open, so
/// with no descriptor to spare (EMFILE) every page looked removed and the changes page
/// listed them all as going away. Links are not followed, as before.
enum PublishedReading {
    /// A folder or file that could not be read, in strerror's words.
    struct Failure: Error, Equatable, Sendable {
        let path: String
        let reason: String
    }

    typealias Reader = (String) -> Result<[UInt8], Failure>

    /// Calls `visit` with each regular file under `root` that `wanted` asks for, by its
    /// path relative to `root`; stops at the first folder or file it cannot read.
    static func files(under root: String, wanted: (String) -> Bool, read: Reader = contents(of:),
                      visit: (String, [UInt8]) -> Void) -> Failure? {
        var folders = [""]
        while let relative = folders.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            switch list(folder) {
            case .success(let found): names = found
            case .failure(let failure): return failure
            }
            for name in names.sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { return Failure(path: root + "/" + path, reason: errnoText()) }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    folders.append(path)
                case S_IFREG where wanted(path):
                    switch read(root + "/" + path) {
                    case .success(let bytes): visit(path, bytes)
                    case .failure(let failure): return failure
                    }
                default:
                    continue
                }
            }
        }
        return nil
    }

    /// A folder's names; the folder is closed before its subfolders are opened, so a
    /// deep site holds one descriptor at a time.
    static func list(_ folder: String) -> Result<[String], Failure> {
        guard let stream = opendir(folder) else { return .failure(Failure(path: folder, reason: errnoText())) }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { return .failure(Failure(path: folder, reason: errnoText())) }
                return .success(names)
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    static func contents(of path: String) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(path: path, reason: errnoText())) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(path: path, reason: errnoText()))
            }
            if count == 0 { return .success(bytes) }
            bytes += chunk[..<count]
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

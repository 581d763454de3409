import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a source file (an entry, `site.yml`) without ever blocking and without
/// reading more than the limit allows. A pipe named `x.md` would make a plain read
/// wait forever for a writer; opening with O_NONBLOCK and checking the opened file
/// itself (not the name, which may change between look and read) avoids that.
enum SourceReading {
    static func read(_ path: String, limit: Int) -> Result<[UInt8], Problem> {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { return .failure(.unreadableFile(reason: errnoText())) }
        defer { close(descriptor) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.unreadableFile(reason: errnoText())) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(.notAFile)
        default: return .failure(.notRegularFile)
        }
        let size = Int(info.st_size)
        if size > limit { return .failure(.fileTooLarge(bytes: size, limit: limit)) }

        // One byte past the limit tells a file that grew after fstat from one that fits.
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                if bytes.count > limit { break }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - bytes.count)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadableFile(reason: errnoText()))
            }
            if count == 0 { break }
            filled += count
        }
        if filled > limit { return .failure(.fileTooLarge(bytes: filled, limit: limit)) }
        bytes.removeLast(bytes.count - filled)
        return .success(bytes)
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}

/// So that reading can return `Result<_, Problem>` and callers match on the case.
extension Problem: Error {}

/// Files a build reads from a folder it was given (the theme, a site's `templates/`,
/// `site.yml`): a symbolic link is followed only to a file inside that folder, so a
/// link cannot copy any file of the machine into the public site.
enum ConfinedFiles {
    static func read(_ path: String, insideRoot root: String, limit: Int) -> Result<[UInt8], Problem> {
        if case .failure(let problem) = check(path, insideRoot: root) { return .failure(problem) }
        return SourceReading.read(path, limit: limit)
    }

    /// Names in a folder inside the root, sorted; hidden names left out.
    static func list(_ folder: String, insideRoot root: String) -> Result<[String], Problem> {
        if case .failure(let problem) = check(folder, insideRoot: root) { return .failure(problem) }
        do {
            return .success(try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { !$0.hasPrefix(".") }.sorted())
        } catch {
            return .failure(.unreadableFile(reason: SourceReading.errnoText(ENOENT)))
        }
    }

    static func check(_ path: String, insideRoot root: String) -> Result<Void, Problem> {
        let rootPath = realPath(root) ?? root
        guard let target = realPath(path) else { return .failure(.unreadableFile(reason: SourceReading.errnoText())) }
        guard target == rootPath || target.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/") else {
            return .failure(.linkLeavesSite(target: target))
        }
        return .success(())
    }

    static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

import CDikSys
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The one writer. Each target is rendered into a staging folder beside the output,
/// audited, and only then swapped into place in one atomic step, so a failed or
/// killed build leaves the previous `_site` exactly as it was.
public final class Publisher: Sendable {
    public let outRoot: URL
    let fileSystem: any StagingFileSystem
    private static let stagingPrefix = ".dik-staging-"

    public init(outRoot: URL, fileSystem: any StagingFileSystem = POSIXStagingFileSystem()) {
        self.outRoot = outRoot.standardizedFileURL
        self.fileSystem = fileSystem
    }

    public func finalFolder(for target: Target) -> URL { outRoot.appendingPathComponent(target.rawValue) }

    /// Creates the output folder if needed, takes the lock and clears what killed
    /// builds left behind. A target folder that is a symbolic link (to a web root, say)
    /// is refused before anything is written: publishing exchanges folders, which would
    /// replace the link itself and leave the web root serving the old site.
    public func prepare(targets: [Target] = Target.allCases) throws -> PublishLock {
        for target in targets {
            var info = stat()
            if lstat(finalFolder(for: target).path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                throw PublishError.outputIsLink(path: finalFolder(for: target).path)
            }
        }
        do {
            try FileManager.default.createDirectory(at: outRoot, withIntermediateDirectories: true)
        } catch {
            throw PublishError.cannotWrite(path: outRoot.path, reason: Self.reason(error))
        }
        let lock = try PublishLock(folder: outRoot)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: outRoot.path)) ?? []
        where name.hasPrefix(Self.stagingPrefix) {
            try? FileManager.default.removeItem(at: outRoot.appendingPathComponent(name))
        }
        return lock
    }

    public func stage(_ target: Target, auditor: LeakAuditor?) throws -> StagedTarget {
        let folder = outRoot.appendingPathComponent("\(Self.stagingPrefix)\(target.rawValue)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        do {
            try fileSystem.createDirectory(folder.path)
        } catch {
            throw PublishError.cannotWrite(path: folder.path, reason: error.reason)
        }
        return StagedTarget(target: target, folder: folder, auditor: auditor, fileSystem: fileSystem)
    }

    /// Swaps every staged target into place. Call only when all of them succeeded.
    /// Every target is exchanged before any old tree is deleted, so the public and the
    /// internal site change within microseconds of each other, not a deletion apart;
    /// if a later exchange fails, the earlier ones are exchanged back.
    public func commit(_ staged: [StagedTarget]) throws {
        for target in staged { try target.finishWriting() }
        var exchanged: [(staged: URL, final: URL)] = []
        var created: [URL] = []
        do {
            for target in staged {
                let final = finalFolder(for: target.target)
                if FileManager.default.fileExists(atPath: final.path) {
                    if dik_exchange_paths(target.folder.path, final.path) != 0 {
                        try swapByRenaming(target.folder, final)
                    }
                    exchanged.append((target.folder, final))
                } else if rename(target.folder.path, final.path) == 0 {
                    created.append(final)
                } else {
                    throw PublishError.cannotWrite(path: final.path, reason: String(cString: strerror(errno)))
                }
            }
        } catch {
            for pair in exchanged.reversed() where dik_exchange_paths(pair.staged.path, pair.final.path) != 0 {
                try? swapByRenaming(pair.staged, pair.final)
            }
            for final in created { try? FileManager.default.removeItem(at: final) }
            throw error
        }
        // The staging paths now hold the previous output.
        for pair in exchanged { try? FileManager.default.removeItem(at: pair.staged) }
    }

    /// For file systems without an atomic exchange: two renames, the old output kept
    /// under the staging prefix until the new one is in place.
    private func swapByRenaming(_ staged: URL, _ final: URL) throws {
        let previous = outRoot.appendingPathComponent("\(Self.stagingPrefix)previous-\(getpid())")
        guard rename(final.path, previous.path) == 0 else {
            throw PublishError.cannotWrite(path: final.path, reason: String(cString: strerror(errno)))
        }
        guard rename(staged.path, final.path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(previous.path, final.path)
            throw PublishError.cannotWrite(path: final.path, reason: reason)
        }
        _ = rename(previous.path, staged.path)
    }

    public func discard(_ staged: [StagedTarget]) {
        for target in staged {
            // Queued writes land first, or they would recreate what is removed.
            try? target.finishWriting()
            try? FileManager.default.removeItem(at: target.folder)
        }
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}

public enum PublishError: Error, Sendable {
    case cannotWrite(path: String, reason: String)
    case unsafePath(String)
    case locked(path: String)
    case writtenTwice(path: String)
    case outputIsLink(path: String)
}

/// An exclusive lock on the output folder, so two builds never swap at once.
public final class PublishLock: Sendable {
    private let descriptor: Int32

    init(folder: URL) throws {
        let path = folder.appendingPathComponent(".dik-lock").path
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PublishError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw PublishError.locked(path: folder.path)
        }
    }

    deinit { close(descriptor) }
}

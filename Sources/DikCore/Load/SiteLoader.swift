import Dispatch
import Foundation

/// A site read from disk: settings, every entry that decoded, and every finding.
public struct LoadedSite: Sendable {
    public let root: URL
    public let settings: SiteSettings
    /// Entries in register order (natural order of their ids).
    public let entries: [Entry]
    public let diagnostics: [Diagnostic]
}

public enum SiteLoader {
    /// Reads every `*.md` under `register/`, in parallel, and checks ids across files.
    /// Without `retainingBodies`, each body is dropped once its audit keys are made
    /// (`Entry.body` reads it again when needed).
    public static func load(siteRoot: URL, retainingBodies: Bool = true) -> LoadedSite {
        let root = siteRoot.standardizedFileURL
        var (settings, diagnostics) = SiteSettings.load(siteRoot: root)
        let (files, fileProblems) = RegisterFiles.find(in: root)
        diagnostics += fileProblems

        let interner = StringInterner()
        let results = ConcurrentMap.map(files) { file -> (Entry?, [Diagnostic]) in
            let (decoded, problems) = readEntry(file)
            guard var entry = decoded else { return (nil, problems) }
            interner.intern(&entry)
            guard !retainingBodies else { return (entry, problems) }
            entry.bodyAuditKeys = LeakAuditor.bodyKeys(entry.retainedBody ?? "")
            entry.retainedBody = nil
            return (entry, problems)
        }
        var entries: [Entry] = []
        for (entry, problems) in results {
            diagnostics += problems
            if let entry { entries.append(entry) }
        }
        diagnostics += duplicateIds(entries)
        entries.sort { NaturalOrder.less($0.record.id, $1.record.id) }
        if settings.publicBaseURL.isEmpty { settings.publicBaseURL = "/" }
        return LoadedSite(root: root, settings: settings, entries: entries, diagnostics: diagnostics)
    }

    public static func readEntry(_ file: SourceFile) -> (Entry?, [Diagnostic]) {
        let bytes: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file.absolutePath))
            defer { try? handle.close() }
            // Read one byte past the limit so an oversized file is refused without reading it all.
            bytes = [UInt8](try handle.read(upToCount: InputLimits.maxEntryFileBytes + 1) ?? Data())
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            return (nil, [.error(.unreadableFile(reason: reason), at: SourceLocation(path: file.displayPath))])
        }
        switch FrontMatter.split(bytes) {
        case .failure(let located):
            return (nil, [.error(located.problem, at: SourceLocation(
                path: file.displayPath, line: located.line, column: located.column))])
        case .success(let text):
            return EntryDecoder.decode(text, source: file)
        }
    }

    static func duplicateIds(_ entries: [Entry]) -> [Diagnostic] {
        var seen: [String: Entry] = [:]
        var problems: [Diagnostic] = []
        for entry in entries.sorted(by: { $0.source.displayPath < $1.source.displayPath }) {
            let key = entry.record.slug
            if let first = seen[key] {
                problems.append(.error(.duplicateId(id: entry.record.id, otherPath: first.source.displayPath),
                                       at: entry.location(of: "id")))
            } else {
                seen[key] = entry
            }
        }
        return problems
    }
}

/// Finds entry files under `register/`, refusing what cannot be an entry.
enum RegisterFiles {
    static func find(in root: URL) -> ([SourceFile], [Diagnostic]) {
        let register = root.appendingPathComponent("register")
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: register.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ([], [.error(.registerFolderMissing, at: SourceLocation(path: "register/"))])
        }
        let rootPath = root.resolvingSymlinksInPath().path
        var files: [SourceFile] = []
        var problems: [Diagnostic] = []
        var pending = [register]
        while let folder = pending.popLast() {
            let children: [URL]
            do {
                children = try manager.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            } catch {
                problems.append(.error(.unreadableFile(reason: "folder"), at: SourceLocation(
                    path: relative(folder, to: root))))
                continue
            }
            for child in children {
                let display = relative(child, to: root)
                let type = fileType(atPath: child.path)
                let isMarkdown = child.pathExtension == "md"
                if type == .typeSymbolicLink {
                    let target = child.resolvingSymlinksInPath().path
                    guard target == rootPath || target.hasPrefix(rootPath + "/") else {
                        if isMarkdown { problems.append(.error(.linkLeavesSite(target: target), at: SourceLocation(path: display))) }
                        continue
                    }
                    var targetIsDirectory: ObjCBool = false
                    _ = manager.fileExists(atPath: target, isDirectory: &targetIsDirectory)
                    if targetIsDirectory.boolValue {
                        if isMarkdown { problems.append(.error(.notAFile, at: SourceLocation(path: display))) }
                        continue
                    }
                    if isMarkdown { files.append(SourceFile(displayPath: display, absolutePath: target)) }
                } else if type == .typeDirectory {
                    if isMarkdown { problems.append(.error(.notAFile, at: SourceLocation(path: display))) }
                    pending.append(child)
                } else if isMarkdown {
                    files.append(SourceFile(displayPath: display, absolutePath: child.path))
                }
            }
        }
        files.sort { $0.displayPath < $1.displayPath }
        return (files, problems)
    }

    /// The file's type without following a link. `attributesOfItem` would also look
    /// up the owner's name, reading /etc/passwd and /etc/group for every entry.
    static func fileType(atPath path: String) -> FileAttributeType? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return .typeSymbolicLink
        case S_IFDIR: return .typeDirectory
        case S_IFREG: return .typeRegular
        default: return .typeUnknown
        }
    }

    static func relative(_ url: URL, to root: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

/// Orders register numbers as people read them: DIK-2025-9 before DIK-2025-10.
public enum NaturalOrder {
    public static func less(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.lowercased().utf8), b = Array(rhs.lowercased().utf8)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if isDigit(a[i]) && isDigit(b[j]) {
                var x = i, y = j
                while x < a.count && a[x] == 48 { x += 1 }
                while y < b.count && b[y] == 48 { y += 1 }
                var endX = x, endY = y
                while endX < a.count && isDigit(a[endX]) { endX += 1 }
                while endY < b.count && isDigit(b[endY]) { endY += 1 }
                if endX - x != endY - y { return endX - x < endY - y }
                for k in 0..<(endX - x) where a[x + k] != b[y + k] { return a[x + k] < b[y + k] }
                i = endX
                j = endY
            } else {
                if a[i] != b[j] { return a[i] < b[j] }
                i += 1
                j += 1
            }
        }
        if a.count - i != b.count - j { return a.count - i < b.count - j }
        return lhs < rhs
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}

/// Maps over an array on all cores, keeping the order of results.
public enum ConcurrentMap {
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count < 2 { return items.map(transform) }
        let buffer = ResultBuffer<R>(count: items.count)
        let chunks = min(items.count, max(1, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = items.count * chunk / chunks
            let upper = items.count * (chunk + 1) / chunks
            for index in lower..<upper { buffer.set(index, transform(items[index])) }
        }
        return buffer.values()
    }
}

/// Slots written once each from different threads; read after all writes finish.
/// Backed by raw memory so writes to distinct slots never touch shared array state.
final class ResultBuffer<R>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<R?>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }
    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
    func set(_ index: Int, _ value: R) { slots[index] = value }
    func values() -> [R] { (0..<count).map { slots[$0]! } }
}

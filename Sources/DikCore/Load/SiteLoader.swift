import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A site read from disk: settings, every entry that decoded, and every finding.
public struct LoadedSite: Sendable {
    public let root: URL
    public internal(set) var settings: SiteSettings
    /// Entries in register order (natural order of their ids).
    public internal(set) var entries: [Entry]
    public let diagnostics: [Diagnostic]
    /// The leak audit's keys of the bodies the loader did not keep (empty when bodies
    /// were kept). Apart from the entries, so the build can hand them to the auditor.
    var bodyAuditKeys = BodyAuditKeys()

    /// Where the records are kept when the register was too large to keep them in
    /// memory; its error, if any, fails the build.
    var recordStore: RecordStore?
}

/// The audit keys of every body, in one array: a span per entry (in entry order) says
/// which are its own. One array rather than one per entry saves a national register
/// an array header per entry, and lets the auditor take them without a copy.
struct BodyAuditKeys: Sendable {
    struct Span: Sendable {
        let start: UInt32
        let count: UInt16

        var positions: Range<Int> { Int(start)..<Int(start) + Int(count) }
    }

    var keys: [PatternMatcher.Key] = []
    var spans: [Span] = []

    var isEmpty: Bool { spans.isEmpty }

    mutating func append(_ entryKeys: [PatternMatcher.Key]) {
        spans.append(Span(start: UInt32(keys.count), count: UInt16(clamping: entryKeys.count)))
        keys += entryKeys
    }

    mutating func append(contentsOf other: BodyAuditKeys) {
        let offset = UInt32(keys.count)
        spans += other.spans.map { Span(start: $0.start + offset, count: $0.count) }
        keys += other.keys
    }
}

public enum SiteLoader {
    /// Reads every `*.md` under `register/`, in parallel, and checks ids across files.
    /// Without `retainingBodies`, each body is dropped once its audit keys are made
    /// (`Entry.body` reads it again when needed).
    /// With more than `recordStoreAbove` files, each record goes to a `RecordStore` as
    /// soon as it is decoded, so the register is never in memory whole.
    /// With `auditedOn`, room is made beside the body keys for every other key the
    /// public target's auditor will add on that date, so it adds them in place.
    public static func load(siteRoot: URL, retainingBodies: Bool = true,
                            recordStoreAbove threshold: Int = .max, auditedOn date: LocalDate? = nil) -> LoadedSite {
        let root = siteRoot.standardizedFileURL
        var (settings, diagnostics) = SiteSettings.load(siteRoot: root)
        let (files, fileProblems) = RegisterFiles.find(in: root)
        diagnostics += fileProblems

        let interner = StringInterner()
        let store = files.count > threshold ? RecordStore(folder: FileManager.default.temporaryDirectory.path) : nil
        // Read in chunks and gathered chunk by chunk, so a million entries are never
        // held twice over while they are collected.
        var chunks = ConcurrentMap.map(ConcurrentMap.chunks(of: files.count)) { range -> LoadedChunk in
            var chunk = LoadedChunk()
            for file in files[range] {
                let (decoded, problems) = readEntry(file)
                chunk.problems += problems
                guard var entry = decoded else { continue }
                if !retainingBodies {
                    chunk.bodyKeys.append(LeakAuditor.bodyKeys(entry.retainedBody ?? ""))
                    entry.retainedBody = nil
                }
                if let date {
                    let published = classify(entry.record, for: .public, on: date) != nil
                    LeakAuditor.visitSecrets(of: entry, published: published, includingBody: retainingBodies) { _, _ in
                        chunk.otherKeys += 1
                    }
                }
                // Stored records give their strings back at once: nothing to share.
                if let store { entry.moveContent(to: store) } else { interner.intern(&entry) }
                chunk.entries.append(entry)
            }
            return chunk
        }
        store?.finishWriting()
        var loaded = LoadedChunk()
        let total = chunks.reduce(0) { $0 + $1.entries.count }
        loaded.entries.reserveCapacity(total)
        loaded.bodyKeys.keys.reserveCapacity(chunks.reduce(1) { $0 + $1.bodyKeys.keys.count + $1.otherKeys })
        loaded.bodyKeys.spans.reserveCapacity(retainingBodies ? 0 : total)
        for index in chunks.indices {
            let chunk = chunks[index]
            chunks[index] = LoadedChunk()
            diagnostics += chunk.problems
            loaded.entries += chunk.entries
            loaded.bodyKeys.append(contentsOf: chunk.bodyKeys)
        }
        diagnostics += duplicateIds(loaded.entries)
        let ids = loaded.entries.map(\.record.id)
        let order = ids.indices.sorted { NaturalOrder.less(ids[$0], ids[$1]) }
        Permutation.apply(order, to: &loaded.entries)
        if !retainingBodies { Permutation.apply(order, to: &loaded.bodyKeys.spans) }
        if settings.publicBaseURL.isEmpty { settings.publicBaseURL = "/" }
        return LoadedSite(root: root, settings: settings, entries: loaded.entries, diagnostics: diagnostics,
                          bodyAuditKeys: loaded.bodyKeys, recordStore: store)
    }

    private struct LoadedChunk {
        var entries: [Entry] = []
        var bodyKeys = BodyAuditKeys()
        /// Keys the auditor will add besides the bodies' (`auditedOn`).
        var otherKeys = 0
        var problems: [Diagnostic] = []
    }

    public static func readEntry(_ file: SourceFile) -> (Entry?, [Diagnostic]) {
        let bytes: [UInt8]
        switch SourceReading.read(file.absolutePath, limit: InputLimits.maxEntryFileBytes) {
        case .success(let read): bytes = read
        case .failure(let problem): return (nil, [.error(problem, at: SourceLocation(path: file.displayPath))])
        }
        switch FrontMatter.split(bytes) {
        case .failure(let located):
            return (nil, [.error(located.problem, at: SourceLocation(
                path: file.displayPath, line: located.line, column: located.column))])
        case .success(let text):
            return EntryDecoder.decode(text, source: file)
        }
    }

    /// Entries whose ids differ only in case share a page; each after the first (in
    /// path order) is an error naming the first.
    static func duplicateIds(_ entries: [Entry]) -> [Diagnostic] {
        let slugs = entries.map(\.record.slug)
        let byPath = entries.indices.sorted { entries[$0].source.displayPath < entries[$1].source.displayPath }
        var firstBySlug: [String: Int] = [:]
        var problems: [Diagnostic] = []
        for index in byPath {
            if let first = firstBySlug[slugs[index]] {
                let entry = entries[index]
                problems.append(.error(.duplicateId(id: entry.record.id, otherPath: entries[first].source.displayPath),
                                       at: entry.location(of: "id")))
            } else {
                firstBySlug[slugs[index]] = index
            }
        }
        return problems
    }
}

/// Reorders an array in place by following the cycles of a permutation: sorting a
/// million entries this way takes a bit per entry, not a second copy of them.
enum Permutation {
    /// Afterwards `values[i]` is what `values[order[i]]` was.
    static func apply<Value>(_ order: [Int], to values: inout [Value]) {
        var placed = [Bool](repeating: false, count: order.count)
        for start in order.indices where !placed[start] {
            var current = start
            while true {
                placed[current] = true
                let source = order[current]
                if source == start { break }
                values.swapAt(current, source)
                current = source
            }
        }
    }
}

/// Finds entry files under `register/`, refusing what cannot be an entry: folders and
/// pipes named `*.md`, links that leave the site or lead nowhere, names that are not
/// UTF-8. Names are read as bytes (readdir) so that nothing is silently skipped.
enum RegisterFiles {
    static func find(in root: URL) -> ([SourceFile], [Diagnostic]) {
        let register = root.appendingPathComponent("register")
        var info = stat()
        guard stat(register.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            return ([], [.error(.registerFolderMissing, at: SourceLocation(path: "register/"))])
        }
        let rootPath = resolved(root.path) ?? root.path
        let rootFolder = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var files: [SourceFile] = []
        var problems: [Diagnostic] = []
        var pending: [(path: [UInt8], display: String)] = [(Array(register.path.utf8), "register")]
        var visited: Set<String> = [resolved(register.path) ?? register.path]
        while let folder = pending.popLast() {
            let names: [[UInt8]]
            switch childNames(folder.path) {
            case .success(let found): names = found
            case .failure(let problem):
                problems.append(.error(problem, at: SourceLocation(path: folder.display + "/")))
                continue
            }
            for name in names {
                let path = folder.path + [UInt8(ascii: "/")] + name
                // Hidden names (macOS `._x.md` resource forks, editors' swap files) are
                // never entries.
                if name.first == UInt8(ascii: ".") { continue }
                let isMarkdown = name.count > 3 && name.suffix(3).elementsEqual(".md".utf8)
                let nameText = String(validating: name, as: UTF8.self)
                let display = folder.display + "/" + (nameText ?? String(decoding: name, as: UTF8.self))
                var link = stat()
                guard lstat(cString(path), &link) == 0 else {
                    // Whatever cannot be looked at (a path past PATH_MAX, a name the
                    // file system refuses) may hold entries: never skipped in silence.
                    problems.append(.error(.unreadableFile(reason: SourceReading.errnoText()),
                                           at: SourceLocation(path: display)))
                    continue
                }
                if let nameText, nameText.unicodeScalars.contains(where: DiagnosticMessages.isControl) {
                    problems.append(.warning(.controlCharacterInName, at: SourceLocation(path: display)))
                }
                let kind = link.st_mode & S_IFMT
                if nameText == nil {
                    if isMarkdown || kind == S_IFDIR {
                        problems.append(.error(.invalidFileName, at: SourceLocation(path: display)))
                    }
                    continue
                }
                let pathText = String(decoding: path, as: UTF8.self)
                switch kind {
                case S_IFDIR:
                    if isMarkdown { problems.append(.error(.notAFile, at: SourceLocation(path: display))) }
                    if visited.insert(resolved(pathText) ?? pathText).inserted { pending.append((path, display)) }
                case S_IFREG:
                    if isMarkdown {
                        let underRoot = pathText.utf8.count == rootFolder.utf8.count + display.utf8.count
                            && pathText.hasPrefix(rootFolder) && pathText.hasSuffix(display)
                        files.append(underRoot ? SourceFile(displayPath: display, inFolder: rootFolder)
                                               : SourceFile(displayPath: display, absolutePath: pathText))
                    } else if name.first != UInt8(ascii: ".") {
                        let fileName = String(display.split(separator: "/").last ?? "")
                        problems.append(.warning(.ignoredFile(name: fileName), at: SourceLocation(path: display)))
                    }
                case S_IFLNK where isMarkdown:
                    switch followLink(pathText, insideRoot: rootPath) {
                    case .success(let target): files.append(SourceFile(displayPath: display, absolutePath: target))
                    case .failure(let problem): problems.append(.error(problem, at: SourceLocation(path: display)))
                    }
                case S_IFLNK:
                    // A linked folder of entries is followed inside the site, once per
                    // real folder (so a link to an ancestor cannot loop); one that leaves
                    // the site is refused rather than silently dropping its entries.
                    guard let target = resolved(pathText) else { continue }
                    var info = stat()
                    guard stat(target, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
                    guard target == rootPath || target.hasPrefix(rootPath + "/") else {
                        problems.append(.error(.linkLeavesSite(target: target), at: SourceLocation(path: display)))
                        continue
                    }
                    if visited.insert(target).inserted { pending.append((Array(target.utf8), display)) }
                default:
                    if isMarkdown { problems.append(.error(.notRegularFile, at: SourceLocation(path: display))) }
                }
            }
        }
        files.sort { $0.displayPath < $1.displayPath }
        return (files, problems)
    }

    /// A link to an entry is followed only to an ordinary file inside the site; links
    /// to folders are never followed, so a link cannot make the walk loop.
    private static func followLink(_ path: String, insideRoot rootPath: String) -> Result<String, Problem> {
        guard let target = resolved(path) else {
            return .failure(.unreadableFile(reason: SourceReading.errnoText()))
        }
        guard target == rootPath || target.hasPrefix(rootPath + "/") else {
            return .failure(.linkLeavesSite(target: target))
        }
        var info = stat()
        guard stat(target, &info) == 0 else { return .failure(.unreadableFile(reason: SourceReading.errnoText())) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .success(target)
        case S_IFDIR: return .failure(.notAFile)
        default: return .failure(.notRegularFile)
        }
    }

    private static func childNames(_ folder: [UInt8]) -> Result<[[UInt8]], Problem> {
        guard let directory = opendir(cString(folder)) else {
            return .failure(.unreadableFile(reason: SourceReading.errnoText()))
        }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = recordName(entry)
            if name == [46] || name == [46, 46] { continue }
            names.append(name)
        }
        return .success(names.sorted { $0.lexicographicallyPrecedes($1) })
    }

    /// The name is read in place, up to its NUL: a record is only as long as its name,
    /// so copying the whole fixed-size `d_name` field reads past a short last record,
    /// into an unmapped page at times.
    static func recordName(_ entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        withUnsafeMutablePointer(to: &entry.pointee.d_name) { field in
            field.withMemoryRebound(to: CChar.self, capacity: 1) { start in
                Array(UnsafeRawBufferPointer(start: start, count: strlen(start)))
            }
        }
    }

    private static func resolved(_ path: String) -> String? { ConfinedFiles.realPath(path) }

    private static func cString(_ bytes: [UInt8]) -> [CChar] {
        bytes.map { CChar(bitPattern: $0) } + [0]
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
    /// `0..<count` cut into ranges of at least 64 items, more than there are cores (at
    /// most 64): the cores take the next range as they finish one, so when one core
    /// gets slow files the other is not left idle while it ends a large share (with 8
    /// ranges at 10,000 entries, a fifth of the load ran on one core). 64 still leave
    /// each core dozens to take; a thousand left more of the loader's freed buffers as
    /// holes among the records that stay (100,000 entries in record-store mode: peak
    /// 126 MiB with 64 ranges, 131 MiB with 1,024, 123 MiB with 8).
    static func chunks(of count: Int) -> [Range<Int>] {
        let pieces = min(count, 64, max(ProcessInfo.processInfo.activeProcessorCount * 4, count / 64))
        return (0..<pieces).map { count * $0 / pieces..<count * ($0 + 1) / pieces }
    }

    /// Each item its own piece of work, up to 1,024 pieces (then runs of items).
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count < 2 { return items.map(transform) }
        let buffer = ResultBuffer<R>(count: items.count)
        let pieces = min(items.count, 1_024)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let lower = items.count * piece / pieces
            let upper = items.count * (piece + 1) / pieces
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

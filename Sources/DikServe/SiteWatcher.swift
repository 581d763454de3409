import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Notices what changed on disk by comparing file stamps (modification time, size,
/// inode) from one scan to the next. Portable and cheap: one `stat` per entry file
/// and folder, and a folder is listed again only when its own stamp moved (a file
/// came, went or was renamed in it). `FolderEvents` says when to scan.
public final class SiteWatcher: @unchecked Sendable {
    struct Stamp: Equatable {
        let seconds: Int
        let nanoseconds: Int
        let size: Int64
        let inode: UInt64
        let isDirectory: Bool
        let isLink: Bool
    }

    struct Folder {
        var stamp: Stamp
        var markdown: [String]
        var subfolders: [String]
    }

    let siteRoot: String
    let theme: String
    let publishedFolder: String
    private var registerFolders: [String: Folder] = [:]
    private var entries: [String: Stamp] = [:]
    private var settings: Stamp?
    private var templates: [String: Stamp] = [:]
    private var published: [String: Stamp] = [:]

    /// Lists a folder: nil when it cannot be read, which is not the same as empty.
    private let lister: @Sendable (String) -> [String]?

    public convenience init(siteRoot: URL, theme: URL, publishedFolder: URL) {
        self.init(siteRoot: siteRoot, theme: theme, publishedFolder: publishedFolder, lister: SiteWatcher.names(in:))
    }

    init(siteRoot: URL, theme: URL, publishedFolder: URL, lister: @escaping @Sendable (String) -> [String]?) {
        self.siteRoot = siteRoot.standardizedFileURL.path
        self.theme = theme.standardizedFileURL.path
        self.publishedFolder = publishedFolder.standardizedFileURL.path
        self.lister = lister
        _ = scan()
    }

    /// What changed since the last scan (the first scan, in `init`, sees nothing new).
    public func scan() -> SiteChange {
        var change = scanOutsideRegister()
        scanRegister(into: &change)
        return change
    }

    /// What changed at these paths only, as folder events named them: a save is
    /// one `stat`, not ten thousand. Anything this cannot judge alone (a folder, a
    /// link, a file it did not know) falls back to scanning that part in full.
    public func scan(paths: Set<String>) -> SiteChange {
        var change = SiteChange()
        var register = false
        var others = false
        let registerRoot = siteRoot + "/register"
        for path in paths {
            if path == registerRoot || path.hasPrefix(registerRoot + "/") {
                if !updateEntry(path, into: &change) { register = true }
            } else {
                others = true
            }
        }
        if others {
            let full = scanOutsideRegister()
            change.merge(full)
        }
        if register { scanRegister(into: &change) }
        return change
    }

    /// One known entry file, modified or removed. False when a full register scan
    /// must decide (a new name, a folder, a link).
    private func updateEntry(_ path: String, into change: inout SiteChange) -> Bool {
        guard path.hasSuffix(".md") else {
            // Editors' temporary and swap files come and go beside entries; only a
            // folder matters.
            return !(Self.lstamp(path)?.isDirectory ?? (registerFolders[path] != nil))
        }
        guard let previous = entries[path] else { return Self.stamp(path) == nil }
        guard let now = Self.stamp(path) else { return false }
        guard now != previous else { return true }
        if now.isDirectory || previous.inode != now.inode && Self.lstamp(path)?.isLink == true { return false }
        entries[path] = now
        change.entryFiles.insert(relative(path))
        return true
    }

    private func scanOutsideRegister() -> SiteChange {
        var change = SiteChange()
        let settingsNow = Self.stamp(siteRoot + "/site.yml")
        if settingsNow != settings { change.settings = true }
        settings = settingsNow

        let templatesNow = templateStamps()
        if templatesNow != templates { change.templates = true }
        templates = templatesNow

        var publishedNow: [String: Stamp] = [:]
        for path in [publishedFolder, publishedFolder + "/index.html"] {
            if let stamp = Self.stamp(path, follow: false) { publishedNow[path] = stamp }
        }
        if publishedNow != published { change.published = true }
        published = publishedNow
        return change
    }

    private func scanRegister(into change: inout SiteChange) {
        var seenFolders: [String: Folder] = [:]
        var seenEntries: [String: Stamp] = [:]
        var pending = [siteRoot + "/register"]
        while let folder = pending.popLast() {
            guard let stamp = Self.stamp(folder), stamp.isDirectory else {
                if registerFolders[folder] != nil { change.listing = true }
                continue
            }
            var known = registerFolders[folder]
            if known?.stamp != stamp {
                if let fresh = list(folder, stamp: stamp) {
                    // A save that writes a new file and renames it over the old one moves
                    // the folder's stamp too; only names that came or went need a new listing.
                    if known.map({ Set($0.markdown) != Set(fresh.markdown)
                        || Set($0.subfolders) != Set(fresh.subfolders) }) ?? true {
                        change.listing = true
                    }
                    known = fresh
                }
                // A folder that cannot be listed now (no descriptor to spare, say) has not
                // lost its files: what was known stands, under its old stamp, so the next
                // scan lists it again. A new one is simply not seen until then.
            }
            guard let listing = known else { continue }
            seenFolders[folder] = listing
            pending += listing.subfolders
            for path in listing.markdown {
                guard let entryStamp = Self.stamp(path) else {
                    change.listing = true
                    continue
                }
                seenEntries[path] = entryStamp
                if let previous = entries[path] {
                    if previous != entryStamp {
                        change.entryFiles.insert(relative(path))
                        // A link pointed elsewhere, or a file became a folder: the loader
                        // must decide again what this path is.
                        if previous.isDirectory != entryStamp.isDirectory
                            || (previous.inode != entryStamp.inode && Self.lstamp(path)?.isLink == true) {
                            change.listing = true
                        }
                    }
                } else {
                    change.listing = true
                }
            }
        }
        if seenEntries.count != entries.count || seenFolders.count != registerFolders.count { change.listing = true }
        registerFolders = seenFolders
        entries = seenEntries
    }

    /// Every folder whose changes matter: where the settings, the entries, the
    /// templates and the published site live.
    public var folders: Set<String> {
        var all = Set(registerFolders.keys)
        all.formUnion([siteRoot, siteRoot + "/templates", siteRoot + "/templates/assets", theme, theme + "/assets",
                       publishedFolder, (publishedFolder as NSString).deletingLastPathComponent])
        return all
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(siteRoot + "/") ? String(path.dropFirst(siteRoot.count + 1)) : path
    }

    private func templateStamps() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        for folder in [theme, theme + "/assets", siteRoot + "/templates", siteRoot + "/templates/assets"] {
            guard let folderStamp = Self.stamp(folder), folderStamp.isDirectory else { continue }
            guard let names = lister(folder) else {
                // Not readable now: the templates known in it stand, as they were, rather
                // than look deleted and be read again while nothing can be read.
                for (path, stamp) in templates
                where path == folder || (path as NSString).deletingLastPathComponent == folder {
                    stamps[path] = stamp
                }
                continue
            }
            stamps[folder] = folderStamp
            for name in names {
                if let stamp = Self.stamp(folder + "/" + name), !stamp.isDirectory { stamps[folder + "/" + name] = stamp }
            }
        }
        return stamps
    }

    /// A folder's entry files and subfolders, or nil when it cannot be listed. Links
    /// are followed, as the loader does.
    func list(_ folder: String, stamp: Stamp) -> Folder? {
        guard let names = lister(folder) else { return nil }
        var markdown: [String] = []
        var subfolders: [String] = []
        for name in names {
            let path = folder + "/" + name
            guard let child = Self.stamp(path) else {
                if name.hasSuffix(".md") { markdown.append(path) }
                continue
            }
            if child.isDirectory, !(Self.lstamp(path)?.isLink ?? false) {
                subfolders.append(path)
            } else if name.hasSuffix(".md") {
                markdown.append(path)
            }
        }
        return Folder(stamp: stamp, markdown: markdown, subfolders: subfolders)
    }

    /// Listed only when a folder's stamp moved, so Foundation's speed is enough. Nil
    /// when the folder cannot be read: with no descriptor to spare (EMFILE), an empty
    /// list here made every template and entry look deleted.
    static func names(in folder: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: folder)
    }

    static func stamp(_ path: String, follow: Bool = true) -> Stamp? {
        var info = stat()
        let result = follow ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return nil }
        return Stamp(info)
    }

    static func lstamp(_ path: String) -> Stamp? { stamp(path, follow: false) }
}

extension SiteWatcher.Stamp {
    init(_ info: stat) {
        #if canImport(Darwin)
        seconds = Int(info.st_mtimespec.tv_sec)
        nanoseconds = Int(info.st_mtimespec.tv_nsec)
        #else
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
        #endif
        size = Int64(info.st_size)
        inode = UInt64(info.st_ino)
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        isLink = (info.st_mode & S_IFMT) == S_IFLNK
    }
}

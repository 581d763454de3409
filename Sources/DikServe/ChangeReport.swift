import DikCore
import Foundation

/// A public site reduced to what the changes page compares: each entry's notice page
/// as a `NoticeSummary`, and a digest of every file.
struct SiteInventory: Sendable, Equatable {
    var notices: [String: NoticeSummary] = [:]
    var digests: [String: UInt64] = [:]

    init() {}

    init(files: [String: [UInt8]]) {
        for (path, bytes) in files { record(path, bytes) }
    }

    /// Brings the inventory up to date for files that were written or removed.
    mutating func update(written: [String: [UInt8]], removed: [String]) {
        for path in removed {
            digests[path] = nil
            if let slug = PreviewLinks.noticeSlug(path) { notices[slug] = nil }
        }
        for (path, bytes) in written { record(path, bytes) }
    }

    private mutating func record(_ path: String, _ bytes: [UInt8]) {
        digests[path] = Self.digest(bytes)
        if let slug = PreviewLinks.noticeSlug(path) { notices[slug] = NoticeSummary.parse(bytes) }
    }

    /// FNV-1a: only to tell whether two versions of a file are the same.
    static func digest(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// Reads a published public site from disk: nil when there is none, a failure when
    /// a folder or page in it cannot be read (a page not read is not a page removed).
    static func read(publishedAt folder: URL, read: PublishedReading.Reader = PublishedReading.contents(of:))
        -> Result<SiteInventory?, PublishedReading.Failure> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
              isDirectory.boolValue else { return .success(nil) }
        var inventory = SiteInventory()
        // The preview renders the site language's pages only; the data files, other
        // languages and print view follow from the same entries.
        let failure = PublishedReading.files(under: folder.resolvingSymlinksInPath().standardizedFileURL.path,
                                             wanted: PublicSite.isPage, read: read) { path, bytes in
            inventory.record(path, bytes)
        }
        if let failure { return .failure(failure) }
        return .success(inventory)
    }
}

/// What publishing now would change on the public site, compared with the last build
/// in `<out>/public`: entries added, removed, opened, and the public fields that
/// changed, plus every other file that would be added, removed or changed.
struct ChangeReport: Sendable {
    struct EntryChange: Sendable {
        let slug: String
        let title: String
        let fields: [(label: String, before: String?, after: String?)]
        let openedNote: String?
    }

    var hasBaseline = true
    var added: [EntryChange] = []
    var removed: [EntryChange] = []
    var opened: [EntryChange] = []
    var changed: [EntryChange] = []
    var unchanged = 0
    var filesAdded: [String] = []
    var filesRemoved: [String] = []
    var filesChanged: [String] = []

    var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && opened.isEmpty && changed.isEmpty && filesAdded.isEmpty
            && filesRemoved.isEmpty && filesChanged.isEmpty
    }

    static func compare(published: SiteInventory?, wouldPublish: SiteInventory) -> ChangeReport {
        var report = ChangeReport()
        report.hasBaseline = published != nil
        let before = published ?? SiteInventory()
        let order = { (lhs: EntryChange, rhs: EntryChange) in NaturalOrder.less(lhs.title, rhs.title) }
        for (slug, after) in wouldPublish.notices {
            guard let old = before.notices[slug] else {
                report.added.append(EntryChange(slug: slug, title: after.title, fields: [],
                                                openedNote: after.openedNote))
                continue
            }
            if old == after {
                report.unchanged += 1
                continue
            }
            let fields = after.changedFields(from: old)
            if !old.isOpened, after.isOpened {
                report.opened.append(EntryChange(slug: slug, title: after.title, fields: fields,
                                                 openedNote: after.openedNote))
            } else {
                report.changed.append(EntryChange(slug: slug, title: after.title, fields: fields,
                                                  openedNote: after.openedNote))
            }
        }
        for (slug, old) in before.notices where wouldPublish.notices[slug] == nil {
            report.removed.append(EntryChange(slug: slug, title: old.title, fields: [], openedNote: nil))
        }
        report.added.sort(by: order)
        report.removed.sort(by: order)
        report.opened.sort(by: order)
        report.changed.sort(by: order)
        for (path, digest) in wouldPublish.digests where PreviewLinks.noticeSlug(path) == nil {
            if let old = before.digests[path] {
                if old != digest { report.filesChanged.append(path) }
            } else {
                report.filesAdded.append(path)
            }
        }
        for path in before.digests.keys where wouldPublish.digests[path] == nil && PreviewLinks.noticeSlug(path) == nil {
            report.filesRemoved.append(path)
        }
        report.filesAdded.sort()
        report.filesRemoved.sort()
        report.filesChanged.sort()
        return report
    }

    /// The context for the `preview-changes` template.
    /// `noteLabel` names the "no longer exempt" note when it is what changed.
    func context(root: String, baseline: String, previewSlugs: Set<String>, noteLabel: String,
                 listLimit: Int = 1000) -> ViewContext {
        func entries(_ list: [EntryChange]) -> [ViewContext] {
            list.prefix(listLimit).map { change in
                var view: ViewContext = [
                    "title": change.title, "slug": change.slug,
                    "fields": change.fields.map { field -> ViewContext in
                        ["label": field.label.isEmpty ? noteLabel : field.label,
                         "before": field.before ?? "—", "after": field.after ?? "—"]
                    },
                    "has_fields": !change.fields.isEmpty,
                ]
                if previewSlugs.contains(change.slug) { view["url"] = "\(root)dik/\(change.slug)/" }
                view["opened_note"] = change.openedNote
                return view
            }
        }
        func files(_ list: [String]) -> [String] {
            list.count > listLimit ? Array(list.prefix(listLimit)) + ["… (\(list.count - listLimit))"] : list
        }
        return [
            "baseline": baseline, "has_baseline": hasBaseline, "nothing": isEmpty,
            "added": entries(added), "added_count": added.count, "has_added": !added.isEmpty,
            "removed": entries(removed), "removed_count": removed.count, "has_removed": !removed.isEmpty,
            "opened": entries(opened), "opened_count": opened.count, "has_opened": !opened.isEmpty,
            "changed": entries(changed), "changed_count": changed.count, "has_changed": !changed.isEmpty,
            "unchanged_count": unchanged,
            "more_than_limit": [added, removed, opened, changed].contains { $0.count > listLimit },
            "files_added": files(filesAdded), "files_removed": files(filesRemoved),
            "files_changed": files(filesChanged),
            "files_added_count": filesAdded.count, "files_removed_count": filesRemoved.count,
            "files_changed_count": filesChanged.count,
            "has_files": !(filesAdded.isEmpty && filesRemoved.isEmpty && filesChanged.isEmpty),
            "has_files_added": !filesAdded.isEmpty, "has_files_removed": !filesRemoved.isEmpty,
            "has_files_changed": !filesChanged.isEmpty,
        ]
    }
}

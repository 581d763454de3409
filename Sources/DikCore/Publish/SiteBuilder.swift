import CDikSys
import Foundation

public struct BuildOptions: Sendable {
    public var siteRoot: URL
    public var outRoot: URL
    public var date: LocalDate
    public var targets: [Target]
    public var theme: URL
    /// Where staged bytes go; tests swap in one that fails like a full or read-only disk.
    public var fileSystem: any StagingFileSystem
    /// Registers with more entries than this keep their records in a temporary file
    /// between load and render (`RecordStore`), so a national register builds in
    /// bounded memory; smaller ones keep them in memory, which is faster.
    public var recordStoreThreshold = 250_000

    public init(siteRoot: URL, outRoot: URL, date: LocalDate, targets: [Target] = [.public, .internal],
                theme: URL = TemplateSet.defaultThemeFolder(),
                fileSystem: any StagingFileSystem = POSIXStagingFileSystem()) {
        self.siteRoot = siteRoot
        self.outRoot = outRoot
        self.date = date
        self.targets = targets
        self.theme = theme
        self.fileSystem = fileSystem
    }
}

public struct BuildReport: Sendable {
    /// Errors (when the build failed) and warnings.
    public let diagnostics: [Diagnostic]
    public let succeeded: Bool
    /// Files written per target, when it succeeded.
    public let fileCounts: [Target: Int]
}

/// load → classify → project → render → publish, for `dik build`.
public enum SiteBuilder {
    public static func build(_ options: BuildOptions) -> BuildReport {
        var site = SiteLoader.load(siteRoot: options.siteRoot, retainingBodies: false,
                                   recordStoreAbove: options.recordStoreThreshold,
                                   auditedOn: options.targets.contains(.public) ? options.date : nil)
        releaseFreedMemory()
        var diagnostics = site.diagnostics
        let templates: TemplateSet
        switch TemplateSet.load(theme: options.theme, siteRoot: site.root) {
        case .success(let loaded): templates = loaded
        case .failure(let error): diagnostics += error.diagnostics
            return BuildReport(diagnostics: diagnostics.sortedForOutput(), succeeded: false, fileCounts: [:])
        }
        if diagnostics.hasErrors {
            return BuildReport(diagnostics: diagnostics.sortedForOutput(), succeeded: false, fileCounts: [:])
        }
        let entries = site.entries
        diagnostics += ConcurrentMap.map(ConcurrentMap.chunks(of: entries.count)) { range in
            entries[range].flatMap { LawRules.check($0, on: options.date) }
        }.joined()
        // Every message that names a line is made by now.
        for index in site.entries.indices { site.entries[index].forgetValueLocations() }

        // The dashboard lists every warning about an entry, from decoding and from the law.
        let findings = diagnostics.filter { $0.severity == .warning }

        let publisher = Publisher(outRoot: options.outRoot, fileSystem: options.fileSystem)
        let language = site.settings.language
        var staged: [StagedTarget] = []
        /// Stages one target and returns how to render it.
        func prepare(_ target: Target) throws -> @Sendable () throws -> Void {
            switch target {
            case .public, .preview:
                let register = Projection.publicRegister(site, target: .public, on: options.date)
                var bodyKeys = BodyAuditKeys()
                swap(&bodyKeys, &site.bodyAuditKeys)
                let auditor = LeakAuditor(site: site, takingBodyKeys: &bodyKeys, publishing: register,
                                          knownPublicText: templates.sourceTexts)
                let stage = try publisher.stage(.public, auditor: auditor)
                staged.append(stage)
                return { try PublicSite.render(register, templates: templates, language: language, to: stage) }
            case .internal:
                let register = Projection.internalRegister(site.servedAt(publicBaseURL: site.settings.internalSiteAddress),
                                                           on: options.date, findings: findings)
                let stage = try publisher.stage(.internal, auditor: nil)
                staged.append(stage)
                let pages = InternalPages(register: register, templates: templates, language: language)
                return { try pages.renderAll(to: stage) }
            }
        }
        /// Waits for a rendered target's files and takes its leak findings.
        func finish(_ stage: StagedTarget) throws -> [Diagnostic] {
            try stage.finishWriting()
            let leaks = stage.auditFindings()
            stage.finishAuditing()
            return leaks
        }
        do {
            let lock = try publisher.prepare(targets: options.targets.map { $0 == .preview ? .public : $0 })
            defer { withExtendedLifetime(lock) {} }
            var leaks: [Diagnostic] = []
            if site.recordStore == nil {
                // Targets side by side: each has its own writer, so the kernel creates
                // the public and the internal files at the same time.
                let renders = try options.targets.map(prepare)
                try ConcurrentWork.sideBySide(renders)
                for stage in staged { leaks += try finish(stage) }
                releaseFreedMemory()
            } else {
                // A national register: one target at a time, each one's memory given back
                // before the next.
                for target in options.targets {
                    try prepare(target)()
                    leaks += try finish(staged[staged.count - 1])
                    releaseFreedMemory()
                    if !leaks.isEmpty { break }
                }
            }
            if !leaks.isEmpty {
                publisher.discard(staged)
                return BuildReport(diagnostics: (diagnostics + leaks).sortedForOutput(), succeeded: false,
                                   fileCounts: [:])
            }
            if let failure = site.recordStore?.error {
                throw PublishError.cannotWrite(path: "\(FileManager.default.temporaryDirectory.path)/.dik-records",
                                               reason: failure.reason)
            }
            try publisher.commit(staged)
            var counts: [Target: Int] = [:]
            for stage in staged { counts[stage.target] = stage.writtenCount }
            return BuildReport(diagnostics: diagnostics.sortedForOutput(), succeeded: true, fileCounts: counts)
        } catch {
            publisher.discard(staged)
            let problem: Problem
            switch error {
            case PublishError.cannotWrite(let path, let reason): problem = .writeFailed(path: path, reason: reason)
            case PublishError.unsafePath(let path): problem = .publishFailed(reason: "unsafe path \(path)")
            case PublishError.locked(let path): problem = .publishFailed(reason: "another build is writing \(path)")
            case PublishError.writtenTwice(let path): problem = .pathWrittenTwice(path: path)
            case PublishError.outputIsLink(let path): problem = .outputIsLink(path: path)
            default: problem = .publishFailed(reason: "\(error)")
            }
            diagnostics.append(.error(problem, at: SourceLocation(path: options.outRoot.path)))
            return BuildReport(diagnostics: diagnostics.sortedForOutput(), succeeded: false, fileCounts: [:])
        }
    }
}

/// Gives the pages that the allocator keeps for threads that are done with them
/// back to the system between phases. Loading leaves many such pages in the worker
/// threads' arenas, which the next phase (allocating on other threads) would not reuse,
/// so they would count twice in the build's peak memory.
private func releaseFreedMemory() {
    dik_release_free_memory()
}

/// Process-wide allocator settings for a build; the command line calls this first.
public enum AllocatorTuning {
    /// Large buffers (output pieces, pages, big arrays) come and go all through a
    /// build; mapped apart they go back to the system when freed, instead of staying
    /// in the allocator's heaps and adding to the build's peak memory.
    public static func forBuilding() {
        dik_map_large_blocks_apart()
    }
}

/// Everything the public target writes, all through the one sink: the pages in the
/// site's language at the root and in each other language under its folder (`en/`),
/// the print view, the data files, the feed, the sitemap and robots.txt. The preview
/// renders the pages of the site's language only (`.pages`): what reviewers read,
/// kept cheap enough to re-render on every save.
public enum PublicSite {
    public enum Outputs: Sendable { case all, pages }

    /// Whether a public path is one that `.pages` renders too, so a comparison with a
    /// published site can leave the rest (other languages, data files, feed, print
    /// view, sitemap) aside.
    public static func isPage(_ path: String) -> Bool {
        let first = path.split(separator: "/").first.map(String.init) ?? ""
        return ["index.html", "kategori", "tidak-dikecualikan", "dik", "404.html", "assets", "robots.txt"]
            .contains(first)
    }

    /// The pages of the site's own language exactly as `render` makes them, for
    /// re-rendering single pages (the preview).
    public static func primaryPages(_ register: PublicRegister, templates: TemplateSet, language: String,
                                    chrome: @escaping @Sendable (_ path: String, _ root: String) -> ViewContext
                                        = { _, _ in [:] }) -> RegisterPages {
        let site = PageLanguages.site(primary: language, available: templates.strings.keys)
        return RegisterPages(register: register, templates: templates, language: language,
                             languages: site.rendering(language), publishesData: true, chrome: chrome)
    }

    public static func render(_ register: PublicRegister, templates: TemplateSet, language: String,
                              to sink: OutputSink, outputs: Outputs = .all,
                              chrome: @escaping @Sendable (_ path: String, _ root: String) -> ViewContext
                                  = { _, _ in [:] }) throws {
        let recorder = RecordingSink(sink)
        let site = PageLanguages.site(primary: language, available: templates.strings.keys)
        let absoluteBase = register.settings.absoluteBaseURL
        // Every file but the sitemap stands alone, so they are rendered side by side;
        // the sitemap lists what the others wrote.
        var jobs: [@Sendable () throws -> Void] = [
            { try recorder.write("robots.txt", text: Sitemap.robots(baseURL: absoluteBase)) },
        ]
        var pageJobs: [@Sendable () throws -> Void] = []
        let feedEvents = outputs == .all && absoluteBase != nil ? Feed.events(register) : []
        for current in site.all where outputs == .all || current == site.primary {
            let languages = site.rendering(current)
            let prefix = languages.prefix(of: current)
            let folder: OutputSink = prefix.isEmpty ? recorder : PrefixedSink(prefix: prefix, base: recorder)
            let pages = RegisterPages(register: register, templates: templates, language: current,
                                      languages: languages, publishesData: true, chrome: chrome)
            pageJobs += pages.renderJobs(to: folder)
            guard outputs == .all else { continue }
            jobs.append { try pages.write(pages.printPage(), to: folder) }
            if let absoluteBase {
                let feed = Feed(register: register, wording: pages.wording, siteURL: absoluteBase + prefix,
                                events: feedEvents)
                jobs.append { try folder.stream("feed.xml") { try feed.write(into: $0) } }
            }
        }
        if outputs == .all {
            let data = OpenData(register: register, wording: Wording(language: language, templates: templates))
            jobs.insert({ try data.write(to: recorder) }, at: 0)
        }
        // One list of jobs for every language, the single long ones (data files, print
        // views, feeds) first: a core that finishes early takes the next notice pages.
        try ConcurrentWork.run(jobs + pageJobs)
        guard outputs == .all else { return }
        if let absoluteBase {
            try Sitemap.write(writtenPaths: recorder.written, baseURL: absoluteBase, to: recorder)
        }
    }
}

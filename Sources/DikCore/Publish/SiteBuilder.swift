import Foundation

public struct BuildOptions: Sendable {
    public var siteRoot: URL
    public var outRoot: URL
    public var date: LocalDate
    public var targets: [Target]
    public var theme: URL

    public init(siteRoot: URL, outRoot: URL, date: LocalDate, targets: [Target] = [.public, .internal],
                theme: URL = TemplateSet.defaultThemeFolder()) {
        self.siteRoot = siteRoot
        self.outRoot = outRoot
        self.date = date
        self.targets = targets
        self.theme = theme
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
        let site = SiteLoader.load(siteRoot: options.siteRoot, retainingBodies: false)
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
        let findings = site.entries.flatMap { LawRules.check($0, on: options.date) }
        diagnostics += findings

        let publisher = Publisher(outRoot: options.outRoot)
        var staged: [StagedTarget] = []
        do {
            let lock = try publisher.prepare()
            defer { withExtendedLifetime(lock) {} }
            for target in options.targets {
                let stage: StagedTarget
                switch target {
                case .public, .preview:
                    let register = Projection.publicRegister(site, target: .public, on: options.date)
                    let auditor = LeakAuditor(site: site, publishing: register,
                                              knownPublicText: templates.sourceTexts)
                    stage = try publisher.stage(.public, auditor: auditor)
                    staged.append(stage)
                    try PublicSite.render(register, templates: templates, language: site.settings.language, to: stage)
                case .internal:
                    let register = Projection.internalRegister(site, on: options.date, findings: findings)
                    stage = try publisher.stage(.internal, auditor: nil)
                    staged.append(stage)
                    try InternalPages(register: register, templates: templates, language: site.settings.language)
                        .renderAll(to: stage)
                }
                let leaks = stage.auditFindings()
                if !leaks.isEmpty {
                    publisher.discard(staged)
                    return BuildReport(diagnostics: (diagnostics + leaks).sortedForOutput(), succeeded: false,
                                       fileCounts: [:])
                }
            }
            try publisher.commit(staged)
            var counts: [Target: Int] = [:]
            for stage in staged { counts[stage.target] = stage.writtenPaths.count }
            return BuildReport(diagnostics: diagnostics.sortedForOutput(), succeeded: true, fileCounts: counts)
        } catch {
            publisher.discard(staged)
            let problem: Problem
            switch error {
            case PublishError.cannotWrite(let path, let reason): problem = .writeFailed(path: path, reason: reason)
            case PublishError.unsafePath(let path): problem = .publishFailed(reason: "unsafe path \(path)")
            case PublishError.locked(let path): problem = .publishFailed(reason: "another build is writing \(path)")
            default: problem = .publishFailed(reason: "\(error)")
            }
            diagnostics.append(.error(problem, at: SourceLocation(path: options.outRoot.path)))
            return BuildReport(diagnostics: diagnostics.sortedForOutput(), succeeded: false, fileCounts: [:])
        }
    }
}

/// Everything the public target writes. The preview renders the same pages.
public enum PublicSite {
    public static func render(_ register: PublicRegister, templates: TemplateSet, language: String,
                              to sink: OutputSink) throws {
        try RegisterPages(register: register, templates: templates, language: language).renderAll(to: sink)
        try sink.write("robots.txt", text: "User-agent: *\nAllow: /\n")
    }
}

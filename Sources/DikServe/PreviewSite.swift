import DikCore
import Foundation

/// The preview's state: the site as last read, the three views as last rendered, and
/// the snapshot the server serves. Every update runs on one serial queue; readers
/// only ever take the current snapshot.
public final class PreviewSite: @unchecked Sendable {
    public let options: PreviewOptions
    public let feed = ChangeFeed()
    private let lock = NSLock()
    private var current = PreviewSnapshot.empty

    private let worker = DispatchQueue(label: "dik.preview.render", qos: .userInitiated)
    private let finisher = DispatchQueue(label: "dik.preview.finish", qos: .utility)
    /// Copies the next edit's lists and frees the last state's, off the worker.
    private let housekeeper = DispatchQueue(label: "dik.preview.housekeeping", qos: .utility)
    /// `generation`, readable off the worker: the finisher stops when it moves.
    private let latestGeneration = SharedNumber()
    // Everything below is touched only on `worker`.
    private var sources: SiteSources?
    private var templates: TemplateSet?
    private var templateDiagnostics: [Diagnostic] = []
    /// Why the last published site could not be read again; the previous reading stands.
    private var baselineDiagnostics: [Diagnostic] = []
    private var findings: [String: [Diagnostic]] = [:]
    private var rendered: Rendered?
    /// Entry files read again since the last render, rendered again once the site is
    /// free of errors.
    private var touched: Set<String> = []
    private var needsFullRender = true
    private var baseline: SiteInventory?
    private var generation = 0
    /// Copies of the rendered registers' lists for the next edit to change in place.
    private var spare: PreviewRenderer.Lists?

    struct Rendered {
        var registers: PreviewRenderer.Registers
        var state: RenderState
        var inventory: SiteInventory
        /// Public pages written or removed since the inventory was last brought up to date.
        var publicDirty: Set<String> = []
    }

    public init(options: PreviewOptions) {
        self.options = options
    }

    public var snapshot: PreviewSnapshot { lock.withLock { current } }

    /// Reads and renders everything.
    @discardableResult
    public func load() async -> UpdateReport { await apply(.everything) }

    /// Brings the preview up to date with a change on disk, and tells browsers.
    @discardableResult
    public func apply(_ change: SiteChange) async -> UpdateReport {
        await withCheckedContinuation { continuation in
            worker.async { continuation.resume(returning: self.update(change)) }
        }
    }

    /// Returns once every update, and the work after it, queued so far has finished.
    public func settled() async {
        // The worker hands work to the finisher, which hands its results back.
        for queue in [worker, finisher, worker] {
            await withCheckedContinuation { continuation in queue.async { continuation.resume() } }
        }
    }

    // MARK: On the worker

    private func update(_ change: SiteChange) -> UpdateReport {
        let started = ContinuousClock.now
        if change.isEmpty, sources != nil {
            // Work an update left for later and gave up to this one is still to do.
            finishLater(expecting: generation)
            return UpdateReport(generation: generation, kind: .incremental(pages: 0), duration: .zero)
        }
        let kind = read(change)
        let report: UpdateReport.Kind
        if kind == .baselineOnly, let rendered, let templates, !currentHasErrors, baselineDiagnostics.isEmpty {
            generation += 1
            publish(rendered, templates: templates, errors: [])
            report = .baselineOnly
        } else {
            report = render()
        }
        return UpdateReport(generation: generation, kind: report, duration: ContinuousClock.now - started)
    }

    private var currentHasErrors: Bool { lock.withLock { current.errorPage != nil } }

    /// Reads what changed. Returns `.baselineOnly` when only the published site did.
    private func read(_ change: SiteChange) -> UpdateReport.Kind {
        if change.published || baseline == nil {
            switch SiteInventory.read(publishedAt: options.publishedFolder) {
            case .success(let inventory):
                baseline = inventory
                baselineDiagnostics = []
            case .failure(let failure):
                // Shown as the error it is (and tried again by the watcher when it is a
                // want of descriptors), not as pages that publishing would remove.
                baselineDiagnostics = [.error(.unreadableFile(reason: failure.reason),
                                              at: SourceLocation(path: displayPath(URL(fileURLWithPath: failure.path))))]
            }
        }
        if change.templates || templates == nil {
            switch TemplateSet.load(theme: options.theme, siteRoot: options.siteRoot) {
            case .success(let loaded):
                templates = loaded
                templateDiagnostics = []
            case .failure(let error):
                templates = nil
                templateDiagnostics = error.diagnostics
            }
            needsFullRender = true
        }
        guard var sources else {
            self.sources = SiteSources.read(siteRoot: options.siteRoot)
            needsFullRender = true
            return .full
        }
        // The only owner now, so the changes below do not copy the whole table.
        self.sources = nil
        if change.settings {
            sources.rereadSettings()
            needsFullRender = true
        }
        var listing = change.listing
        for path in change.entryFiles.sorted() {
            guard let known = sources.files[path], FileManager.default.fileExists(atPath: known.source.absolutePath)
            else {
                listing = true
                continue
            }
            sources.reread(known.source)
            touched.insert(path)
        }
        if listing {
            let (found, diagnostics) = sources.listEntryFiles()
            let byPath = Dictionary(found.map { ($0.displayPath, $0) }) { first, _ in first }
            for path in sources.files.keys where byPath[path] == nil {
                sources.remove(displayPath: path)
                touched.insert(path)
            }
            for (path, source) in byPath where sources.files[path]?.source != source {
                sources.reread(source)
                touched.insert(path)
            }
            sources.replaceListing(diagnostics: diagnostics)
        }
        self.sources = sources
        let onlyBaseline = change.published && change.entryFiles.isEmpty && !listing && !change.settings
            && !change.templates
        return onlyBaseline ? .baselineOnly : .full
    }

    private func render() -> UpdateReport.Kind {
        guard let sources else { return .errors(0) }
        if let patched = renderInPlace(sources) { return patched }
        let site = sources.site()
        let errors = (site.diagnostics + templateDiagnostics + baselineDiagnostics).errors.sortedForOutput()
        guard errors.isEmpty, let templates else {
            generation += 1
            publishErrors(errors, warnings: site.diagnostics.count - site.diagnostics.errors.count)
            return .errors(errors.count)
        }
        let renderer = PreviewRenderer(templates: templates, date: options.date)
        let threshold = max(64, site.entries.count / 10)
        do {
            var result: Rendered
            let kind: UpdateReport.Kind
            if needsFullRender || rendered == nil || touched.count > threshold {
                findings = Dictionary(grouping: site.entries.flatMap { LawRules.check($0, on: options.date) },
                                      by: \.location.path)
                let registers = renderer.registers(site, findings: findings.values.flatMap { $0 })
                let state = try renderer.renderAll(registers)
                result = Rendered(registers: registers, state: state,
                                  inventory: SiteInventory(files: state[.publicBuild].files))
                kind = .full
            } else if let previous = rendered {
                let before = touched.compactMap { path in
                    previous.registers.indexByPath[path].map { previous.registers.site.entries[$0] }
                }
                let after = site.entries.filter { touched.contains($0.source.displayPath) }
                for path in touched { findings[path] = nil }
                for entry in after {
                    let found = LawRules.check(entry, on: options.date)
                    if !found.isEmpty { findings[entry.source.displayPath] = found }
                }
                let registers = renderer.registers(site, findings: findings.values.flatMap { $0 })
                result = updated(previous, to: registers, changes: EntryChanges(before: before, after: after),
                                 renderer: renderer)
                kind = .incremental(pages: ViewKind.allCases.map { result.state[$0].stale.count }.reduce(0, +))
            } else {
                return .errors(0)
            }
            generation += 1
            result.registers.version = generation
            rendered = result
            touched = []
            needsFullRender = false
            let leaks = result.state.leaks.values.flatMap { $0 }.sortedForOutput()
            publish(result, templates: templates, errors: leaks)
            prepareSpare(result.registers)
            return leaks.isEmpty ? kind : .errors(leaks.count)
        } catch {
            generation += 1
            let problem = Diagnostic.error(.publishFailed(reason: "\(error)"), at: SourceLocation(path: "site.yml"))
            publishErrors([problem], warnings: 0)
            needsFullRender = true
            return .errors(1)
        }
    }

    /// The usual edit: entry files that had an entry and still have one, with the
    /// same id, in a site free of errors. The registers are patched in place and the
    /// pages that show those entries marked stale, so the reload goes out within
    /// milliseconds of reading the files. Nil when the edit needs `render()`'s way.
    private func renderInPlace(_ sources: SiteSources) -> UpdateReport.Kind? {
        guard !needsFullRender, let previous = rendered, let templates, templateDiagnostics.isEmpty,
              baselineDiagnostics.isEmpty,
              !touched.isEmpty, touched.count <= 64, !currentHasErrors else { return nil }
        var before: [Entry] = [], after: [Entry] = []
        var newFindings = findings
        for path in touched {
            guard let file = sources.files[path], let entry = file.entry, file.diagnostics.errors.isEmpty,
                  let index = previous.registers.indexByPath[path] else { return nil }
            before.append(previous.registers.site.entries[index])
            after.append(entry)
            let found = LawRules.check(entry, on: options.date)
            newFindings[path] = found.isEmpty ? nil : found
        }
        let renderer = PreviewRenderer(templates: templates, date: options.date)
        let lists = spare.take().flatMap { $0.version == previous.registers.version ? $0 : nil }
            ?? PreviewRenderer.Lists(sharing: previous.registers)
        guard var registers = renderer.patched(previous.registers, replacing: after, findings: newFindings,
                                               lists: lists)
        else { return nil }
        findings = newFindings
        generation += 1
        registers.version = generation
        let result = updated(previous, to: registers, changes: EntryChanges(before: before, after: after),
                             renderer: renderer)
        rendered = result
        touched = []
        let leaks = result.state.leaks.values.flatMap { $0 }.sortedForOutput()
        publish(result, templates: templates, errors: leaks)
        // The last state's lists are freed off the worker, and after the reload.
        retire(previous)
        prepareSpare(registers)
        return leaks.isEmpty ? .incremental(pages: ViewKind.allCases.map { result.state[$0].stale.count }.reduce(0, +))
            : .errors(leaks.count)
    }

    /// Copies these registers' lists in the background for the next edit.
    private func prepareSpare(_ registers: PreviewRenderer.Registers) {
        spare = nil
        housekeeper.async { [self] in
            let lists = PreviewRenderer.Lists.copying(registers)
            worker.async { [self] in
                if rendered?.registers.version == lists.version { spare = lists }
            }
        }
    }

    /// Lets go of a value on the housekeeping queue, so that freeing ten thousand
    /// entries never delays a reload.
    private func retire(_ value: some Sendable) {
        housekeeper.async { withExtendedLifetime(value) {} }
    }

    private func updated(_ previous: Rendered, to registers: PreviewRenderer.Registers, changes: EntryChanges,
                         renderer: PreviewRenderer) -> Rendered {
        var result = previous
        result.state = renderer.update(previous.state, to: registers, changes: changes)
        result.registers = registers
        result.publicDirty.formUnion(result.state.removed[.publicBuild] ?? [])
        return result
    }

    /// After the reload of an incremental update has gone out: renders the stale
    /// pages, brings the changes page up to date, and audits every public page
    /// against every internal value, as `dik build` would. This runs beside the
    /// worker, not on it, so the next save never waits for it; a newer update makes
    /// its work useless, so it stops and its results are dropped.
    private func finishLater(expecting expected: Int) {
        guard let result = rendered, let templates,
              !isComplete(result) || snapshot.changes.value == nil else { return }
        let views = snapshot.views
        let renderer = PreviewRenderer(templates: templates, date: options.date)
        let latest = latestGeneration
        let published = baseline
        finisher.async { [self] in
            let superseded = { @Sendable in latest.value != expected }
            guard !superseded() else { return }
            var done = result
            // Through the snapshot's views, so a page a browser is already waiting
            // for is not rendered twice. The edited entries' own pages go first (they
            // take milliseconds), then the register pages.
            func rank(_ path: String) -> Int {
                PreviewLinks.noticeSlug(path) != nil ? 0 : path == PagePath.home ? 1 : 2
            }
            let jobs = ViewKind.allCases.flatMap { kind in
                done.state[kind].stale.sorted { (rank($0), $0) < (rank($1), $1) }.map { (kind, $0) }
            }.sorted { rank($0.1) < rank($1.1) }
            try? ConcurrentWork.forEach(jobs.indices) { index in
                guard !superseded() else { return }
                _ = views[jobs[index].0]?.pageNow(jobs[index].1)
            }
            guard !superseded() else { return }
            for kind in ViewKind.allCases {
                for path in done.state[kind].stale {
                    done.state[kind].files[path] = views[kind]?.pageNow(path)
                }
                if kind == .publicBuild { done.publicDirty.formUnion(done.state[kind].stale) }
                done.state[kind].stale = []
            }
            let files = done.state[.publicBuild].files
            let dirty = done.publicDirty
            done.inventory.update(written: files.filter { dirty.contains($0.key) },
                                  removed: dirty.filter { files[$0] == nil })
            done.publicDirty = []
            guard !superseded() else { return }
            done.state.leaks = renderer.auditAll(files, done.registers)
            let page = changesPage(done, templates: templates, baseline: published)
            let finished = done
            worker.async { [self] in
                guard generation == expected else { return }
                let leaksChanged = finished.state.leaks != rendered?.state.leaks
                rendered = finished
                if leaksChanged {
                    generation += 1
                    publish(finished, templates: templates,
                            errors: finished.state.leaks.values.flatMap { $0 }.sortedForOutput())
                } else {
                    snapshot.changes.set(page)
                }
            }
        }
    }

    private func publish(_ result: Rendered, templates: TemplateSet, errors: [Diagnostic]) {
        let state = result.state
        let renderer = PreviewRenderer(templates: templates, date: options.date)
        let registers = result.registers
        let makers = renderer.makers(registers)
        var views: [ViewKind: LiveView] = [:]
        for kind in ViewKind.allCases {
            views[kind] = LiveView(files: state[kind].files, stale: state[kind].stale) { path in
                renderer.renderPage(path, of: kind, registers, makers: makers)
            }
        }
        let ready = isComplete(result)
        let snapshot = PreviewSnapshot(
            generation: generation, views: views,
            changes: PendingPage(ready ? changesPage(result, templates: templates, baseline: baseline) : nil),
            errors: errors, errorPage: errors.isEmpty ? nil : errorHTML(errors, warnings: 0))
        let replaced = lock.withLock {
            defer { current = snapshot }
            return current
        }
        latestGeneration.set(generation)
        feed.publish(generation)
        retire(replaced)
        if !ready { finishLater(expecting: generation) }
    }

    private func isComplete(_ result: Rendered) -> Bool {
        ViewKind.allCases.allSatisfy { result.state[$0].stale.isEmpty } && result.publicDirty.isEmpty
    }

    private func publishErrors(_ errors: [Diagnostic], warnings: Int) {
        let previous = snapshot
        let snapshot = PreviewSnapshot(
            generation: generation, views: previous.views, changes: previous.changes, errors: errors,
            errorPage: errorHTML(errors, warnings: warnings))
        lock.withLock { current = snapshot }
        latestGeneration.set(generation)
        feed.publish(generation)
    }

    private func errorHTML(_ errors: [Diagnostic], warnings: Int) -> [UInt8] {
        Array(ErrorPage.html(errors: errors, warnings: warnings, language: options.language,
                             sourceLine: ErrorPage.lineReader(siteRoot: options.siteRoot, theme: options.theme))
            .utf8)
    }

    static let changesPath = "_dik/perubahan/index.html"

    /// Runs on the worker or the finisher, so everything it reads is passed in.
    private func changesPage(_ result: Rendered, templates: TemplateSet, baseline: SiteInventory?) -> [UInt8] {
        let registers = result.registers
        let language = registers.site.settings.language
        let renderer = PreviewRenderer(templates: templates, date: options.date)
        let pages = PublicSite.primaryPages(registers.preview, templates: templates, language: language,
                                            chrome: renderer.chrome(.preview, registers))
        let wording = Wording(language: language, templates: templates)
        let report = ChangeReport.compare(published: baseline, wouldPublish: result.inventory)
        let context = report.context(root: "../../", baseline: displayPath(options.publishedFolder),
                                     previewSlugs: result.state[.preview].slugs, noteLabel: wording["changes_note"])
        return Array(pages.page("preview-changes", path: Self.changesPath, title: wording["changes_title"], context)
            .utf8)
    }

    /// A folder as the user would name it: relative to the working folder when inside it.
    private func displayPath(_ url: URL) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(here) ? String(url.path.dropFirst(here.count)) : url.path
    }
}

/// A number shared between the worker, the finisher and callers.
final class SharedNumber: @unchecked Sendable {
    private let lock = NSLock()
    private var number = 0
    func set(_ value: Int) { lock.withLock { number = value } }
    var value: Int { lock.withLock { number } }
}

import Foundation
import Mustache
import Yams

/// The default theme (`site-templates/`) with a site's own `templates/` laid over it:
/// a file of the same name replaces the theme's. Every template is parsed with the
/// scalar-safe HTML escaper, may not switch it off, and may print unescaped only
/// values whose names end in `_html` (which the renderer fills with markup it made).
public struct TemplateSet: Sendable {
    public let library: MustacheLibrary
    public let strings: [String: [String: String]]
    public let assets: [String: [UInt8]]
    /// The shipped theme's own text (templates and interface strings), for the leak
    /// audit's allow-list of public text. A site's overrides are not on it: a value
    /// pasted into a site template is audited like any other output.
    public let sourceTexts: [String]
    /// The same templates for the fast renderer; nil when one of them needs
    /// swift-mustache itself.
    var compiled: CompiledTemplates?
    /// Pages swift-mustache rendered because the fast renderer declined: the shipped
    /// theme must never need it (a test holds this at zero), since a fallback on a
    /// list page costs many times the time and memory.
    let fallbacks = FallbackCount()

    static let required = ["layout", "home", "notice", "category", "categories", "opened", "not-found",
                           "internal-entry", "dashboard", "print"]

    public static func load(theme: URL, siteRoot: URL?) -> Result<TemplateSet, DiagnosticsError> {
        _ = ScalarHTMLContentType.registered
        var files = ThemeFiles()
        files.read(folder: theme, label: "site-templates", isTheme: true)
        if let siteRoot {
            files.read(folder: siteRoot.appendingPathComponent("templates"), label: "templates", isTheme: false,
                       root: siteRoot)
        }
        return assemble(files)
    }

    /// Parses and checks templates already read (the fuzz target hands them in from
    /// memory): every check a build or `dik check` makes of templates is here.
    static func assemble(_ files: ThemeFiles) -> Result<TemplateSet, DiagnosticsError> {
        _ = ScalarHTMLContentType.registered
        var diagnostics = files.diagnostics
        var library = MustacheLibrary()
        var partials: [String: [String]] = [:]
        for (name, source) in files.sources.sorted(by: { $0.key < $1.key }) {
            let problems = validate(source.text, name: name, displayPath: source.displayPath)
            if !problems.isEmpty {
                diagnostics += problems
                continue
            }
            let prefix = "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}"
            let template: MustacheTemplate
            do {
                template = try MustacheTemplate(string: prefix + source.text)
            } catch let error as MustacheTemplate.ParserError {
                let column = error.context.lineNumber == 1
                    ? max(1, error.context.columnNumber - prefix.count) : error.context.columnNumber
                diagnostics.append(.error(.templateSyntax(name: source.displayPath, problem: describe(error.error)),
                                          at: SourceLocation(path: source.displayPath,
                                                             line: error.context.lineNumber, column: column)))
                continue
            } catch {
                diagnostics.append(.error(.templateSyntax(name: source.displayPath, problem: "\(error)"),
                                          at: SourceLocation(path: source.displayPath, line: 1, column: 1)))
                continue
            }
            // The parsed tokens are the truth: a tag the text scan could not see still
            // shows here.
            guard let inspection = TemplateInspection(template) else {
                diagnostics.append(.error(.templateNotCheckable(name: source.displayPath),
                                          at: SourceLocation(path: source.displayPath, line: 1, column: 1)))
                continue
            }
            for variable in inspection.rawVariables where !variable.hasSuffix("_html") {
                diagnostics.append(.error(.templateRawValue(name: source.displayPath, variable: variable),
                                          at: SourceLocation(path: source.displayPath, line: 1, column: 1)))
            }
            partials[name] = inspection.partials
            library.register(template, named: name)
        }
        let known = Set(files.sources.keys)
        for (name, included) in partials.sorted(by: { $0.key < $1.key }) {
            guard let source = files.sources[name] else { continue }
            for partial in included where !known.contains(partial) {
                diagnostics.append(.error(.templateMissing(name: partial),
                                          at: locate(partial: partial, in: source.text, path: source.displayPath)))
            }
        }
        for chain in TemplateInspection.partialCycles(partials) {
            guard let first = chain.first, let source = files.sources[first] else { continue }
            let next = chain.count > 1 ? chain[1] : first
            diagnostics.append(.error(.templatePartialCycle(name: source.displayPath, chain: chain),
                                      at: locate(partial: next, in: source.text, path: source.displayPath)))
        }
        for name in required where files.sources[name] == nil {
            diagnostics.append(.error(.templateMissing(name: name), at: SourceLocation(path: "site-templates/\(name).mustache")))
        }
        if diagnostics.hasErrors { return .failure(DiagnosticsError(diagnostics)) }
        var set = TemplateSet(library: library, strings: files.strings, assets: files.assets,
                              sourceTexts: files.themeTexts)
        set.compiled = CompiledTemplates(library: library, names: Array(files.sources.keys))
        return .success(set)
    }

    /// Where a template includes `partial` (`{{> partial}}` or `{{< partial}}`); its
    /// first line when the text does not show it.
    static func locate(partial: String, in text: String, path: String) -> SourceLocation {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                if let marker = after.first, marker == ">" || marker == "<",
                   let close = after.range(of: "}}"),
                   after[after.index(after: after.startIndex)..<close.lowerBound].trimmingWhitespace() == partial {
                    return SourceLocation(path: path, line: index + 1,
                                          column: line.distance(from: line.startIndex, to: open.lowerBound) + 1)
                }
                rest = after
            }
        }
        return SourceLocation(path: path, line: 1, column: 1)
    }

    /// Finds `{{% ... }}` pragmas, delimiter changes (after which no scan of the text
    /// can be trusted) and raw output of names not ending in `_html`, with their lines.
    static func validate(_ text: String, name: String, displayPath: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line.unicodeScalars)
            var position = 0
            while position + 2 < scalars.count {
                guard scalars[position] == "{", scalars[position + 1] == "{" else { position += 1; continue }
                let column = position + 1
                let marker = scalars[position + 2]
                var nameStart = position + 3
                var raw = false
                if marker == "%" {
                    problems.append(.error(.templatePragmaNotAllowed(name: displayPath),
                                           at: SourceLocation(path: displayPath, line: index + 1, column: column)))
                } else if marker == "=" {
                    problems.append(.error(.templateDelimiterChange(name: displayPath),
                                           at: SourceLocation(path: displayPath, line: index + 1, column: column)))
                } else if marker == "{" || marker == "&" {
                    raw = true
                } else {
                    nameStart = position + 2
                }
                if raw {
                    var end = nameStart
                    while end < scalars.count, scalars[end] != "}" { end += 1 }
                    let variable = String(String.UnicodeScalarView(scalars[nameStart..<end])).trimmingWhitespace()
                    if !variable.hasSuffix("_html") {
                        problems.append(.error(.templateRawValue(name: displayPath, variable: variable),
                                               at: SourceLocation(path: displayPath, line: index + 1, column: column)))
                    }
                }
                position = nameStart
            }
        }
        return problems
    }

    public func render(_ name: String, _ context: ViewContext) -> String {
        String(decoding: renderBytes(name, context), as: UTF8.self)
    }

    /// The same page as UTF-8, for writing: the fast renderer's bytes go to the sink
    /// without a round trip through `String`.
    func renderBytes(_ name: String, _ context: ViewContext) -> [UInt8] {
        if let bytes = compiled?.render(name, context) { return bytes }
        fallbacks.add()
        return Array((library.render(context, withTemplate: name) ?? "").utf8)
    }

    /// The page into a streamed file. When the fast renderer declines after handing
    /// over part of the page, the file starts again with swift-mustache's rendering.
    func render(_ name: String, _ context: ViewContext, into output: ChunkedOutput) throws {
        if let compiled, try compiled.render(name, context, into: output) { return }
        fallbacks.add()
        output.restart()
        output.append(library.render(context, withTemplate: name) ?? "")
    }

    /// The theme that ships with dik: `DIK_THEME`, else `site-templates` beside or
    /// above the executable (a checkout or an install), else in the working folder.
    public static func defaultThemeFolder() -> URL {
        let manager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["DIK_THEME"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<8 {
            for candidate in ["site-templates", "share/dik/site-templates"] {
                let url = folder.appendingPathComponent(candidate)
                if manager.fileExists(atPath: url.appendingPathComponent("layout.mustache").path) { return url }
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: manager.currentDirectoryPath).appendingPathComponent("site-templates")
    }
}

/// Interface text, one flat `key: text` file per language, so translators edit words
/// and never templates.
enum StringTable {
    static func load(_ text: String, displayPath: String) -> ([String: String], [Diagnostic]) {
        var reader = NodeReader(path: displayPath, firstLine: 1)
        let yaml = FrontMatter.normaliseYAMLBreaks(FrontMatter.normaliseLineEndings(text))
        // The same guard as every other YAML file: no anchors (a few hundred bytes of
        // aliases expand to gigabytes), no tags, no deep nesting.
        switch YAMLComposer.compose(yaml) {
        case .document(let root):
            guard let root else { return ([:], []) }
            var table: [String: String] = [:]
            for pair in reader.mapping(root, key: displayPath) ?? [] {
                if let value = reader.text(pair.value, key: pair.key, limit: nil) { table[pair.key] = value }
            }
            return (table, reader.diagnostics)
        case .refused(let problems):
            return ([:], problems.map { $0.error(in: displayPath) })
        case .failed(let error):
            return ([:], [YAMLErrors.diagnostic(for: error, path: displayPath, firstLine: 1, yaml: yaml)])
        }
    }
}

final class FallbackCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

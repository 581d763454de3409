import Mustache

/// A faster renderer for the templates swift-mustache has already parsed. It takes the
/// parsed tokens as they are (so parsing, standalone lines and errors stay
/// swift-mustache's own), and renders them the way `MustacheTemplate.render` does:
/// the same name lookup up the context stack, the same truthiness, the same partial
/// and block inheritance and indentation, the same escaper. What it saves is the
/// protocol casts, name splitting and string concatenation of each lookup, which
/// were most of a build's time.
///
/// The tokens are read into a tree of `Node`s, laid out flat as a `TemplateProgram`,
/// and each page is rendered by a `TemplateRenderer` walking that program.
///
/// It renders the value types the views build (dictionaries, arrays, strings,
/// integers, booleans). Anything else, or a template feature it does not know
/// (transforms, lambdas, dynamic partials, another content type), makes it decline,
/// and `TemplateSet` renders with swift-mustache instead: the output is the same
/// either way.
struct CompiledTemplates: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, [Node])
        case inverted(Name, [Node])
        case block(String, [Node], indentation: String?)
        case partial(String, indentation: String?, inherits: [String: [Node]]?)
    }

    /// A variable name as swift-mustache resolves it: `.` (or empty) is the current
    /// object, `.a.b` starts from the current object, `a.b` finds `a` up the stack.
    struct Name: Sendable {
        enum Scope: Sendable { case current, top, stack }
        let scope: Scope
        let parts: [String]
        /// The same parts, hashed once here rather than on every lookup.
        let keys: [ContextKey]
        /// The first part and its key, read in place where nearly every lookup ends.
        let firstPart: String
        let firstKey: ContextKey

        init(_ name: String) {
            parts = name.split(separator: ".").map(String.init)
            keys = parts.map { ContextKey($0) }
            firstPart = parts.first ?? ""
            firstKey = ContextKey(firstPart)
            if name == "." || parts.isEmpty {
                scope = .current
            } else {
                scope = name.first == "." ? .top : .stack
            }
        }
    }

    struct Unsupported: Error {}

    let program: TemplateProgram

    /// Nil when any template uses something this renderer does not reproduce.
    init?(library: MustacheLibrary, names: [String]) {
        var templates: [String: [Node]] = [:]
        do {
            for name in names {
                guard let template = library.getTemplate(named: name) else { continue }
                var nodes = try Self.compile(template)
                // Every template starts with the scalar-safe content type (TemplateSet adds
                // it); its escaper is the only one this renderer uses.
                guard case .some(.text([])) = nodes.first else { return nil }
                nodes.removeFirst()
                templates[name] = nodes
            }
        } catch {
            return nil
        }
        program = TemplateProgram(templates)
    }

    /// The page as UTF-8, or nil when the template is missing or the context holds a
    /// value this renderer does not render.
    func render(_ name: String, _ context: Any) -> [UInt8]? {
        guard let body = program.body(of: name) else { return nil }
        return try? run(body, context, streamingTo: nil)
    }

    /// Renders into a streamed file, handing over finished output between the rows of
    /// a list. False when it declines, as `render` returns nil; errors of the output
    /// itself are thrown.
    func render(_ name: String, _ context: Any, into output: ChunkedOutput) throws -> Bool {
        guard let body = program.body(of: name) else { return false }
        do {
            output.append(try run(body, context, streamingTo: output))
            return true
        } catch is Unsupported {
            return false
        }
    }

    /// The output not yet handed to `stream` (all of it without one).
    private func run(_ body: Range<Int>, _ context: Any, streamingTo stream: ChunkedOutput?) throws -> [UInt8] {
        // The renderer reads the program through pointers, valid while these calls last.
        try program.ops.withUnsafeBufferPointer { ops in
            try program.text.withUnsafeBufferPointer { text in
                try program.names.withUnsafeBufferPointer { names in
                    var renderer = try TemplateRenderer(program: program, ops: ops, text: text, names: names,
                                                        context: context)
                    renderer.stream = stream
                    try renderer.render(body, indentation: nil, inherited: nil)
                    return renderer.output
                }
            }
        }
    }
}


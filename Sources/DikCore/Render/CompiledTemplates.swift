import Mustache

/// A faster renderer for the templates swift-mustache has already parsed. It takes the
/// parsed tokens as they are (so parsing, standalone lines and errors stay
/// swift-mustache's own), and renders them the way `MustacheTemplate.render` does:
/// the same name lookup up the context stack, the same truthiness, the same partial
/// and block inheritance and indentation, the same escaper. What it saves is the
/// protocol casts, name splitting and string concatenation of each lookup, which
/// were most of a build's time.
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

        init(_ name: String) {
            parts = name.split(separator: ".").map(String.init)
            keys = parts.map { ContextKey($0) }
            if name == "." || parts.isEmpty {
                scope = .current
            } else {
                scope = name.first == "." ? .top : .stack
            }
        }
    }

    struct Unsupported: Error {}

    let templates: [String: [Node]]

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
        self.templates = templates
    }

    /// swift-mustache keeps its tokens internal; reflection reads them without a copy
    /// of its parser. An unexpected shape throws, and the set falls back.
    private static func compile(_ template: MustacheTemplate) throws -> [Node] {
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value
        else { throw Unsupported() }
        return try Mirror(reflecting: tokens).children.map { try compileToken($0.value) }
    }

    private static func compileToken(_ token: Any) throws -> Node {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let (label, payload) = mirror.children.first.map({ ($0.label, $0.value) })
        else { throw Unsupported() }
        let fields = Dictionary(Mirror(reflecting: payload).children.compactMap { child in
            child.label.map { ($0, child.value) }
        }, uniquingKeysWith: { first, _ in first })
        func string(_ key: String) throws -> String {
            guard let value = fields[key] as? String else { throw Unsupported() }
            return value
        }
        func noTransforms() throws {
            guard let transforms = fields["transforms"] as? [String], transforms.isEmpty else { throw Unsupported() }
        }
        func template(_ key: String) throws -> [Node] {
            guard let value = fields[key] as? MustacheTemplate else { throw Unsupported() }
            return try compile(value)
        }
        switch label {
        case "text":
            guard let text = payload as? String else { throw Unsupported() }
            return .text(Array(text.utf8))
        case "variable", "unescapedVariable":
            try noTransforms()
            return .variable(Name(try string("name")), escaped: label == "variable")
        case "section":
            try noTransforms()
            return .section(Name(try string("name")), try template("template"))
        case "invertedSection":
            try noTransforms()
            return .inverted(Name(try string("name")), try template("template"))
        case "blockExpansion":
            return .block(try string("name"), try template("default"), indentation: fields["indentation"] as? String)
        case "partial":
            guard let name = fields[".0"] as? String else { throw Unsupported() }
            var inherits: [String: [Node]]?
            if let overrides = fields["inherits"] as? [String: MustacheTemplate] {
                inherits = try overrides.mapValues(compile)
            }
            return .partial(name, indentation: fields["indentation"] as? String, inherits: inherits)
        case "contentType":
            guard payload is ScalarHTMLContentType else { throw Unsupported() }
            return .text([])
        default:
            throw Unsupported()
        }
    }

    /// The page as UTF-8, or nil when the template is missing or the context holds a
    /// value this renderer does not render.
    func render(_ name: String, _ context: Any) -> [UInt8]? {
        guard let nodes = templates[name] else { return nil }
        return try? run(nodes, context, streamingTo: nil)
    }

    /// Renders into a streamed file, handing over finished output between the rows of
    /// a list. False when it declines, as `render` returns nil; errors of the output
    /// itself are thrown.
    func render(_ name: String, _ context: Any, into output: ChunkedOutput) throws -> Bool {
        guard let nodes = templates[name] else { return false }
        do {
            output.append(try run(nodes, context, streamingTo: output))
            return true
        } catch is Unsupported {
            return false
        }
    }

    /// The output not yet handed to `stream` (all of it without one).
    private func run(_ nodes: [Node], _ context: Any, streamingTo stream: ChunkedOutput?) throws -> [UInt8] {
        var renderer = try Renderer(templates: templates, context: context)
        renderer.stream = stream
        try renderer.render(nodes, indentation: nil, inherited: nil)
        return renderer.output
    }
}

private struct Renderer {
    typealias Node = CompiledTemplates.Node
    let templates: [String: [Node]]
    var stack: FrameStack
    var output: [UInt8] = []
    /// Where finished output goes when streaming. Output inside an indented partial or
    /// block may still get indentation inserted, so nothing is handed over while one
    /// is open.
    var stream: ChunkedOutput?
    private var openIndentations = 0

    init(templates: [String: [Node]], context: Any) throws {
        self.templates = templates
        self.stack = FrameStack(try Frame(context))
        output.reserveCapacity(16 * 1024)
    }

    /// One `MustacheTemplate.render`: indentation goes before a token's non-empty
    /// output when what this call has written so far ends in a line break.
    mutating func render(_ nodes: [Node], indentation: String?, inherited: [String: [Node]]?) throws {
        let start = output.count
        guard let indentation, !indentation.isEmpty else {
            for node in nodes { try render(node, indentation: indentation, inherited: inherited) }
            return
        }
        openIndentations += 1
        defer { openIndentations -= 1 }
        for node in nodes {
            let before = output.count
            try render(node, indentation: indentation, inherited: inherited)
            // "\r\n" is one Character, so it does not count as ending in "\n".
            if output.count > before, before > start, output[before - 1] == 10,
               before - 1 == start || output[before - 2] != 13 {
                output.insert(contentsOf: indentation.utf8, at: before)
            }
        }
    }

    private static func indent(_ outer: String?, _ inner: String?) -> String? {
        guard let inner else { return outer }
        return (outer ?? "") + inner
    }

    private mutating func render(_ node: Node, indentation: String?, inherited: [String: [Node]]?) throws {
        switch node {
        case .text(let bytes):
            output.append(contentsOf: bytes)
        case .variable(let name, let escaped):
            guard let value = try lookup(name) else { return }
            try write(value, escaped: escaped)
        case .section(let name, let nodes):
            let value = try lookup(name)
            switch try Kind(value) {
            case .none: return
            case .dictionaries(let items):
                for item in items { try render(nodes, in: .dictionary(item), indentation, inherited) }
            case .contexts(let items):
                for item in items { try render(nodes, in: .context(item.values), indentation, inherited) }
            case .stringTables(let items):
                for item in items { try render(nodes, in: .strings(item), indentation, inherited) }
            case .sequence(let items):
                for item in items { try render(nodes, in: try Frame(item), indentation, inherited) }
            case .rows(let rows):
                for index in 0..<rows.count {
                    try render(nodes, in: .context(rows.row(index).values), indentation, inherited)
                    try handOver()
                }
            case .flag(let flag):
                if flag { try render(nodes, indentation: indentation, inherited: inherited) }
            case .object(let frame):
                try render(nodes, in: frame, indentation, inherited)
            }
        case .inverted(let name, let nodes):
            let value = try lookup(name)
            switch try Kind(value) {
            case .none:
                try render(nodes, indentation: indentation, inherited: inherited)
            case .dictionaries(let items):
                guard items.isEmpty, let value else { return }
                try render(nodes, in: .leaf(value), indentation, inherited)
            case .contexts(let items):
                guard items.isEmpty, let value else { return }
                try render(nodes, in: .leaf(value), indentation, inherited)
            case .stringTables(let items):
                guard items.isEmpty, let value else { return }
                try render(nodes, in: .leaf(value), indentation, inherited)
            case .sequence(let items):
                guard items.isEmpty, let value else { return }
                try render(nodes, in: .leaf(value), indentation, inherited)
            case .rows(let rows):
                guard rows.count == 0 else { return }
                try render(nodes, in: .leaf(rows), indentation, inherited)
            case .flag(let flag):
                if !flag { try render(nodes, indentation: indentation, inherited: inherited) }
            case .object:
                return
            }
        case .block(let name, let fallback, let indented):
            try render(inherited?[name] ?? fallback, indentation: Self.indent(indentation, indented),
                       inherited: inherited)
        case .partial(let name, let indented, let overrides):
            guard let nodes = templates[name] else { return }
            var merged = inherited
            if let overrides {
                // Blocks given further out win over the partial's own.
                merged = inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            try render(nodes, indentation: Self.indent(indentation, indented), inherited: merged)
        }
    }

    /// Passes finished output to the stream once a piece's worth has gathered.
    private mutating func handOver() throws {
        guard let stream, openIndentations == 0, output.count >= stream.threshold else { return }
        stream.append(output)
        output.removeAll(keepingCapacity: true)
        try stream.flushIfFull()
    }

    private mutating func render(_ nodes: [Node], in frame: Frame, _ indentation: String?,
                                 _ inherited: [String: [Node]]?) throws {
        stack.push(frame)
        defer { stack.pop() }
        try render(nodes, indentation: indentation, inherited: inherited)
    }

    /// How swift-mustache treats a value in a section: sequences repeat, booleans
    /// decide, anything else present is pushed (even an empty string or zero).
    /// Arrays of dictionaries are kept apart so their items are pushed without a cast.
    private enum Kind {
        case none
        case dictionaries([[String: Any]])
        case contexts([ViewContext])
        case stringTables([[String: String]])
        case sequence([Any])
        case rows(ContextRows)
        case flag(Bool)
        case object(Frame)

        init(_ value: Any?) throws {
            guard let value else { self = .none; return }
            switch ObjectIdentifier(type(of: value)) {
            case ValueType.dictionaries: self = .dictionaries(exactly(value, [[String: Any]].self))
            case ValueType.contexts: self = .contexts(exactly(value, [ViewContext].self))
            case ValueType.stringTables: self = .stringTables(exactly(value, [[String: String]].self))
            case ValueType.strings: self = .sequence(exactly(value, [String].self))
            case ValueType.anys: self = .sequence(exactly(value, [Any].self))
            case ValueType.ints: self = .sequence(exactly(value, [Int].self))
            case ValueType.rows: self = .rows(exactly(value, ContextRows.self))
            case ValueType.bool: self = .flag(exactly(value, Bool.self))
            default: self = .object(try Frame(value))
            }
        }
    }

    private func lookup(_ name: CompiledTemplates.Name) throws -> Any? {
        switch name.scope {
        case .current:
            return stack.topValue
        case .top:
            guard let first = stack.child(at: stack.count - 1, name, part: 0) else { return nil }
            return name.parts.count == 1 ? first : try descend(first, name)
        case .stack:
            var index = stack.count - 1
            while index >= 0 {
                if let found = stack.child(at: index, name, part: 0) {
                    return name.parts.count == 1 ? found : try descend(found, name)
                }
                index -= 1
            }
            return nil
        }
    }

    /// The name's parts after the first, looked up from `object` one in the next.
    private func descend(_ object: Any, _ name: CompiledTemplates.Name) throws -> Any? {
        var current = object
        for part in 1..<name.parts.count {
            guard let next = try Frame(current).child(name, part: part) else { return nil }
            current = next
        }
        return current
    }

    private mutating func write(_ value: Any, escaped: Bool) throws {
        switch ObjectIdentifier(type(of: value)) {
        case ValueType.string:
            let text = exactly(value, String.self)
            if escaped { appendEscaped(text) } else { output.append(contentsOf: text.utf8) }
        case ValueType.int:
            output.append(contentsOf: String(exactly(value, Int.self)).utf8)
        case ValueType.bool:
            output.append(contentsOf: (exactly(value, Bool.self) ? "true" : "false").utf8)
        default: throw CompiledTemplates.Unsupported()
        }
    }

    /// HTMLEscaping's five characters are ASCII, so escaping the UTF-8 bytes is
    /// escaping scalar by scalar; the runs between them are copied whole.
    private mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let entity: StaticString
                switch bytes[index] {
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x26: entity = "&amp;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start,
                                                              count: entity.utf8CodeUnitCount))
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}

/// The context stack, each frame's payload kept in an array of its own kind: a
/// name looked up down the stack reads each dictionary where it lies, where an
/// array of `Frame` values copied every frame it passed (a fifth of the renderer's
/// instructions).
private struct FrameStack {
    private enum Kind { case context, dictionary, strings, leaf }
    private var frames: [(kind: Kind, slot: Int)] = []
    private var contexts: [[ContextKey: Any]] = []
    private var dictionaries: [[String: Any]] = []
    private var tables: [[String: String]] = []
    private var leaves: [Any] = []

    init(_ bottom: Frame) { push(bottom) }

    var count: Int { frames.count }

    mutating func push(_ frame: Frame) {
        switch frame {
        case .context(let context):
            frames.append((.context, contexts.count))
            contexts.append(context)
        case .dictionary(let dictionary):
            frames.append((.dictionary, dictionaries.count))
            dictionaries.append(dictionary)
        case .strings(let strings):
            frames.append((.strings, tables.count))
            tables.append(strings)
        case .leaf(let value):
            frames.append((.leaf, leaves.count))
            leaves.append(value)
        }
    }

    mutating func pop() {
        switch frames.removeLast().kind {
        case .context: contexts.removeLast()
        case .dictionary: dictionaries.removeLast()
        case .strings: tables.removeLast()
        case .leaf: leaves.removeLast()
        }
    }

    func child(at index: Int, _ name: CompiledTemplates.Name, part: Int) -> Any? {
        let frame = frames[index]
        switch frame.kind {
        case .context: return contexts[frame.slot][name.keys[part]]
        case .dictionary: return dictionaries[frame.slot][name.parts[part]]
        case .strings: return tables[frame.slot][name.parts[part]]
        case .leaf: return nil
        }
    }

    var topValue: Any? {
        guard let frame = frames.last else { return nil }
        switch frame.kind {
        case .context: return ViewContext(values: contexts[frame.slot])
        case .dictionary: return dictionaries[frame.slot]
        case .strings: return tables[frame.slot]
        case .leaf: return leaves[frame.slot]
        }
    }
}

/// One object on the context stack, its type found once when it is pushed rather
/// than on every name looked up in it.
private enum Frame {
    case context([ContextKey: Any])
    case dictionary([String: Any])
    case strings([String: String])
    /// Strings, numbers, booleans and arrays: no named children (as their mirrors
    /// have no labelled ones).
    case leaf(Any)

    init(_ value: Any) throws {
        switch ObjectIdentifier(type(of: value)) {
        case ValueType.context: self = .context(exactly(value, ViewContext.self).values)
        case ValueType.dictionary: self = .dictionary(exactly(value, [String: Any].self))
        case ValueType.stringTable: self = .strings(exactly(value, [String: String].self))
        case ValueType.string, ValueType.int, ValueType.bool, ValueType.dictionaries, ValueType.contexts,
             ValueType.stringTables,
             ValueType.strings, ValueType.anys, ValueType.ints, ValueType.rows:
            self = .leaf(value)
        default: throw CompiledTemplates.Unsupported()
        }
    }

    var value: Any {
        switch self {
        case .context(let values): return ViewContext(values: values)
        case .dictionary(let dictionary): return dictionary
        case .strings(let strings): return strings
        case .leaf(let value): return value
        }
    }

    func child(_ name: CompiledTemplates.Name, part: Int) -> Any? {
        switch self {
        case .context(let values): return values[name.keys[part]]
        case .dictionary(let dictionary): return dictionary[name.parts[part]]
        case .strings(let strings): return strings[name.parts[part]]
        case .leaf: return nil
        }
    }
}

/// The value types the views build, the only ones this renderer prints or enters.
private enum ValueType {
    static let string = ObjectIdentifier(String.self)
    static let int = ObjectIdentifier(Int.self)
    static let bool = ObjectIdentifier(Bool.self)
    static let context = ObjectIdentifier(ViewContext.self)
    static let contexts = ObjectIdentifier([ViewContext].self)
    static let dictionary = ObjectIdentifier([String: Any].self)
    static let stringTable = ObjectIdentifier([String: String].self)
    static let dictionaries = ObjectIdentifier([[String: Any]].self)
    static let stringTables = ObjectIdentifier([[String: String]].self)
    static let strings = ObjectIdentifier([String].self)
    static let anys = ObjectIdentifier([Any].self)
    static let ints = ObjectIdentifier([Int].self)
    static let rows = ObjectIdentifier(ContextRows.self)
}

/// The value inside `value`, whose dynamic type the caller has just compared with
/// `T`: a reinterpretation instead of a full dynamic cast on every lookup.
private func exactly<T>(_ value: Any, _ type: T.Type) -> T {
    func open<Stored>(_ stored: Stored) -> T {
        precondition(Stored.self == T.self)
        return unsafeBitCast(stored, to: T.self)
    }
    return _openExistential(value, do: open)
}

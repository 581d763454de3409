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

        init(_ name: String) {
            parts = name.split(separator: ".").map(String.init)
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
        var renderer = Renderer(templates: templates, stack: [context])
        do {
            try renderer.render(nodes, indentation: nil, inherited: nil)
        } catch {
            return nil
        }
        return renderer.output
    }
}

private struct Renderer {
    typealias Node = CompiledTemplates.Node
    let templates: [String: [Node]]
    var stack: [Any]
    var output: [UInt8] = []

    init(templates: [String: [Node]], stack: [Any]) {
        self.templates = templates
        self.stack = stack
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
            case .sequence(let items):
                for item in items {
                    stack.append(item)
                    try render(nodes, indentation: indentation, inherited: inherited)
                    stack.removeLast()
                }
            case .rows(let rows):
                for index in 0..<rows.count {
                    stack.append(rows.row(index))
                    try render(nodes, indentation: indentation, inherited: inherited)
                    stack.removeLast()
                }
            case .flag(let flag):
                if flag { try render(nodes, indentation: indentation, inherited: inherited) }
            case .object(let object):
                stack.append(object)
                try render(nodes, indentation: indentation, inherited: inherited)
                stack.removeLast()
            }
        case .inverted(let name, let nodes):
            let value = try lookup(name)
            switch try Kind(value) {
            case .none:
                try render(nodes, indentation: indentation, inherited: inherited)
            case .sequence(let items):
                guard items.isEmpty, let value else { return }
                stack.append(value)
                try render(nodes, indentation: indentation, inherited: inherited)
                stack.removeLast()
            case .rows(let rows):
                guard rows.count == 0 else { return }
                stack.append(rows)
                try render(nodes, indentation: indentation, inherited: inherited)
                stack.removeLast()
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

    /// How swift-mustache treats a value in a section: sequences repeat, booleans
    /// decide, anything else present is pushed (even an empty string or zero).
    private enum Kind {
        case none
        case sequence([Any])
        case rows(ContextRows)
        case flag(Bool)
        case object(Any)

        init(_ value: Any?) throws {
            guard let value else { self = .none; return }
            switch ObjectIdentifier(type(of: value)) {
            case ObjectIdentifier([[String: Any]].self): self = .sequence((value as? [[String: Any]]) ?? [])
            case ObjectIdentifier([String].self): self = .sequence((value as? [String]) ?? [])
            case ObjectIdentifier([Any].self): self = .sequence((value as? [Any]) ?? [])
            case ObjectIdentifier([Int].self): self = .sequence((value as? [Int]) ?? [])
            case ObjectIdentifier(ContextRows.self):
                guard let rows = value as? ContextRows else { throw CompiledTemplates.Unsupported() }
                self = .rows(rows)
            case ObjectIdentifier(Bool.self): self = .flag((value as? Bool) ?? false)
            case ObjectIdentifier([String: Any].self), ObjectIdentifier([String: String].self),
                 ObjectIdentifier(String.self), ObjectIdentifier(Int.self):
                self = .object(value)
            default: throw CompiledTemplates.Unsupported()
            }
        }
    }

    private func lookup(_ name: CompiledTemplates.Name) throws -> Any? {
        guard let top = stack.last else { return nil }
        switch name.scope {
        case .current:
            return top
        case .top:
            return try descend(top, name.parts[...])
        case .stack:
            for object in stack.reversed() {
                if let found = try child(name.parts[0], of: object) {
                    return try descend(found, name.parts.dropFirst())
                }
            }
            return nil
        }
    }

    private func descend(_ object: Any, _ parts: ArraySlice<String>) throws -> Any? {
        var current = object
        for part in parts {
            guard let next = try child(part, of: current) else { return nil }
            current = next
        }
        return current
    }

    /// A dictionary's entry; strings, numbers, booleans and arrays have none (as
    /// their mirrors have no labelled children).
    private func child(_ name: String, of object: Any) throws -> Any? {
        switch ObjectIdentifier(type(of: object)) {
        case ObjectIdentifier([String: Any].self): return (object as? [String: Any])?[name]
        case ObjectIdentifier([String: String].self): return (object as? [String: String])?[name]
        case ObjectIdentifier(String.self), ObjectIdentifier(Int.self), ObjectIdentifier(Bool.self),
             ObjectIdentifier([[String: Any]].self), ObjectIdentifier([String].self), ObjectIdentifier([Any].self),
             ObjectIdentifier([Int].self), ObjectIdentifier(ContextRows.self):
            return nil
        default: throw CompiledTemplates.Unsupported()
        }
    }

    private mutating func write(_ value: Any, escaped: Bool) throws {
        let text: String
        switch ObjectIdentifier(type(of: value)) {
        case ObjectIdentifier(String.self): text = (value as? String) ?? ""
        case ObjectIdentifier(Int.self): text = String((value as? Int) ?? 0)
        case ObjectIdentifier(Bool.self): text = (value as? Bool) == true ? "true" : "false"
        default: throw CompiledTemplates.Unsupported()
        }
        guard escaped else {
            output.append(contentsOf: text.utf8)
            return
        }
        // HTMLEscaping's five characters are ASCII, so escaping the UTF-8 bytes is
        // escaping scalar by scalar.
        for byte in text.utf8 {
            switch byte {
            case 0x3C: output.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])
            case 0x3E: output.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])
            case 0x26: output.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])
            case 0x22: output.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])
            case 0x27: output.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])
            default: output.append(byte)
            }
        }
    }
}

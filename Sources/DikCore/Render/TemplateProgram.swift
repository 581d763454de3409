/// Compiled templates laid out flat for rendering: every template's instructions in
/// one array, each section followed by its body and pointing past it, and the text of
/// all of them in one buffer. The renderer walks indices into plain values; walking
/// a tree of nodes, each holding arrays and strings, retained and released every one
/// of them on the way (the largest share of a page's rendering).
struct TemplateProgram: Sendable {
    enum Op: Sendable {
        /// Bytes `start..<end` of `text`.
        case text(start: Int32, end: Int32)
        case variable(name: Int32, escaped: Bool)
        /// The section's body is the ops after it, up to `end`.
        case section(name: Int32, end: Int32)
        case inverted(name: Int32, end: Int32)
        /// The block's own body follows it, up to `end`; its name and indentation are
        /// in `strings` (-1: no indentation).
        case block(name: Int32, end: Int32, indentation: Int32)
        /// `template` is -1 when no template has the partial's name; the blocks it
        /// overrides (`overrides`, -1 for none) have their bodies after it, up to `end`.
        case partial(template: Int32, indentation: Int32, overrides: Int32, end: Int32)
    }

    private(set) var ops: [Op] = []
    private(set) var text: [UInt8] = []
    private(set) var names: [CompiledTemplates.Name] = []
    private(set) var strings: [String] = []
    /// For each partial that overrides blocks: block name -> the body given for it.
    private(set) var overrides: [[String: Range<Int>]] = []
    /// Each template's ops, by the template's number.
    private(set) var bodies: [Range<Int>] = []
    private(set) var numbers: [String: Int] = [:]

    init(_ templates: [String: [CompiledTemplates.Node]]) {
        for (number, name) in templates.keys.sorted().enumerated() { numbers[name] = number }
        for name in templates.keys.sorted() {
            bodies.append(append(templates[name] ?? []))
        }
    }

    func body(of template: String) -> Range<Int>? { numbers[template].map { bodies[$0] } }

    private mutating func append(_ nodes: [CompiledTemplates.Node]) -> Range<Int> {
        let start = ops.count
        for node in nodes { append(node) }
        return start..<ops.count
    }

    private mutating func append(_ node: CompiledTemplates.Node) {
        switch node {
        case .text(let bytes):
            ops.append(.text(start: Int32(text.count), end: Int32(text.count + bytes.count)))
            text += bytes
        case .variable(let name, let escaped):
            ops.append(.variable(name: number(of: name), escaped: escaped))
        case .section(let name, let body):
            let name = number(of: name)
            let at = reserve()
            let end = append(body).upperBound
            ops[at] = .section(name: name, end: Int32(end))
        case .inverted(let name, let body):
            let name = number(of: name)
            let at = reserve()
            let end = append(body).upperBound
            ops[at] = .inverted(name: name, end: Int32(end))
        case .block(let name, let body, let indentation):
            let name = number(of: name)
            let indentation = indentation.map { number(of: $0) } ?? -1
            let at = reserve()
            let end = append(body).upperBound
            ops[at] = .block(name: name, end: Int32(end), indentation: indentation)
        case .partial(let name, let indentation, let inherits):
            let template = numbers[name].map(Int32.init) ?? -1
            let indentation = indentation.map { number(of: $0) } ?? -1
            let at = reserve()
            var given: [String: Range<Int>] = [:]
            for (block, body) in (inherits ?? [:]).sorted(by: { $0.key < $1.key }) { given[block] = append(body) }
            let overrides: Int32
            if inherits == nil {
                overrides = -1
            } else {
                overrides = Int32(self.overrides.count)
                self.overrides.append(given)
            }
            ops[at] = .partial(template: template, indentation: indentation, overrides: overrides,
                               end: Int32(ops.count))
        }
    }

    /// A place for an op whose end is known once its body is laid out.
    private mutating func reserve() -> Int {
        ops.append(.text(start: 0, end: 0))
        return ops.count - 1
    }

    private mutating func number(of name: CompiledTemplates.Name) -> Int32 {
        names.append(name)
        return Int32(names.count - 1)
    }

    private mutating func number(of string: String) -> Int32 {
        strings.append(string)
        return Int32(strings.count - 1)
    }
}

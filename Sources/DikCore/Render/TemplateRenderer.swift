/// One page's rendering of a `TemplateProgram`, as `MustacheTemplate.render` would
/// render the templates it was compiled from.
struct TemplateRenderer {
    typealias Blocks = [String: Range<Int>]
    let program: TemplateProgram
    let ops: UnsafeBufferPointer<TemplateProgram.Op>
    let text: UnsafeBufferPointer<UInt8>
    let names: UnsafeBufferPointer<CompiledTemplates.Name>
    var stack: FrameStack
    var output: [UInt8] = []
    /// Where finished output goes when streaming. Output inside an indented partial or
    /// block may still get indentation inserted, so nothing is handed over while one
    /// is open.
    var stream: ChunkedOutput?
    private var openIndentations = 0

    init(program: TemplateProgram, ops: UnsafeBufferPointer<TemplateProgram.Op>, text: UnsafeBufferPointer<UInt8>,
         names: UnsafeBufferPointer<CompiledTemplates.Name>, context: Any) throws {
        (self.program, self.ops, self.text, self.names) = (program, ops, text, names)
        self.stack = FrameStack(try Frame(context))
        output.reserveCapacity(16 * 1024)
    }

    /// One `MustacheTemplate.render`: indentation goes before a token's non-empty
    /// output when what this call has written so far ends in a line break.
    mutating func render(_ body: Range<Int>, indentation: String?, inherited: Blocks?) throws {
        let start = output.count
        var index = body.lowerBound
        guard let indentation, !indentation.isEmpty else {
            while index < body.upperBound { index = try step(index, indentation: indentation, inherited: inherited) }
            return
        }
        openIndentations += 1
        defer { openIndentations -= 1 }
        while index < body.upperBound {
            let before = output.count
            index = try step(index, indentation: indentation, inherited: inherited)
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

    /// Renders the op at `index` with the body it owns, as one token of the template;
    /// returns the index of the op after them.
    private mutating func step(_ index: Int, indentation: String?, inherited: Blocks?) throws -> Int {
        switch ops[index] {
        case .text(let start, let end):
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[Int(start)..<Int(end)]))
            return index + 1
        case .variable(let name, let escaped):
            if let value = try lookup(Int(name)) { try write(value, escaped: escaped) }
            return index + 1
        case .section(let name, let end):
            try section(Int(name), index + 1..<Int(end), indentation: indentation, inherited: inherited)
            return Int(end)
        case .inverted(let name, let end):
            try inverted(Int(name), index + 1..<Int(end), indentation: indentation, inherited: inherited)
            return Int(end)
        case .block(let name, let end, let indented):
            let body = inherited?[program.strings[Int(name)]] ?? index + 1..<Int(end)
            try render(body, indentation: indent(indentation, indentation: indented), inherited: inherited)
            return Int(end)
        case .partial(let template, let indented, let overrides, let end):
            guard template >= 0 else { return Int(end) }
            var merged = inherited
            if overrides >= 0 {
                let given = program.overrides[Int(overrides)]
                // Blocks given further out win over the partial's own.
                merged = inherited.map { $0.merging(given) { outer, _ in outer } } ?? given
            }
            try render(program.bodies[Int(template)], indentation: indent(indentation, indentation: indented),
                       inherited: merged)
            return Int(end)
        }
    }

    private func indent(_ outer: String?, indentation inner: Int32) -> String? {
        Self.indent(outer, inner < 0 ? nil : program.strings[Int(inner)])
    }

    private mutating func section(_ name: Int, _ body: Range<Int>, indentation: String?, inherited: Blocks?) throws {
        let value = try lookup(name)
        switch try Kind(value) {
        case .none: return
        case .dictionaries(let items):
            for item in items { try render(body, in: .dictionary(item), indentation, inherited) }
        case .contexts(let items):
            for item in items { try render(body, in: .context(item.values), indentation, inherited) }
        case .stringTables(let items):
            for item in items { try render(body, in: .strings(item), indentation, inherited) }
        case .sequence(let items):
            for item in items { try render(body, in: try Frame(item), indentation, inherited) }
        case .rows(let rows):
            for index in 0..<rows.count {
                try render(body, in: .context(rows.row(index).values), indentation, inherited)
                try handOver()
            }
        case .flag(let flag):
            if flag { try render(body, indentation: indentation, inherited: inherited) }
        case .object(let frame):
            try render(body, in: frame, indentation, inherited)
        }
    }

    /// An inverted section renders for a missing value, a false flag or an empty list
    /// (which is then the current object, as swift-mustache pushes it).
    private mutating func inverted(_ name: Int, _ body: Range<Int>, indentation: String?, inherited: Blocks?) throws {
        let value = try lookup(name)
        let isEmpty: Bool
        switch try Kind(value) {
        case .none:
            try render(body, indentation: indentation, inherited: inherited)
            return
        case .flag(let flag):
            if !flag { try render(body, indentation: indentation, inherited: inherited) }
            return
        case .object:
            return
        case .dictionaries(let items): isEmpty = items.isEmpty
        case .contexts(let items): isEmpty = items.isEmpty
        case .stringTables(let items): isEmpty = items.isEmpty
        case .sequence(let items): isEmpty = items.isEmpty
        case .rows(let rows): isEmpty = rows.count == 0
        }
        guard isEmpty, let value else { return }
        try render(body, in: .leaf(value), indentation, inherited)
    }

    /// Passes finished output to the stream once a piece's worth has gathered.
    private mutating func handOver() throws {
        guard let stream, openIndentations == 0, output.count >= stream.threshold else { return }
        stream.append(output)
        output.removeAll(keepingCapacity: true)
        try stream.flushIfFull()
    }

    private mutating func render(_ body: Range<Int>, in frame: Frame, _ indentation: String?,
                                 _ inherited: Blocks?) throws {
        stack.push(frame)
        defer { stack.pop() }
        try render(body, indentation: indentation, inherited: inherited)
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

    private func lookup(_ number: Int) throws -> Any? {
        // Through the pointer: a copy of the name retained and released its arrays.
        let name = names.baseAddress.unsafelyUnwrapped + number
        if name.pointee.scope == .current { return stack.topValue }
        // A name written with a leading dot is looked up in the top frame only.
        let lowest = name.pointee.scope == .top ? stack.count - 1 : 0
        var index = stack.count - 1
        while index >= lowest {
            if let found = stack.child(at: index, name.pointee.firstKey, name.pointee.firstPart) {
                return name.pointee.parts.count == 1 ? found : try descend(found, name.pointee)
            }
            index -= 1
        }
        return nil
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
        text.withUTF8Bytes { appendEscaped($0) }
    }

    private mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
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

/// The context stack, each frame's payload kept in an array of its own kind: a
/// name looked up down the stack reads each dictionary where it lies, where an
/// array of `Frame` values copied every frame it passed (a fifth of the renderer's
/// instructions).
struct FrameStack {
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

    func child(at index: Int, _ key: ContextKey, _ part: String) -> Any? {
        let frame = frames[index]
        switch frame.kind {
        case .context: return contexts[frame.slot][key]
        case .dictionary: return dictionaries[frame.slot][part]
        case .strings: return tables[frame.slot][part]
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
enum Frame {
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
enum ValueType {
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
func exactly<T>(_ value: Any, _ type: T.Type) -> T {
    func open<Stored>(_ stored: Stored) -> T {
        precondition(Stored.self == T.self)
        return unsafeBitCast(stored, to: T.self)
    }
    return _openExistential(value, do: open)
}

/// Reads typed values out of YAML nodes, recording a diagnostic with the node's
/// position for anything that does not fit.
struct NodeReader {
    let path: String
    /// Line of the file where the YAML text starts.
    let firstLine: Int
    var diagnostics: [Diagnostic] = []
    /// Unknown keys inside the format's maps (`penetapan.catatan`): kept, like unknown
    /// keys at the top, as internal data for the internal site and the leak audit.
    var nestedUnknown: [InternalField] = []

    /// An unknown key inside one of the format's maps: warned about, kept as internal.
    mutating func keepUnknown(_ fullKey: String, suggestion: String?, pair: (key: String, keyNode: YAMLNode, value: YAMLNode)) {
        warning(.unknownKey(key: fullKey, suggestion: suggestion), at: pair.keyNode)
        nestedUnknown.append(InternalField(key: fullKey, value: internalValue(pair.value)))
    }

    func location(of node: YAMLNode?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(path: path, line: max(firstLine - 1, 1), column: 1) }
        return SourceLocation(path: path, line: mark.line + firstLine - 1, column: mark.column)
    }

    mutating func error(_ problem: Problem, at node: YAMLNode?) {
        diagnostics.append(.error(problem, at: location(of: node)))
    }

    mutating func warning(_ problem: Problem, at node: YAMLNode?) {
        diagnostics.append(.warning(problem, at: location(of: node)))
    }

    static func isNull(_ node: YAMLNode) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        if scalar.style != .plain { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A scalar as text; numbers and dates are taken as written.
    mutating func text(_ node: YAMLNode, key: String, limit: Int? = InputLimits.maxPublicTextLength) -> String? {
        guard case .scalar(let scalar) = node else {
            error(.wrongType(key: key, expected: .text), at: node)
            return nil
        }
        let value = scalar.string.trimmingWhitespace()
        if let limit, value.count > limit {
            error(.valueTooLong(key: key, length: value.count, limit: limit), at: node)
            return nil
        }
        if value.isEmpty {
            error(.emptyValue(key: key), at: node)
            return nil
        }
        return value
    }

    mutating func textList(_ node: YAMLNode, key: String) -> [String]? {
        if case .scalar = node, !Self.isNull(node) {
            // A single value written without brackets is what an officer means by a list of one.
            return text(node, key: key).map { [$0] }
        }
        guard case .sequence(let sequence, _) = node else {
            error(.wrongType(key: key, expected: .listOfText), at: node)
            return nil
        }
        var values: [String] = []
        for item in sequence {
            if let value = text(item, key: key) { values.append(value) }
        }
        return values
    }

    mutating func date(_ node: YAMLNode, key: String) -> LocalDate? {
        guard case .scalar(let scalar) = node else {
            error(.wrongType(key: key, expected: .date), at: node)
            return nil
        }
        let raw = scalar.string.trimmingWhitespace()
        guard let date = LocalDate(iso: raw) else {
            error(.invalidDate(key: key, value: raw), at: node)
            return nil
        }
        return date
    }

    mutating func bool(_ node: YAMLNode, key: String) -> Bool? {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            switch scalar.string {
            case "true", "True", "TRUE", "ya", "Ya": return true
            case "false", "False", "FALSE", "tidak", "Tidak": return false
            default: break
            }
        }
        error(.wrongType(key: key, expected: .boolean), at: node)
        return nil
    }

    mutating func integer(_ node: YAMLNode, key: String) -> Int? {
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) {
            return value
        }
        error(.wrongType(key: key, expected: .integer), at: node)
        return nil
    }

    mutating func mapping(_ node: YAMLNode, key: String) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)]? {
        guard case .mapping(let mapping, _) = node else {
            error(.wrongType(key: key, expected: .mapping), at: node)
            return nil
        }
        var pairs: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
        for pair in mapping {
            guard case .scalar(let scalar) = pair.key else {
                error(.wrongType(key: key, expected: .mapping), at: pair.key)
                continue
            }
            pairs.append((scalar.string, pair.key, pair.value))
        }
        return pairs
    }

    /// Any YAML value, kept as-is for the internal site.
    func internalValue(_ node: YAMLNode, depth: Int = 0) -> InternalValue {
        switch node {
        case .scalar(let scalar):
            return .text(scalar.string)
        case .sequence(let sequence, _):
            guard depth < InputLimits.maxNesting else { return .text("…") }
            return .list(sequence.map { internalValue($0, depth: depth + 1) })
        case .mapping(let mapping, _):
            guard depth < InputLimits.maxNesting else { return .text("…") }
            return .map(mapping.map { pair in
                InternalField(key: pair.key.string ?? "?", value: internalValue(pair.value, depth: depth + 1))
            })
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        // Most values have nothing to trim: keep their storage instead of rebuilding
        // them scalar by scalar.
        if let first = scalars.first, let last = scalars.last, !first.properties.isWhitespace,
           !last.properties.isWhitespace {
            return String(self)
        }
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

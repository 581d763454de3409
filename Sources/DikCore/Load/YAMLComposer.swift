import Yams

/// YAML text to a node tree, refusing what the register never needs.
///
/// Most front matter is in the subset `BlockYAML` reads on its own; the rest goes
/// to Yams. `YAMLGuard` reads that text first; the composed tree is then walked once more,
/// without recursion, while the parser is still alive (Yams keeps anchors only as
/// weak references that die with it). Any anchored node, or nesting deeper than
/// `InputLimits.maxNesting`, is refused here even if the lexical pass missed it, so
/// nothing downstream ever walks a shared or deep tree.
enum YAMLComposer {
    enum Outcome {
        case document(YAMLNode?)
        case refused([LocatedProblem])
        case failed(Error)
    }

    /// Yams works its encoding out from the environment on every parse unless told;
    /// the environment does not change during a build. (Kept as a flag: Yams does not
    /// mark `Parser.Encoding` sendable.)
    private static let defaultEncodingIsUTF16 = Parser.Encoding.default == .utf16
    private static var encoding: Parser.Encoding { defaultEncodingIsUTF16 ? .utf16 : .utf8 }

    static func compose(_ yaml: String) -> Outcome {
        if let root = BlockYAML.parse(yaml) { return .document(root) }
        return composeWithYams(yaml)
    }

    /// What `compose` gives for any text, without the shortcut: the reference
    /// `BlockYAML` is tested against.
    static func composeWithYams(_ yaml: String) -> Outcome {
        let guardProblems = YAMLGuard.scan(yaml)
        if !guardProblems.isEmpty { return .refused(guardProblems) }
        if let root = composeWithoutResolvingTags(yaml) { return .document(root.map(YAMLNode.init)) }
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: yaml, encoding: encoding)
            root = try parser.singleRoot()
        } catch {
            return .failed(error)
        }
        return withExtendedLifetime(parser) {
            let problems = structuralProblems(root)
            guard problems.isEmpty else { return .refused(problems) }
            let document = root.map(YAMLNode.init)
            let repeated = repeatedKeys(document)
            return repeated.isEmpty ? .document(document) : .refused(repeated)
        }
    }

    /// Keys of one mapping that are the same text. Yams compares keys with their
    /// resolved tags, so `1` and `"1"` are two keys to it; to the register, which
    /// reads text, they are one, and the later would silently win.
    static func repeatedKeys(_ root: YAMLNode?) -> [LocatedProblem] {
        guard let root else { return [] }
        var pending = [root]
        var problems: [LocatedProblem] = []
        while let node = pending.popLast() {
            switch node {
            case .scalar: continue
            case .sequence(let items, _): pending.append(contentsOf: items)
            case .mapping(let pairs, _):
                var seen = Set<String>(minimumCapacity: pairs.count)
                for pair in pairs {
                    pending.append(pair.value)
                    guard let text = pair.key.string else { continue }
                    if !seen.insert(text).inserted {
                        problems.append(LocatedProblem(.duplicateKey(key: text), line: pair.key.mark?.line ?? 1,
                                                       column: pair.key.mark?.column ?? 1))
                    }
                }
            }
        }
        return problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The document as the default resolver would compose it, where that is certain
    /// without resolving tags; nil sends the caller to the full parse.
    ///
    /// Yams checks every mapping for duplicate keys by hashing its key nodes, and a
    /// key's hash includes its resolved tag: with the default resolver that is up to
    /// seven regular expressions per key, most of the time spent composing. The basic
    /// resolver resolves every untagged scalar to `str` at no cost. The two can only
    /// disagree on whether two keys of one mapping are the same, and keys can only be
    /// the same when their texts are equal (or when a key is a collection). So a
    /// document that parses cleanly and has no such keys composes to the same tree
    /// either way (the register reads text, style and position, never tags), and
    /// anything else, any error included, is left to the default resolver so that
    /// every message stays exactly as it was.
    static func composeWithoutResolvingTags(_ yaml: String) -> Node?? {
        guard let parser = try? Parser(yaml: yaml, resolver: .basic, encoding: encoding),
              let root = try? parser.singleRoot()
        else { return nil }
        return withExtendedLifetime(parser) {
            guard structuralProblems(root).isEmpty, !mayHaveEqualKeys(root) else { return nil }
            return .some(root)
        }
    }

    /// Whether any mapping has two keys of equal text, or a key that is not a scalar.
    /// Only walked once `structuralProblems` found the tree shallow and unshared.
    static func mayHaveEqualKeys(_ root: Node?) -> Bool {
        guard let root else { return false }
        var pending = [root]
        while let node = pending.popLast() {
            switch node {
            case .scalar, .alias:
                continue
            case .sequence(let sequence):
                pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                var keys = Set<String>(minimumCapacity: mapping.count)
                for (key, value) in mapping {
                    guard case .scalar(let scalar) = key, keys.insert(scalar.string).inserted else { return true }
                    pending.append(value)
                }
            }
        }
        return false
    }

    /// The first anchored node and the first node nested too deep, if any.
    static func structuralProblems(_ root: Node?) -> [LocatedProblem] {
        guard let root else { return [] }
        var pending: [(node: Node, depth: Int)] = [(root, 1)]
        var problems: [LocatedProblem] = []
        var reportedDepth = false
        while let (node, depth) = pending.popLast() {
            if hasAnchor(node) {
                problems.append(located(.yamlAliasNotAllowed, node))
                break
            }
            switch node {
            case .scalar, .alias:
                continue
            case .sequence(let sequence):
                if depth > InputLimits.maxNesting, !reportedDepth {
                    problems.append(located(.nestingTooDeep(limit: InputLimits.maxNesting), node))
                    reportedDepth = true
                    continue
                }
                for item in sequence.reversed() { pending.append((item, depth + 1)) }
            case .mapping(let mapping):
                if depth > InputLimits.maxNesting, !reportedDepth {
                    problems.append(located(.nestingTooDeep(limit: InputLimits.maxNesting), node))
                    reportedDepth = true
                    continue
                }
                for (key, value) in mapping.reversed() {
                    pending.append((value, depth + 1))
                    pending.append((key, depth + 1))
                }
            }
        }
        return problems
    }

    private static func hasAnchor(_ node: Node) -> Bool {
        switch node {
        case .scalar(let scalar): scalar.anchor != nil
        case .sequence(let sequence): sequence.anchor != nil
        case .mapping(let mapping): mapping.anchor != nil
        case .alias: true
        }
    }

    private static func located(_ problem: Problem, _ node: Node) -> LocatedProblem {
        LocatedProblem(problem, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }
}

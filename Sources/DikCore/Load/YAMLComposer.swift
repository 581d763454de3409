import Yams

/// YAML text to a Yams node tree, refusing what the register never needs.
///
/// `YAMLGuard` reads the text first; the composed tree is then walked once more,
/// without recursion, while the parser is still alive (Yams keeps anchors only as
/// weak references that die with it). Any anchored node, or nesting deeper than
/// `InputLimits.maxNesting`, is refused here even if the lexical pass missed it, so
/// nothing downstream ever walks a shared or deep tree.
enum YAMLComposer {
    enum Outcome {
        case document(Node?)
        case refused([LocatedProblem])
        case failed(Error)
    }

    static func compose(_ yaml: String) -> Outcome {
        let guardProblems = YAMLGuard.scan(yaml)
        if !guardProblems.isEmpty { return .refused(guardProblems) }
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: yaml)
            root = try parser.singleRoot()
        } catch {
            return .failed(error)
        }
        let problems = withExtendedLifetime(parser) { structuralProblems(root) }
        return problems.isEmpty ? .document(root) : .refused(problems)
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

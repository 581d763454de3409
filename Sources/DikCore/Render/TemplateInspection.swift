import Mustache

/// What a parsed template really does, read from swift-mustache's tokens rather than
/// from its text: text can change its delimiters (`{{=<% %>=}}`) or hide a tag in a
/// way a scan of the text misses, the parsed tokens cannot.
struct TemplateInspection {
    /// Variables printed without escaping, as written (`a.b`).
    var rawVariables: [String] = []
    /// Partials and parents it includes (`{{> x}}`, `{{< x}}`), in order of first use.
    var partials: [String] = []

    /// Nil when a token is of a kind dik does not render (another content type, a
    /// transform, a lambda): such a template is refused.
    init?(_ template: MustacheTemplate) {
        guard let nodes = try? CompiledTemplates.compile(template) else { return nil }
        // The first token is the scalar-safe content type `TemplateSet` puts in front;
        // any other content-type token makes `compile` throw.
        visit(nodes)
    }

    private mutating func visit(_ nodes: [CompiledTemplates.Node]) {
        for node in nodes {
            switch node {
            case .text: continue
            case .variable(let name, let escaped):
                if !escaped { rawVariables.append(name.parts.joined(separator: ".")) }
            case .section(_, let body), .inverted(_, let body), .block(_, let body, _):
                visit(body)
            case .partial(let name, _, let inherits):
                if !partials.contains(name) { partials.append(name) }
                for key in (inherits ?? [:]).keys.sorted() { visit(inherits?[key] ?? []) }
            }
        }
    }

    /// Each cycle of partials once, as the chain of names from its first member
    /// (in name order) back to itself. A cycle makes rendering recurse without end.
    static func partialCycles(_ graph: [String: [String]]) -> [[String]] {
        var cycles: [[String]] = []
        var reported = Set<String>()
        for start in graph.keys.sorted() where !reported.contains(start) {
            // Depth-first from `start`, looking for a way back to it.
            var stack: [(name: String, next: Int)] = [(start, 0)]
            var onPath: Set<String> = [start]
            var visited: Set<String> = [start]
            while let top = stack.last {
                let edges = graph[top.name] ?? []
                guard top.next < edges.count else {
                    onPath.remove(top.name)
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let target = edges[top.next]
                if target == start {
                    let chain = stack.map(\.name) + [start]
                    cycles.append(chain)
                    reported.formUnion(chain)
                    break
                }
                if !onPath.contains(target), visited.insert(target).inserted, graph[target] != nil {
                    onPath.insert(target)
                    stack.append((target, 0))
                }
            }
        }
        return cycles
    }
}

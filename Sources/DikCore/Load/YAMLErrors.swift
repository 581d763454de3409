import Yams

enum YAMLErrors {
    static func diagnostic(for error: Error, path: String, firstLine: Int, yaml: String = "") -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { at(mark.line, mark.column) }
        func at(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(path: path, line: line + firstLine - 1, column: column)
        }
        guard let yamlError = error as? YamlError else {
            return .error(.yamlSyntax(problem: String(describing: error)), at: SourceLocation(path: path, line: firstLine, column: 1))
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return .error(.yamlSyntax(problem: translate(detail)), at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence; the one to remove is usually the later.
            let mark = context.mark
            let second = secondOccurrence(of: duplicates.first ?? "", line: mark.line, column: mark.column, in: yaml)
            return .error(.duplicateKey(key: duplicates.joined(separator: ", ")),
                          at: at(second?.line ?? mark.line, second?.column ?? mark.column))
        case .reader(let problem, _, _, _):
            return .error(.yamlSyntax(problem: problem), at: SourceLocation(path: path, line: firstLine, column: 1))
        default:
            return .error(.yamlSyntax(problem: String(describing: yamlError)),
                          at: SourceLocation(path: path, line: firstLine, column: 1))
        }
    }

    /// The next line of the same block mapping that starts with `key:` (plain or quoted).
    static func secondOccurrence(of key: String, line firstLine: Int, column: Int,
                                 in yaml: String) -> (line: Int, column: Int)? {
        guard !key.isEmpty else { return nil }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = column - 1
        guard firstLine >= 1, firstLine < lines.count else { return nil }
        for index in firstLine..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            let leading = scalars.prefix { $0 == " " }.count
            if leading < indent, leading < scalars.count, scalars[leading] != "#" { return nil }
            guard leading == indent else { continue }
            let rest = String(String.UnicodeScalarView(scalars[leading...]))
            for spelled in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(spelled) {
                let after = rest.dropFirst(spelled.count).drop { $0 == " " }
                if after.hasPrefix(":") { return (index + 1, column) }
            }
        }
        return nil
    }

    /// libyaml's phrases, with a hint an officer can act on where we know the usual cause.
    private static func translate(_ problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "\(problem): biasanya tanda ':' di dalam nilai; apit nilainya dengan tanda kutip \"...\""
        }
        if problem.contains("could not find expected ':'") {
            return "\(problem): baris ini perlu 'kunci: nilai'"
        }
        return problem
    }
}

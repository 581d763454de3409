import Yams

enum YAMLErrors {
    static func diagnostic(for error: Error, path: String, firstLine: Int) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(path: path, line: mark.line + firstLine - 1, column: mark.column)
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
            return .error(.duplicateKey(key: duplicates.joined(separator: ", ")), at: at(context.mark))
        case .reader(let problem, _, _, _):
            return .error(.yamlSyntax(problem: problem), at: SourceLocation(path: path, line: firstLine, column: 1))
        default:
            return .error(.yamlSyntax(problem: String(describing: yamlError)),
                          at: SourceLocation(path: path, line: firstLine, column: 1))
        }
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

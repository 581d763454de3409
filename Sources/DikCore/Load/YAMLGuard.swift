/// A lexical pass over front matter before it reaches the YAML parser. It refuses
/// what the register never needs and what can hurt: tabs in indentation, anchors and
/// aliases (the "billion laughs" document), and deep nesting. Each finding carries
/// its line and column in the YAML text (1-based).
enum YAMLGuard {
    static func scan(_ yaml: String) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        var blockScalarIndent: Int?   // indentation of the line that opened a | or > scalar
        var flowDepth = 0
        var reportedAlias = false
        var reportedDepth = false

        for (index, rawLine) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = Array(rawLine.unicodeScalars)
            let indent = line.prefix { $0 == " " }.count
            let isBlank = line.allSatisfy { $0 == " " || $0 == "\t" }

            if let parentIndent = blockScalarIndent {
                if isBlank || indent > parentIndent { continue }
                blockScalarIndent = nil
            }
            if let tab = line.prefix(while: { $0 == " " || $0 == "\t" }).firstIndex(of: "\t"), !isBlank {
                problems.append(.init(.tabIndentation, line: lineNumber, column: tab + 1))
                continue
            }
            if indent > InputLimits.maxNesting * 4, !reportedDepth {
                problems.append(.init(.nestingTooDeep(limit: InputLimits.maxNesting), line: lineNumber, column: 1))
                reportedDepth = true
            }

            var position = indent
            var atTokenStart = true
            var lastSignificant: Unicode.Scalar?
            while position < line.count {
                let scalar = line[position]
                switch scalar {
                case "\"", "'":
                    if atTokenStart {
                        position = skipQuoted(line, from: position, quote: scalar)
                        atTokenStart = false
                        lastSignificant = scalar
                        continue
                    }
                case "#":
                    if position == 0 || line[position - 1] == " " { position = line.count; continue }
                case "&", "*":
                    if atTokenStart, position + 1 < line.count, line[position + 1] != " " {
                        if !reportedAlias {
                            problems.append(.init(.yamlAliasNotAllowed, line: lineNumber, column: position + 1))
                            reportedAlias = true
                        }
                    }
                case "[", "{":
                    if atTokenStart {
                        flowDepth += 1
                        if flowDepth > InputLimits.maxNesting, !reportedDepth {
                            problems.append(.init(.nestingTooDeep(limit: InputLimits.maxNesting),
                                                  line: lineNumber, column: position + 1))
                            reportedDepth = true
                        }
                        position += 1
                        lastSignificant = scalar
                        continue
                    }
                case "]", "}":
                    if flowDepth > 0 { flowDepth -= 1 }
                case ",":
                    if flowDepth > 0 { atTokenStart = true; position += 1; continue }
                case "-", "?", ":":
                    let next = position + 1 < line.count ? line[position + 1] : " "
                    if next == " " && (scalar != "-" || atTokenStart) {
                        atTokenStart = true
                        lastSignificant = scalar
                        position += 1
                        continue
                    }
                case " ":
                    position += 1
                    continue
                default:
                    break
                }
                if scalar == "|" || scalar == ">", atTokenStart, lastSignificant == ":" || lastSignificant == "-" {
                    blockScalarIndent = indent
                }
                atTokenStart = false
                lastSignificant = scalar
                position += 1
            }
        }
        return problems
    }

    private static func skipQuoted(_ line: [Unicode.Scalar], from start: Int, quote: Unicode.Scalar) -> Int {
        var position = start + 1
        while position < line.count {
            let scalar = line[position]
            if quote == "\"", scalar == "\\" { position += 2; continue }
            if scalar == quote {
                if quote == "'", position + 1 < line.count, line[position + 1] == "'" { position += 2; continue }
                return position + 1
            }
            position += 1
        }
        return position
    }
}

/// A lexical pass over front matter before it reaches the YAML parser. It refuses
/// what the register never needs and what can hurt: tabs in indentation, anchors and
/// aliases (the "billion laughs" document), and deep nesting. Each finding carries
/// its line and column in the YAML text (1-based).
///
/// Why a scanner of our own: an alias used as a mapping key makes Yams hash the
/// aliased tree once per reference while it composes, so a refusal after composing
/// comes too late. The scanner follows libyaml's own rules for where a token starts
/// (plain, quoted and block scalars, flow and block collections, tags, the indentation
/// stack), so an `&` or `*` that libyaml would read as an anchor or alias is seen here
/// first, while the same characters inside text are left alone. Where the two could
/// disagree it errs towards refusing. `YAMLComposer` checks the composed tree again,
/// and the fuzz target `Fuzz/` hunts for any document this pass lets through that
/// still holds an anchor.
enum YAMLGuard {
    static func scan(_ yaml: String) -> [LocatedProblem] {
        var scanner = GuardScanner(Array(yaml.unicodeScalars))
        scanner.run()
        return scanner.findings()
    }
}

private struct GuardScanner {
    let text: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 0

    /// libyaml's `indent` stack: the columns of the open block collections.
    var indents: [Int] = []
    var flowLevel = 0
    var simpleKeyAllowed = true
    /// A possible simple key at flow level 0: where the key's first token began.
    var blockKey: (line: Int, column: Int, index: Int)?

    var blockScalarLines = Set<Int>()
    var aliasFinding: LocatedProblem?
    var tagFinding: LocatedProblem?
    var depthFinding: LocatedProblem?

    init(_ text: [Unicode.Scalar]) { self.text = text }

    var indent: Int { indents.last ?? -1 }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < text.count ? text[index + offset] : nil
    }

    static func isBlankOrEnd(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == nil || scalar == " " || scalar == "\t" || scalar == "\n"
    }

    static func isBlank(_ scalar: Unicode.Scalar?) -> Bool { scalar == " " || scalar == "\t" }

    static func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "A"..."Z", "a"..."z", "_", "-": true
        default: false
        }
    }

    static func isTagCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isAnchorCharacter(scalar) || ";/?:@&=+$.%!~*'()".unicodeScalars.contains(scalar)
    }

    mutating func advance() {
        guard index < text.count else { return }
        if text[index] == "\n" {
            line += 1
            column = 0
        } else {
            column += 1
        }
        index += 1
    }

    mutating func skipToLineEnd() {
        while let scalar = peek(), scalar != "\n" { advance() }
    }

    var atDocumentMarker: Bool {
        guard column == 0, let first = peek(), first == "-" || first == "." else { return false }
        return peek(1) == first && peek(2) == first && Self.isBlankOrEnd(peek(3))
    }

    mutating func roll(to newIndent: Int) {
        guard flowLevel == 0, indent < newIndent else { return }
        indents.append(newIndent)
        checkDepth(at: newIndent)
    }

    /// `at` is the column (0-based) where the too-deep collection starts.
    mutating func checkDepth(at start: Int) {
        if indents.count + flowLevel > InputLimits.maxNesting, depthFinding == nil {
            depthFinding = LocatedProblem(.nestingTooDeep(limit: InputLimits.maxNesting), line: line, column: start + 1)
        }
    }

    mutating func saveKey() {
        if simpleKeyAllowed, flowLevel == 0 { blockKey = (line, column, index) }
    }

    mutating func run() {
        while true {
            scanToNextToken()
            guard let scalar = peek() else { return }
            if let key = blockKey, key.line < line || key.index + 1024 < index { blockKey = nil }
            if flowLevel == 0 { while indent > column { indents.removeLast() } }
            if atDocumentMarker {
                indents.removeAll()
                blockKey = nil
                simpleKeyAllowed = false
                for _ in 0..<3 { advance() }
                continue
            }
            let next = peek(1)
            switch scalar {
            case "%" where column == 0:
                skipToLineEnd()
            case "[", "{":
                saveKey()
                flowLevel += 1
                checkDepth(at: column)
                simpleKeyAllowed = true
                advance()
            case "]", "}":
                if flowLevel > 0 { flowLevel -= 1 }
                simpleKeyAllowed = false
                advance()
            case ",":
                if flowLevel == 0 { blockKey = nil }
                simpleKeyAllowed = true
                advance()
            case "-" where Self.isBlankOrEnd(next):
                roll(to: column)
                blockKey = nil
                simpleKeyAllowed = true
                advance()
            case "?" where flowLevel > 0 || Self.isBlankOrEnd(next):
                roll(to: column)
                blockKey = nil
                simpleKeyAllowed = flowLevel == 0
                advance()
            case ":" where flowLevel > 0 || Self.isBlankOrEnd(next):
                if let key = blockKey, flowLevel == 0 {
                    roll(to: key.column)
                } else {
                    roll(to: column)
                }
                blockKey = nil
                simpleKeyAllowed = flowLevel == 0
                advance()
            case "&", "*":
                if aliasFinding == nil {
                    aliasFinding = LocatedProblem(.yamlAliasNotAllowed, line: line, column: column + 1)
                }
                saveKey()
                simpleKeyAllowed = false
                advance()
                while let name = peek(), Self.isAnchorCharacter(name) { advance() }
            case "!":
                // A tag is refused wherever it stands: the register reads text and
                // never a tag, and Yams takes `!x status` for a key other than `status`.
                if tagFinding == nil { tagFinding = LocatedProblem(.yamlTagNotAllowed, line: line, column: column + 1) }
                saveKey()
                simpleKeyAllowed = false
                scanTag()
            case "|" where flowLevel == 0, ">" where flowLevel == 0:
                blockKey = nil
                simpleKeyAllowed = true
                scanBlockScalar()
            case "'", "\"":
                saveKey()
                simpleKeyAllowed = false
                scanQuoted(scalar)
            default:
                // Characters libyaml refuses to start a token with (`@`, a backquote,
                // `%` mid-line) end the parse there; reading them as text is safe.
                saveKey()
                simpleKeyAllowed = false
                scanPlain()
            }
        }
    }

    /// Blanks, comments and line breaks between tokens (libyaml's scan_to_next_token).
    mutating func scanToNextToken() {
        while true {
            if column == 0, peek() == "\u{FEFF}" { advance() }
            while let scalar = peek(), Self.isBlank(scalar) { advance() }
            if peek() == "#" { skipToLineEnd() }
            guard peek() == "\n" else { return }
            advance()
            if flowLevel == 0 { simpleKeyAllowed = true }
        }
    }

    mutating func scanTag() {
        advance()
        if peek() == "<" {
            while let scalar = peek(), scalar != ">", !Self.isBlankOrEnd(scalar) { advance() }
            if peek() == ">" { advance() }
            return
        }
        // `&` and `*` are URI characters, so `!a&b` is one tag and not an anchor.
        while let scalar = peek(), Self.isTagCharacter(scalar) { advance() }
    }

    mutating func scanQuoted(_ quote: Unicode.Scalar) {
        advance()
        while let scalar = peek() {
            if atDocumentMarker { return }
            if quote == "'" {
                if scalar == "'" {
                    advance()
                    if peek() == "'" { advance(); continue }
                    return
                }
            } else if scalar == "\\" {
                advance()
                advance()
                continue
            } else if scalar == "\"" {
                advance()
                return
            }
            advance()
        }
    }

    /// libyaml's plain scalar: it runs on across lines while they are indented more
    /// than the enclosing block collection (always, inside a flow collection).
    mutating func scanPlain() {
        let minimumIndent = indent + 1
        var leadingBlanks = false
        while true {
            if atDocumentMarker || peek() == "#" { break }
            while let scalar = peek(), !Self.isBlankOrEnd(scalar) {
                if scalar == ":" {
                    let after = peek(1)
                    if Self.isBlankOrEnd(after) { finishPlain(leadingBlanks); return }
                    if flowLevel > 0, let after, ",?[]{}".unicodeScalars.contains(after) {
                        finishPlain(leadingBlanks)
                        return
                    }
                }
                if flowLevel > 0, ",[]{}".unicodeScalars.contains(scalar) { finishPlain(leadingBlanks); return }
                leadingBlanks = false
                advance()
            }
            guard let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" else { break }
            leadingBlanks = false
            while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" {
                if scalar == "\n" { leadingBlanks = true }
                advance()
            }
            if flowLevel == 0, column < minimumIndent { break }
        }
        finishPlain(leadingBlanks)
    }

    mutating func finishPlain(_ leadingBlanks: Bool) {
        if leadingBlanks { simpleKeyAllowed = true }
    }

    /// libyaml's block scalar: the header, then every line indented at least as far
    /// as the first non-empty one (and more than the enclosing collection).
    mutating func scanBlockScalar() {
        let parentIndent = indent
        advance()
        var increment = 0
        while let scalar = peek(), scalar == "+" || scalar == "-" || ("1"..."9").contains(scalar) {
            if scalar != "+", scalar != "-" { increment = Int(scalar.value) - 48 }
            advance()
        }
        while let scalar = peek(), Self.isBlank(scalar) { advance() }
        if peek() == "#" { skipToLineEnd() }
        // Anything else on the header line is a libyaml error; reading on is safe.
        guard peek() == "\n" else { return }
        advance()
        var contentIndent = increment > 0 ? (parentIndent >= 0 ? parentIndent + increment : increment) : 0
        var maximumIndent = 0
        skipBlockScalarBreaks(indent: &contentIndent, maximumIndent: &maximumIndent, parentIndent: parentIndent)
        while column == contentIndent, peek() != nil {
            blockScalarLines.insert(line)
            skipToLineEnd()
            if peek() == "\n" { advance() }
            skipBlockScalarBreaks(indent: &contentIndent, maximumIndent: &maximumIndent, parentIndent: parentIndent)
        }
    }

    mutating func skipBlockScalarBreaks(indent: inout Int, maximumIndent: inout Int, parentIndent: Int) {
        while true {
            while indent == 0 || column < indent, peek() == " " { advance() }
            maximumIndent = max(maximumIndent, column)
            guard peek() == "\n" else { break }
            blockScalarLines.insert(line)
            advance()
        }
        if indent == 0 { indent = max(maximumIndent, parentIndent + 1, 1) }
    }

    /// Tabs before the first character of a line, outside block scalars' text.
    func tabFindings() -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        var lineNumber = 1
        var position = 0
        while position < text.count {
            var end = position
            while end < text.count, text[end] != "\n" { end += 1 }
            if !blockScalarLines.contains(lineNumber) {
                var cursor = position
                var tab: Int?
                while cursor < end, text[cursor] == " " || text[cursor] == "\t" {
                    if text[cursor] == "\t", tab == nil { tab = cursor - position }
                    cursor += 1
                }
                if let tab, cursor < end {
                    problems.append(LocatedProblem(.tabIndentation, line: lineNumber, column: tab + 1))
                }
            }
            lineNumber += 1
            position = end + 1
        }
        return problems
    }

    func findings() -> [LocatedProblem] {
        var problems = tabFindings()
        if let aliasFinding { problems.append(aliasFinding) }
        if let tagFinding { problems.append(tagFinding) }
        if let depthFinding { problems.append(depthFinding) }
        return problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }
}

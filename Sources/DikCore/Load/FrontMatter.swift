import Foundation

/// An entry file split into its YAML front matter and Markdown body.
public struct EntryText: Sendable {
    /// The YAML between the two `---` lines, with line breaks normalised to `\n`.
    public let yaml: String
    /// Line of the file where the YAML starts (the line after the opening `---`).
    public let yamlFirstLine: Int
    public let body: String
    public let bodyFirstLine: Int
}

/// Limits that keep a hostile or accidental file from exhausting memory.
public enum InputLimits {
    public static let maxEntryFileBytes = 8 * 1024 * 1024
    public static let maxFrontMatterBytes = 256 * 1024
    public static let maxSettingsFileBytes = 256 * 1024
    public static let maxPublicTextLength = 4_000
    /// The Markdown body below the front matter. libcmark 0.30 (Debian's) renders some
    /// inputs in quadratic time (CVE-2023-22486, `![[]()` repeated): 0.18 s at 64 KiB,
    /// 4.5 s at 256 KiB, an hour at the 8 MiB file limit. A body is a note on the
    /// records and the test's reasoning, a few KiB in practice: 64 KiB (about 9,000
    /// words) leaves room and bounds the worst case (docs/format.md).
    public static let maxBodyBytes = 64 * 1024
    public static let maxNesting = 32
}

public enum FrontMatter {
    /// Decodes the raw bytes of an entry file, or returns the problem that stops it.
    /// A UTF-8 byte-order mark and CRLF line endings are accepted as they come from
    /// Windows editors.
    public static func split(_ bytes: [UInt8]) -> Result<EntryText, LocatedProblem> {
        let layout: Layout
        switch Layout.find(bytes) {
        case .success(let found): layout = found
        case .failure(let problem): return .failure(problem)
        }
        let yaml = layout.normalisedYAML()
        if yaml.count > InputLimits.maxFrontMatterBytes {
            return .failure(.init(.fileTooLarge(bytes: yaml.count, limit: InputLimits.maxFrontMatterBytes),
                                  line: 2, column: 1))
        }
        return .success(EntryText(yaml: String(decoding: yaml, as: UTF8.self), yamlFirstLine: 2,
                                  body: layout.bodyText(), bodyFirstLine: layout.bodyFirstLine))
    }

    /// The body `split` would give, or nil where `split` fails; the YAML is measured
    /// but never made into a string, as a body read again at render time needs none.
    static func body(_ bytes: [UInt8]) -> String? {
        guard case .success(let layout) = Layout.find(bytes),
              layout.normalisedYAMLByteCount() <= InputLimits.maxFrontMatterBytes
        else { return nil }
        return layout.bodyText()
    }

    /// Line and column (1-based, the column in Unicode scalars as libyaml counts them)
    /// of a byte offset; bytes before it are valid UTF-8 or replaced when counting.
    static func position(of offset: Int, in bytes: [UInt8], from start: Int) -> (line: Int, column: Int) {
        var lineStart = start
        var line = 1
        for index in start..<offset where bytes[index] == 10 {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
        return (line, column)
    }

    /// libyaml (YAML 1.1) also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH
    /// SEPARATOR, which editors do not show as breaks and which arrive in text pasted
    /// from Word or web pages. As spaces they keep every line and column where the
    /// officer sees them, and the scanner in `YAMLGuard` sees the same lines as libyaml.
    static func normaliseYAMLBreaks(_ yaml: String) -> String {
        guard yaml.unicodeScalars.contains(where: { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }) else {
            return yaml
        }
        var scalars = String.UnicodeScalarView()
        for scalar in yaml.unicodeScalars {
            scalars.append(scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar)
        }
        return String(scalars)
    }

    static func normaliseLineEndings(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8], from start: Int) -> Int {
        var iterator = bytes[start...].makeIterator()
        var decoder = UTF8()
        var position = start
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): position += UTF8.width(scalar)
            case .emptyInput: return bytes.count
            case .error: return position
            }
        }
    }
}

/// A problem with an optional position inside the file.
public struct LocatedProblem: Error, Sendable {
    public let problem: Problem
    public let line: Int
    public let column: Int
    public init(_ problem: Problem, line: Int = 0, column: Int = 0) {
        self.problem = problem
        self.line = line
        self.column = column
    }

    /// The error in a file whose YAML starts on `firstLine`.
    func error(in path: String, firstLine: Int = 1) -> Diagnostic {
        .error(problem, at: SourceLocation(path: path, line: line + firstLine - 1, column: column))
    }
}

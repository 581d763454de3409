public enum Severity: String, Sendable, Codable {
    case error, warning
}

/// A place in a file. Line and column are 1-based; 0 means "the whole file".
public struct SourceLocation: Sendable, Hashable, Comparable {
    public let path: String
    public let line: Int
    public let column: Int

    public init(path: String, line: Int = 0, column: Int = 0) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }
}

/// One finding: data only. `DiagnosticMessages` turns it into words for people.
public struct Diagnostic: Sendable, Hashable {
    public let severity: Severity
    public let location: SourceLocation
    public let problem: Problem

    public init(_ severity: Severity, _ problem: Problem, at location: SourceLocation) {
        self.severity = severity
        self.problem = problem
        self.location = location
    }

    public static func error(_ problem: Problem, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, problem, at: location)
    }

    public static func warning(_ problem: Problem, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, problem, at: location)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [Diagnostic] { filter { $0.severity == .error } }

    /// Stable order for output: by file, line, column, then severity.
    public func sortedForOutput() -> [Diagnostic] {
        sorted { lhs, rhs in
            if lhs.location != rhs.location { return lhs.location < rhs.location }
            return lhs.severity.rawValue < rhs.severity.rawValue
        }
    }
}

/// A failure that stops a run, carrying every diagnostic found so far.
public struct DiagnosticsError: Error, Sendable {
    public let diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

import Foundation

/// `dik check`: everything the build refuses, plus the law's warnings, without
/// writing anything.
public enum SiteChecker {
    public static func check(siteRoot: URL, date: LocalDate,
                             theme: URL = TemplateSet.defaultThemeFolder()) -> [Diagnostic] {
        let site = SiteLoader.load(siteRoot: siteRoot)
        var findings = site.diagnostics
        if case .failure(let error) = TemplateSet.load(theme: theme, siteRoot: site.root) {
            findings += error.diagnostics
        }
        for entry in site.entries { findings += LawRules.check(entry, on: date) }
        return findings.sortedForOutput()
    }
}

/// How findings are printed: one line each for people and editors, or JSON for tools.
public enum DiagnosticFormat {
    public static func summary(_ findings: [Diagnostic], language: MessageLanguage) -> String {
        let errors = findings.errors.count
        let warnings = findings.count - errors
        if language == .en {
            return findings.isEmpty ? "No problems found." : "\(errors) error(s), \(warnings) warning(s)."
        }
        return findings.isEmpty ? "Tidak ada masalah." : "\(errors) galat, \(warnings) peringatan."
    }

    /// A JSON array of `{file, line, column, severity, code, message}`, keys in that
    /// order, ending in a newline.
    public static func json(_ findings: [Diagnostic], language: MessageLanguage,
                            path: (SourceLocation) -> String = \.path) -> String {
        JSONValue.array(findings.map { finding in
            .object([
                ("file", .string(path(finding.location))),
                ("line", .integer(finding.location.line)),
                ("column", .integer(finding.location.column)),
                ("severity", .string(finding.severity.rawValue)),
                ("code", .string(finding.problem.code)),
                ("message", .string(DiagnosticMessages.message(finding.problem, language: language))),
            ])
        }).text()
    }
}

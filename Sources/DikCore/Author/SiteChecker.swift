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

    /// A JSON array of `{file, line, column, severity, code, message}`, keys in that order.
    public static func json(_ findings: [Diagnostic], language: MessageLanguage,
                            path: (SourceLocation) -> String = \.path) -> String {
        let objects = findings.map { finding in
            let fields: [(String, String)] = [
                ("file", JSONText.string(path(finding.location))),
                ("line", String(finding.location.line)),
                ("column", String(finding.location.column)),
                ("severity", JSONText.string(finding.severity.rawValue)),
                ("code", JSONText.string(finding.problem.code)),
                ("message", JSONText.string(DiagnosticMessages.message(finding.problem, language: language))),
            ]
            return "  {" + fields.map { "\(JSONText.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
    }
}

/// Minimal JSON text writing with a fixed key order, so output is reproducible.
public enum JSONText {
    public static func string(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(control.value, radix: 16).count)
                    + String(control.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

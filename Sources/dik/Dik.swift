import ArgumentParser
import DikCore
import Foundation

@main
struct Dik: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dik",
        abstract: "Daftar Informasi yang Dikecualikan: build the public and internal register from Markdown entries.",
        subcommands: [Build.self, Check.self, New.self, Init.self, Serve.self]
    )
}

/// Options every command that reads a site shares.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "The site folder (site.yml and register/).")
    var site: String = "content"

    @Option(name: .long, help: "The build date YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH when set).")
    var date: String?

    @Option(name: .long, help: "Language of messages: id (default) or en.")
    var lang: MessageLanguage = .id

    var siteURL: URL { URL(fileURLWithPath: site) }

    func buildDate() throws -> LocalDate {
        if let date {
            guard let parsed = LocalDate(iso: date) else {
                throw ValidationError(lang == .id ? "--date harus berupa TTTT-BB-HH, misalnya 2025-04-30"
                                                  : "--date must be YYYY-MM-DD, e.g. 2025-04-30")
            }
            return parsed
        }
        return try BuildClock.today(language: lang)
    }

    /// A finding's path as the user named the site (`content/register/...`).
    func displayPath(_ location: SourceLocation) -> String {
        location.path.hasPrefix("/") ? location.path : (site as NSString).appendingPathComponent(location.path)
    }

    /// A diagnostic as `path:line:column: severity: message`, the path as the user named the site.
    func format(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        let path = displayPath(location)
        let relocated = Diagnostic(diagnostic.severity, diagnostic.problem,
                                   at: SourceLocation(path: path, line: location.line, column: location.column))
        return DiagnosticMessages.text(relocated, language: lang)
    }
}

extension MessageLanguage: ExpressibleByArgument {}

enum BuildClock {
    /// Today's date where the build runs, unless SOURCE_DATE_EPOCH pins it.
    static func today(language: MessageLanguage) throws -> LocalDate {
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
            switch LocalDate.fromSourceDateEpoch(epoch) {
            case .success(let date): return date
            case .failure(let problem):
                throw ValidationError(DiagnosticMessages.message(problem, language: language))
            }
        }
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? LocalDate(dayNumber: 0)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

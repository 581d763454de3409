import ArgumentParser
import DikCore
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every entry and setting without building (periksa register tanpa membangun situs).",
        discussion: """
        Prints one line per finding, `path:line:column: error|warning: message`, then a summary. \
        Errors are what the build refuses; warnings come from the law (Pasal 17-20 UU 14/2008) \
        and from mistakes common in real lists. Exit status 1 when there is an error, or any \
        warning with --strict.
        """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "text (default) or json.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Treat warnings as errors for the exit status.")
    var strict = false

    func run() throws {
        let findings = SiteChecker.check(siteRoot: siteOptions.siteURL, date: try siteOptions.buildDate())
        switch format {
        case .text:
            for finding in findings { print(siteOptions.format(finding)) }
            print(DiagnosticFormat.summary(findings, language: siteOptions.lang))
        case .json:
            print(DiagnosticFormat.json(findings, language: siteOptions.lang, path: siteOptions.displayPath),
                  terminator: "")
        }
        if findings.hasErrors || (strict && !findings.isEmpty) { throw ExitCode(1) }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the next register entry (buat entri baru berstatus usulan).",
        discussion: """
        Writes register/<year>/<id>.md with the next free number in the site's numbering \
        pattern (site.yml `penomoran`, default DIK-{tahun}-{nnn}), status usulan and every key \
        of the format with a short note. Never overwrites a file. Without --unit or --pasal17 \
        the file carries example values marked `# GANTI`, which `dik check` reports until they \
        are replaced.
        """
    )

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "The unit that holds the information, e.g. \"Badan Kepegawaian Daerah\".")
    var unit: String?

    @Option(name: .long, help: "Pasal 17 letter(s), e.g. h.3 or \"h.3,j\".")
    var pasal17: String?

    func run() throws {
        let language = siteOptions.lang
        switch NewEntry.create(siteRoot: siteOptions.siteURL, date: try siteOptions.buildDate(),
                               unit: unit, pasal17: pasal17) {
        case .success(let created):
            print((siteOptions.site as NSString).appendingPathComponent(created.relativePath))
        case .failure(let failure):
            var stderr = StandardError()
            let message: String
            switch failure {
            case .invalidPattern(let pattern):
                message = Words.numberingPatternInvalid(pattern: pattern).text(language)
            case .invalidPasal17(let code):
                message = DiagnosticMessages.message(.invalidPasal17(value: code), language: siteOptions.lang)
            case .unitNotOneLine:
                message = Words.unitNotOneLine.text(language)
            case .exists(let path):
                message = Words.entryExists(path: path).text(language)
            case .cannotWrite(let path, let reason):
                message = DiagnosticMessages.message(.writeFailed(path: path, reason: reason), language: siteOptions.lang)
            }
            print("dik new: \(message)", to: &stderr)
            throw ExitCode(1)
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new site folder (buat situs baru).",
        discussion: """
        Writes DIR/site.yml with every setting explained, DIR/register/ with one example entry, \
        and an empty DIR/templates/ with a note on overriding templates. Refuses a folder that \
        is not empty. Then: dik check --site DIR, dik build --site DIR.
        """
    )

    @Argument(help: "The new site's folder.")
    var directory: String

    @Option(name: .long, help: "Language of messages: id (default) or en.")
    var lang: MessageLanguage = .id

    func run() throws {
        switch SiteInit.create(at: URL(fileURLWithPath: directory), date: try BuildClock.today(language: lang)) {
        case .success(let files):
            for file in files { print((directory as NSString).appendingPathComponent(file)) }
            print(Words.initNext(folder: directory).text(lang))
        case .failure(let failure):
            var stderr = StandardError()
            switch failure {
            case .notEmpty(let path):
                print(Words.initNotEmpty(path: path).text(lang), to: &stderr)
            case .notAFolder(let path):
                print(Words.initNotAFolder(path: path).text(lang), to: &stderr)
            case .cannotWrite(let path, let reason):
                print("dik init: " + DiagnosticMessages.message(.writeFailed(path: path, reason: reason), language: lang),
                      to: &stderr)
            }
            throw ExitCode(1)
        }
    }
}

import ArgumentParser
import DikCore
import Foundation

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the public register (_site/public) and the internal register (_site/internal).",
        discussion: """
        Reads every entry under <site>/register/, checks it, and writes two separate sites. \
        Nothing is replaced until the whole build has succeeded and the public site has passed \
        the leak audit; on any error the previous output stays exactly as it was.
        """
    )

    enum TargetChoice: String, ExpressibleByArgument, CaseIterable {
        case `public`, `internal`, all
    }

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "The output folder.")
    var out: String = "_site"

    @Option(name: .long, help: "Which site to build: public, internal or all.")
    var target: TargetChoice = .all

    /// For the benchmark: keep records in the record store above this many entries
    /// (default 250,000), to measure that mode on a smaller register.
    @Option(name: .customLong("record-store-above"), help: .hidden)
    var recordStoreAbove: Int?

    func run() throws {
        AllocatorTuning.forBuilding()
        let targets: [Target] = switch target {
        case .public: [.public]
        case .internal: [.internal]
        case .all: [.public, .internal]
        }
        var options = BuildOptions(siteRoot: siteOptions.siteURL, outRoot: URL(fileURLWithPath: out),
                                   date: try siteOptions.buildDate(), targets: targets)
        if let recordStoreAbove { options.recordStoreThreshold = recordStoreAbove }
        let report = SiteBuilder.build(options)
        var stderr = StandardError()
        for diagnostic in report.diagnostics {
            print(siteOptions.format(diagnostic), to: &stderr)
        }
        let errors = report.diagnostics.errors.count
        let warnings = report.diagnostics.count - errors
        let language = siteOptions.lang
        if report.succeeded {
            let counts = report.fileCounts.sorted { $0.key.rawValue > $1.key.rawValue }
                .map { Words.filesWritten(folder: "\(out)/\($0.key.rawValue)", count: $0.value).text(language) }
                .joined(separator: ", ")
            print(Words.built(counts: counts, warnings: warnings).text(language))
        } else {
            print(Words.buildFailed(errors: errors, warnings: warnings).text(language), to: &stderr)
            throw ExitCode(1)
        }
    }
}

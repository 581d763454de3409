import ArgumentParser
import DikCore
import DikServe
import Foundation

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the register for review: the public view with drafts marked, the internal view, and what publishing now would change.",
        discussion: """
        Renders the site in memory with the same templates as `dik build` and serves it; nothing is \
        written to the site folder or to the output folder. Pages reload by themselves when an entry, \
        site.yml or a template changes. Stop with Ctrl-C.
        """
    )

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "The address to listen on. Anything but a loopback address makes the internal pages reachable from the network.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port: Int = 8080

    @Option(name: .long, help: "The output folder of `dik build`; the changes page compares with <out>/public.")
    var out: String = "_site"

    func run() async throws {
        var stderr = StandardError()
        let options = PreviewOptions(siteRoot: siteOptions.siteURL,
                                     publishedFolder: URL(fileURLWithPath: out).appendingPathComponent("public"),
                                     date: try siteOptions.buildDate(), language: siteOptions.lang)
        // Decided from the address --host resolves to, as the server binds it: `127.1`
        // is loopback, a name that resolves to a public address is not.
        if !HostCheck(boundHost: host).isLoopback {
            print(Words.hostNotLoopback(host: host).text(siteOptions.lang), to: &stderr)
        }
        let site = PreviewSite(options: options)
        // Stamps first, then the load: a save in between is seen by the first scan.
        let watcher = SiteWatcher(siteRoot: options.siteRoot, theme: options.theme,
                                  publishedFolder: options.publishedFolder)
        let first = await site.load()
        report(first, site: site)
        let app = PreviewServer.application(
            site: site, host: host, port: port, watcher: watcher,
            onUpdate: { update in report(update, site: site) },
            onRunning: { port in
                let shownHost = host.contains(":") ? "[\(host)]" : host
                print(Words.previewAt(address: "http://\(shownHost):\(port)/").text(siteOptions.lang))
                fflush(nil)
            })
        try await app.runService()
        print(Words.previewStopped.text(siteOptions.lang))
    }

    private func report(_ update: UpdateReport, site: PreviewSite) {
        let language = siteOptions.lang
        let milliseconds = Double(update.duration.components.attoseconds) / 1e15
            + Double(update.duration.components.seconds) * 1000
        let took = String(format: "%.0f ms", milliseconds)
        switch update.kind {
        case .full:
            print(Words.renderedAll(took: took).text(language))
        case .incremental(let pages):
            print(Words.updatedPages(count: pages, took: took).text(language))
        case .baselineOnly:
            print(Words.publishedChanged(took: took).text(language))
        case .errors:
            var stderr = StandardError()
            for diagnostic in site.snapshot.errors { print(siteOptions.format(diagnostic), to: &stderr) }
            print(Words.previewHasErrors.text(language), to: &stderr)
        }
        fflush(nil)
    }
}

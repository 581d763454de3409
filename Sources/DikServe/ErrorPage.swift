import DikCore
import Foundation

/// The page every preview address shows while the site has errors, instead of pages
/// that no longer match the files. It is made here, not from the templates, because a
/// broken template may be the error. Each error names its file, line and column and
/// shows the line itself.
enum ErrorPage {
    static func html(errors: [Diagnostic], warnings: Int, language: MessageLanguage,
                     sourceLine: (SourceLocation) -> String?) -> String {
        let title = Words.errorPageTitle.text(language)
        let intro = Words.errorPageIntro.text(language)
        let warningNote = warnings > 0 ? Words.errorPageWarnings(count: warnings).text(language) : ""
        var items = ""
        for diagnostic in errors {
            let location = diagnostic.location
            var place = location.path
            if location.line > 0 { place += ":\(location.line):\(max(location.column, 1))" }
            let message = DiagnosticMessages.message(diagnostic.problem, language: language)
            items += "<li class=\"dik-error\"><p><code class=\"dik-place\">\(HTMLEscaping.escape(place))</code> "
            items += "<span class=\"dik-code\">\(HTMLEscaping.escape(diagnostic.problem.code))</span></p>"
            items += "<p class=\"dik-message\">\(HTMLEscaping.escape(message))</p>"
            if let line = sourceLine(location) {
                let caret = String(repeating: " ", count: max(location.column - 1, 0)) + "^"
                items += "<pre>\(HTMLEscaping.escape(line))\n\(caret)</pre>"
            }
            items += "</li>\n"
        }
        return """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex,nofollow">
        <title>\(title) · dik serve</title>
        <style>
        body { margin: 0; font-family: system-ui, sans-serif; color: #1b1f24; line-height: 1.5; }
        header { background: #7a1f1f; color: #fff; padding: .8rem 1.2rem; }
        header h1 { margin: 0; font-size: 1.4rem; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.2rem; }
        ol { padding-left: 1.2rem; }
        .dik-error { margin-bottom: 1.2rem; border-left: 4px solid #7a1f1f; padding-left: .8rem; }
        .dik-error p { margin: .2rem 0; }
        .dik-place { font-weight: 700; }
        .dik-code { color: #4a5560; font-size: .85rem; }
        pre { background: #f3f6f9; padding: .5rem; overflow-x: auto; }
        </style>
        </head>
        <body>
        <header><h1>\(title) (\(errors.count))</h1></header>
        <main id="dik-errors">
        <p>\(intro)</p>
        <ol>
        \(items)</ol>
        <p>\(warningNote)</p>
        </main>
        </body>
        </html>

        """
    }

    /// The text of the line a diagnostic points at, from the site folder or the theme.
    static func lineReader(siteRoot: URL, theme: URL) -> (SourceLocation) -> String? {
        { location in
            guard location.line > 0 else { return nil }
            let path = location.path
            let url: URL
            if path.hasPrefix("/") {
                url = URL(fileURLWithPath: path)
            } else if path.hasPrefix("site-templates/") {
                url = theme.appendingPathComponent(String(path.dropFirst("site-templates/".count)))
            } else {
                url = siteRoot.appendingPathComponent(path)
            }
            guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
            defer { try? handle.close() }
            // Entry files are at most 8 MiB; read no more than that.
            guard let data = try? handle.read(upToCount: 8 << 20) else { return nil }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            guard location.line <= lines.count else { return nil }
            let line = lines[location.line - 1]
            return String(line.hasSuffix("\r") ? line.dropLast() : line).prefix(400).description
        }
    }
}

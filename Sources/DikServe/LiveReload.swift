/// The script that reloads a preview page when the site changes. It is added to HTML
/// responses as they are served and never to the rendered pages themselves, so the
/// bytes the changes page compares are the bytes `dik build` would write.
enum LiveReload {
    static let marker = "data-dik-live-reload"

    static func script(generation: Int, instance: String) -> String {
        """
        <script \(marker)>(function () {
          var url = "\(PreviewServer.eventsPath)?since=\(generation)&run=\(instance)";
          function listen() {
            var source = new EventSource(url);
            source.addEventListener("reload", function () { source.close(); location.reload(); });
            source.onerror = function () { source.close(); setTimeout(listen, 1000); };
          }
          listen();
        })();</script>

        """
    }

    /// Puts the script just before the last `</body>`, or at the end.
    static func inject(into page: [UInt8], generation: Int, instance: String) -> [UInt8] {
        let script = Array(Self.script(generation: generation, instance: instance).utf8)
        let closing = Array("</body>".utf8)
        var position = page.count - closing.count
        while position >= 0 {
            if page[position] == closing[0], page[position..<(position + closing.count)].elementsEqual(closing) {
                return Array(page[..<position]) + script + Array(page[position...])
            }
            position -= 1
        }
        return page + script
    }
}

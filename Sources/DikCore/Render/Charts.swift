/// Small bar charts for the internal dashboard as inline SVG: no library and no
/// script. Each chart is an image with a title for screen readers, and every bar
/// carries its own label and number as text, so nothing is said by colour alone.
enum BarChart {
    struct Bar {
        let label: String
        let value: Int
    }

    /// One row per bar, label on the left: for categories and units.
    static func rows(_ bars: [Bar], title: String, id: String) -> String {
        let labelWidth = 340, barWidth = 260, rowHeight = 22, width = 660
        let height = max(1, bars.count) * rowHeight + 8
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        var svg = open(id: id, title: title, width: width, height: height)
        for (index, bar) in bars.enumerated() {
            let y = 4 + index * rowHeight
            let length = bar.value == 0 ? 0 : max(2, bar.value * barWidth / maximum)
            svg += "<g><title>\(escape(bar.label)): \(bar.value)</title>"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(escape(shortened(bar.label, 42)))</text>"
            svg += "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 6)\"/>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 15)\">\(bar.value)</text></g>"
        }
        return svg + "</svg>"
    }

    /// One column per bar, label below: for months.
    static func columns(_ bars: [Bar], title: String, id: String) -> String {
        let columnWidth = 64, plotHeight = 140, width = max(1, bars.count) * columnWidth + 20
        let height = plotHeight + 48
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        let baseline = plotHeight + 20
        var svg = open(id: id, title: title, width: width, height: height)
        svg += "<line class=\"axis\" x1=\"10\" y1=\"\(baseline)\" x2=\"\(width - 10)\" y2=\"\(baseline)\"/>"
        for (index, bar) in bars.enumerated() {
            let x = 10 + index * columnWidth
            let length = bar.value == 0 ? 0 : max(2, bar.value * plotHeight / maximum)
            let middle = x + columnWidth / 2
            svg += "<g><title>\(escape(bar.label)): \(bar.value)</title>"
            svg += "<rect class=\"bar\" x=\"\(x + 8)\" y=\"\(baseline - length)\" width=\"\(columnWidth - 16)\" height=\"\(length)\"/>"
            svg += "<text x=\"\(middle)\" y=\"\(baseline - length - 5)\" text-anchor=\"middle\">\(bar.value)</text>"
            svg += "<text x=\"\(middle)\" y=\"\(baseline + 18)\" text-anchor=\"middle\">\(escape(bar.label))</text></g>"
        }
        return svg + "</svg>"
    }

    private static func open(id: String, title: String, width: Int, height: Int) -> String {
        "<svg class=\"chart\" id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
            + "aria-label=\"\(escape(title))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" "
            + "height=\"\(height)\"><title>\(escape(title))</title>"
    }

    private static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    static func shortened(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

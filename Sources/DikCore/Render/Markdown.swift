import CCmark
import Foundation

/// CommonMark to HTML with libcmark in its default safe mode: raw HTML is replaced by
/// a comment and `javascript:`-style links are dropped.
public enum Markdown {
    public static func html(_ markdown: String) -> String {
        var text = markdown
        return text.withUTF8 { buffer -> String in
            guard let base = buffer.baseAddress else { return "" }
            let raw = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                cmark_markdown_to_html(pointer, buffer.count, CMARK_OPT_DEFAULT)
            }
            guard let raw else { return "" }
            defer { free(raw) }
            return String(cString: raw)
        }
    }
}

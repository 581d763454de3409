import Mustache

/// HTML escaping one Unicode scalar at a time. Comparing whole Characters (as
/// swift-mustache's built-in escaper does) lets a `"` followed by a combining mark
/// (U+0301) through unescaped, because the pair forms one Character.
public enum HTMLEscaping {
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x22 || byte == 0x27 {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var result = String.UnicodeScalarView()
        result.reserveCapacity(text.unicodeScalars.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&#39;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

/// The content type every template is parsed with (see `TemplateSet`).
struct ScalarHTMLContentType: MustacheContentType {
    static let name = "DIK_HTML"
    func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }

    /// Registration is global in swift-mustache; do it once, before any parse.
    static let registered: Bool = {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: name)
        return true
    }()
}

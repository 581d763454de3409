@testable import DikCore
import Foundation
import FuzzDriver

/// A site's templates as an attacker writes them: the input, split at NUL bytes, is a
/// site's `notice.mustache` and two partials `a` and `b`, laid over the shipped theme.
/// What `TemplateSet.assemble` accepts is rendered with every name in the input bound
/// to a marked payload; the payload must never come out unescaped, a partial cycle or
/// a delimiter change must never be accepted, and nothing may crash or hang.
let theme: ThemeFiles = {
    let folder = ProcessInfo.processInfo.environment["DIK_THEME"] ?? "site-templates"
    var files = ThemeFiles()
    files.read(folder: URL(fileURLWithPath: folder), label: "site-templates", isTheme: true)
    guard let layout = files.sources["layout"] else { fatalError("harness: no theme at \(folder); set DIK_THEME") }
    // The shipped layout (seeds inherit from it) and one-line stand-ins for the other
    // pages a set needs: parsing the whole theme on every input ran six inputs a second.
    var stubs = ThemeFiles()
    for name in TemplateSet.required { stubs.sources[name] = ("<p>{{title}}</p>", "site-templates/\(name).mustache") }
    stubs.sources["layout"] = layout
    stubs.sources["preview-bar"] = files.sources["preview-bar"]
    stubs.strings = files.strings
    return stubs
}()

/// Control characters around it: a template that writes it literally contains them,
/// and such inputs are not judged by the payload oracle.
let payload = "\u{1}<b onclick=x>'\"\u{1}"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let parts = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    var files = theme
    for (name, text) in zip(["notice", "a", "b"], parts) {
        files.sources[name] = (text, "templates/\(name).mustache")
    }
    let texts = parts.joined(separator: "\n")
    switch TemplateSet.assemble(files) {
    case .failure:
        return 0
    case .success(let set):
        if texts.contains("{{=") { fatalError("a delimiter change was accepted") }
        if texts.contains("{{%") { fatalError("a pragma was accepted") }
        guard !texts.unicodeScalars.contains("\u{1}") else { return 0 }
        for name in ["notice", "a", "b"] where set.compiled?.program.body(of: name) != nil || name == "notice" {
            let page = set.render(name, context(for: texts))
            if page.contains(payload) { fatalError("the payload came out unescaped through \(name)") }
        }
    }
    return 0
}

/// Every word of the input bound to the payload: as a value, a section's object and
/// a list of one.
func context(for text: String) -> ViewContext {
    var texts: [String: String] = [:]
    var word = ""
    for scalar in text.unicodeScalars {
        if scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar) {
            word.unicodeScalars.append(scalar)
            continue
        }
        if !word.isEmpty, !word.hasSuffix("_html") { texts[word] = payload }
        word = ""
    }
    if !word.isEmpty, !word.hasSuffix("_html") { texts[word] = payload }
    return ViewContext(texts)
}

/// SwiftPM links an executable's entry as `FuzzTemplate_main`; hand control to libFuzzer.
@_cdecl("FuzzTemplate_main")
public func fuzztemplateMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzTemplate(data, size)
    }
}

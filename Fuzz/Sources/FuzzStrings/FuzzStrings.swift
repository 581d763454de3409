@testable import DikCore
import Foundation
import FuzzDriver

/// A site's `templates/strings.<lang>.yml`: read through the same YAML guard as every
/// other file. Nothing may crash or hang, and the table read may never hold more text
/// than the file did (an alias that expanded would; 700 bytes once grew to 8 GB).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStrings(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (table, diagnostics) = StringTable.load(text, displayPath: "templates/strings.xx.yml")
    let read = table.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
    if read > text.utf8.count { fatalError("the table holds \(read) bytes from a file of \(text.utf8.count)") }
    for diagnostic in diagnostics { _ = DiagnosticMessages.text(diagnostic, language: .en) }
    return 0
}

/// SwiftPM links an executable's entry as `FuzzStrings_main`; hand control to libFuzzer.
@_cdecl("FuzzStrings_main")
public func fuzzstringsMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzStrings(data, size)
    }
}

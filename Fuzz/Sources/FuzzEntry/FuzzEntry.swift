@testable import DikCore
import Foundation
import FuzzDriver
import Yams

// Every input is read twice: as a whole entry file, and (when it does not open with
// ---) as front matter between fences, so mutations of plain YAML reach the parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    check(bytes)
    if !bytes.starts(with: Array("---".utf8)) {
        check(Array("---\n".utf8) + bytes + Array("\n---\n".utf8))
    }
    return 0
}

/// The oracles beyond "does not crash or hang": whatever the lexical guard lets
/// through must hold no anchor once composed (a miss there is how a billion-laughs
/// key could make Yams hash an exponential tree before the tree check runs), and
/// whatever `BlockYAML` reads must be what Yams composes.
func check(_ bytes: [UInt8]) {
    guard case .success(let text) = FrontMatter.split(bytes) else { return }
    if YAMLGuard.scan(text.yaml).isEmpty, let parser = try? Parser(yaml: text.yaml),
       let root = try? parser.singleRoot() {
        let problems = withExtendedLifetime(parser) { YAMLComposer.structuralProblems(root) }
        if problems.contains(where: { $0.problem == .yamlAliasNotAllowed }) {
            fatalError("YAMLGuard let an anchor or alias through")
        }
    }
    // Where the shortcut answers, it must give Yams's tree, and Yams must accept it.
    if let fast = BlockYAML.parse(text.yaml) {
        guard case .document(let reference?) = YAMLComposer.composeWithYams(text.yaml), reference == fast else {
            fatalError("BlockYAML read front matter differently from Yams")
        }
    }
    let source = SourceFile(displayPath: "register/fuzz.md", absolutePath: "/nonexistent/fuzz.md")
    let (entry, diagnostics) = EntryDecoder.decode(text, source: source)
    if entry == nil, !diagnostics.hasErrors { fatalError("an entry was refused without an error") }
    for diagnostic in diagnostics { _ = DiagnosticMessages.text(diagnostic, language: .en) }
}

/// `DIK_FUZZ_WRITE_SEEDS=<folder>`: write the hostile corpus's entry files as seeds and exit.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> Int32 {
    guard let folder = ProcessInfo.processInfo.environment["DIK_FUZZ_WRITE_SEEDS"] else { return 0 }
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for hostile in HostileCorpus.cases {
        for (index, bytes) in hostile.entryFiles.enumerated() {
            let name = hostile.name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
            _ = FileManager.default.createFile(atPath: "\(folder)/\(String(name))-\(index).md", contents: Data(bytes))
        }
    }
    exit(0)
}

/// SwiftPM links an executable's entry as `FuzzEntry_main`; hand control to libFuzzer.
@_cdecl("FuzzEntry_main")
public func fuzzentryMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzEntry(data, size)
    }
}

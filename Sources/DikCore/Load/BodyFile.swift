import Foundation

/// Reads an entry's body again from its file, for entries loaded without their
/// bodies. The file is split exactly as when it was loaded; a file that can no
/// longer be read or split gives an empty body.
enum BodyFile {
    static func read(_ source: SourceFile) -> String {
        guard let handle = FileHandle(forReadingAtPath: source.absolutePath) else { return "" }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: InputLimits.maxEntryFileBytes + 1),
              case .success(let text) = FrontMatter.split([UInt8](data))
        else { return "" }
        return text.body
    }
}

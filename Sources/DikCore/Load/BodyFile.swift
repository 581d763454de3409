/// Reads an entry's body again from its file, for entries loaded without their
/// bodies. The file is split exactly as when it was loaded; a file that can no
/// longer be read or split gives an empty body. It is read as the loader reads it,
/// so a file replaced by a pipe since gives an empty body rather than a wait.
enum BodyFile {
    static func read(_ source: SourceFile) -> String {
        guard case .success(let bytes) = SourceReading.read(source.absolutePath, limit: InputLimits.maxEntryFileBytes)
        else { return "" }
        return FrontMatter.body(bytes) ?? ""
    }
}

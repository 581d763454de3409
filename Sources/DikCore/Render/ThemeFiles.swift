import Foundation

/// The files of a theme folder or a site's `templates/`, read once: templates,
/// interface strings per language, assets. Every file is read through
/// `ConfinedFiles`, so a symbolic link can only point inside the folder's own root.
struct ThemeFiles {
    static let maxTemplateBytes = 1024 * 1024
    static let maxAssetBytes = 16 * 1024 * 1024

    var sources: [String: (text: String, displayPath: String)] = [:]
    var themeTexts: [String] = []
    var assets: [String: [UInt8]] = [:]
    var strings: [String: [String: String]] = [:]
    var diagnostics: [Diagnostic] = []

    /// `root` is the folder links may not leave: the theme itself, or the site.
    mutating func read(folder: URL, label: String, isTheme: Bool, root: URL? = nil) {
        let rootPath = (root ?? folder).path
        guard FileManager.default.fileExists(atPath: folder.path),
              let names = list(folder, label: label, root: rootPath) else { return }
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let display = "\(label)/\(name)"
            if name.hasSuffix(".mustache") {
                guard let text = readText(path, root: rootPath, limit: Self.maxTemplateBytes, display: display)
                else { continue }
                sources[String(name.dropLast(".mustache".count))] = (text, display)
                if isTheme { themeTexts.append(text) }
            } else if name.hasSuffix(".yml"), name.hasPrefix("strings.") {
                let language = String(name.dropFirst("strings.".count).dropLast(".yml".count))
                guard LanguageCode.isUsable(language) else {
                    diagnostics.append(.error(.invalidLanguageCode(code: language), at: SourceLocation(path: display)))
                    continue
                }
                guard let text = readText(path, root: rootPath, limit: InputLimits.maxSettingsFileBytes,
                                          display: display) else { continue }
                let (table, problems) = StringTable.load(text, displayPath: display)
                diagnostics += problems
                strings[language, default: [:]].merge(table) { _, new in new }
                if isTheme { themeTexts += table.values }
            } else if name == "assets" {
                readAssets(folder.appendingPathComponent(name), label: display, root: rootPath)
            }
        }
    }

    /// The folder's names, or nil after reporting why they cannot be read.
    private mutating func list(_ folder: URL, label: String, root: String) -> [String]? {
        switch ConfinedFiles.list(folder.path, insideRoot: root) {
        case .success(let found): return found
        case .failure(let problem):
            diagnostics.append(.error(problem, at: SourceLocation(path: label + "/")))
            return nil
        }
    }

    private mutating func readAssets(_ folder: URL, label: String, root: String) {
        guard let names = list(folder, label: label, root: root) else { return }
        for name in names {
            let path = folder.appendingPathComponent(name).path
            var info = stat()
            // Sub-folders of assets were never published; they are still not read.
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
            switch ConfinedFiles.read(path, insideRoot: root, limit: Self.maxAssetBytes) {
            case .success(let bytes): assets[name] = bytes
            case .failure(let problem):
                diagnostics.append(.error(problem, at: SourceLocation(path: "\(label)/\(name)")))
            }
        }
    }

    private mutating func readText(_ path: String, root: String, limit: Int, display: String) -> String? {
        switch ConfinedFiles.read(path, insideRoot: root, limit: limit) {
        case .success(let bytes):
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            if let text = String(validating: bytes[start...], as: UTF8.self) { return text }
            diagnostics.append(.error(.invalidUTF8(byteOffset: 0), at: SourceLocation(path: display)))
        case .failure(let problem):
            diagnostics.append(.error(problem, at: SourceLocation(path: display)))
        }
        return nil
    }
}

/// A language as it names a folder of the public site (`en/`) and a `lang` attribute:
/// a BCP 47 tag in lower case letters and digits (`en`, `jv`, `zh-hant`), never one of
/// the site's own folders.
public enum LanguageCode {
    static let siteFolders: Set<String> = ["dik", "kategori", "cetak", "assets", "dasbor", "tidak-dikecualikan",
                                            "penetapan", "berkas", "public", "internal"]

    public static func isUsable(_ code: String) -> Bool {
        guard !siteFolders.contains(code) else { return false }
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count),
              primary.utf8.allSatisfy({ (0x61...0x7A).contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        }
    }
}

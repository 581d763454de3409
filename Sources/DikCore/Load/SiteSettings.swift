import Foundation

/// `site.yml`: who publishes the register and where. Keys are documented in
/// docs/format.md. Everything here is printed on the public site except
/// `url_internal`, which the leak audit treats as internal.
public struct SiteSettings: Sendable, Hashable {
    public var siteName = "Daftar Informasi yang Dikecualikan"
    public var bodyName = "Badan Publik"
    public var ppidName = "PPID"
    public var ppidAddress: String?
    public var ppidEmail: String?
    public var ppidPhone: String?
    public var publicBaseURL = "/"
    public var internalBaseURL: String?
    public var language = "id"
    public var numbering = "DIK-{tahun}-{nnn}"
    public var letterhead: [String] = []
    public var logo: String?
    public var signatory = Signatory()

    public struct Signatory: Sendable, Hashable {
        public var place: String?
        public var title: String?
        public var name: String?
        public var nip: String?
        public init() {}
    }

    public init() {}

    /// Where the internal site is served, for the links its 404 page makes from any
    /// depth: `url_internal`, or else the path of `url_publik` (`/dik/`) on whichever
    /// host serves the intranet, never the public site's own host.
    public var internalSiteAddress: String {
        if let internalBaseURL { return internalBaseURL }
        guard let scheme = publicBaseURL.range(of: "://") else { return publicBaseURL }
        let afterHost = publicBaseURL[scheme.upperBound...].drop { $0 != "/" }
        return afterHost.isEmpty ? "/" : String(afterHost)
    }

    /// Values published by the public target (they feed the leak audit's allow-list).
    public var publicStrings: [String] {
        [siteName, bodyName, ppidName, ppidAddress, ppidEmail, ppidPhone, publicBaseURL, logo,
         signatory.place, signatory.title, signatory.name, signatory.nip].compactMap { $0 } + letterhead
    }

    public static func load(siteRoot: URL) -> (SiteSettings, [Diagnostic]) {
        let file = siteRoot.appendingPathComponent("site.yml")
        let path = "site.yml"
        let bytes: [UInt8]
        switch ConfinedFiles.read(file.path, insideRoot: siteRoot.path, limit: InputLimits.maxSettingsFileBytes) {
        case .success(let read): bytes = read
        case .failure(.unreadableFile) where !FileManager.default.fileExists(atPath: file.path):
            return (SiteSettings(), [.error(.siteSettingsMissing, at: SourceLocation(path: path))])
        case .failure(let problem): return (SiteSettings(), [.error(problem, at: SourceLocation(path: path))])
        }
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = FrontMatter.position(of: nul, in: bytes, from: 0)
            return (SiteSettings(), [.error(.nulByte, at: SourceLocation(path: path, line: line, column: column))])
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard let text = String(validating: bytes[start...], as: UTF8.self) else {
            return (SiteSettings(), [.error(.invalidUTF8(byteOffset: 0), at: SourceLocation(path: path))])
        }
        var reader = NodeReader(path: path, firstLine: 1)
        let yaml = FrontMatter.normaliseYAMLBreaks(FrontMatter.normaliseLineEndings(text))
        let root: YAMLNode?
        switch YAMLComposer.compose(yaml) {
        case .document(let node): root = node
        case .refused(let problems):
            return (SiteSettings(), problems.map { $0.error(in: path) })
        case .failed(let error):
            return (SiteSettings(), [YAMLErrors.diagnostic(for: error, path: path, firstLine: 1, yaml: yaml)])
        }
        var settings = SiteSettings()
        guard let root else { return (settings, []) }
        guard let pairs = reader.mapping(root, key: "site.yml") else { return (settings, reader.diagnostics) }
        for pair in pairs where !NodeReader.isNull(pair.value) {
            let value = pair.value
            switch pair.key {
            case "nama_situs": settings.siteName = reader.text(value, key: pair.key) ?? settings.siteName
            case "badan_publik": settings.bodyName = reader.text(value, key: pair.key) ?? settings.bodyName
            case "ppid":
                for sub in reader.mapping(value, key: "ppid") ?? [] where !NodeReader.isNull(sub.value) {
                    let text = reader.text(sub.value, key: "ppid.\(sub.key)")
                    switch sub.key {
                    case "nama": settings.ppidName = text ?? settings.ppidName
                    case "alamat": settings.ppidAddress = text
                    case "email": settings.ppidEmail = text
                    case "telepon": settings.ppidPhone = text
                    default: reader.warning(.unknownKey(key: "ppid.\(sub.key)", suggestion: nil), at: sub.keyNode)
                    }
                }
            case "url_publik":
                let url = reader.text(value, key: pair.key) ?? "/"
                if PublicURL.isAcceptable(url) {
                    settings.publicBaseURL = url
                } else {
                    reader.error(.siteSettingInvalid(key: "url_publik", expected: .webAddress), at: value)
                }
            case "url_internal": settings.internalBaseURL = reader.text(value, key: pair.key)
            case "bahasa":
                let code = reader.text(value, key: pair.key) ?? "id"
                if LanguageCode.isUsable(code) {
                    settings.language = code
                } else {
                    reader.error(.invalidLanguageCode(code: code), at: value)
                }
            case "penomoran": settings.numbering = reader.text(value, key: pair.key) ?? settings.numbering
            case "kop":
                for sub in reader.mapping(value, key: "kop") ?? [] where !NodeReader.isNull(sub.value) {
                    switch sub.key {
                    case "baris": settings.letterhead = reader.textList(sub.value, key: "kop.baris") ?? []
                    case "logo": settings.logo = reader.text(sub.value, key: "kop.logo")
                    default: reader.warning(.unknownKey(key: "kop.\(sub.key)", suggestion: nil), at: sub.keyNode)
                    }
                }
            case "penandatangan":
                for sub in reader.mapping(value, key: "penandatangan") ?? [] where !NodeReader.isNull(sub.value) {
                    let text = reader.text(sub.value, key: "penandatangan.\(sub.key)")
                    switch sub.key {
                    case "tempat": settings.signatory.place = text
                    case "jabatan": settings.signatory.title = text
                    case "nama": settings.signatory.name = text
                    case "nip": settings.signatory.nip = text
                    default:
                        reader.warning(.unknownKey(key: "penandatangan.\(sub.key)", suggestion: nil), at: sub.keyNode)
                    }
                }
            default:
                reader.warning(.unknownKey(key: pair.key, suggestion: KeySuggestion.closest(to: pair.key, among: [
                    "nama_situs", "badan_publik", "ppid", "url_publik", "url_internal", "bahasa", "penomoran",
                    "kop", "penandatangan",
                ])), at: pair.keyNode)
            }
        }
        if !settings.publicBaseURL.hasSuffix("/") { settings.publicBaseURL += "/" }
        return (settings, reader.diagnostics)
    }
}

/// The public base address is written into links, the feed and the sitemap: a path
/// (`/`, `/ppid/`) or an http(s) address, never another scheme (`javascript:`).
enum PublicURL {
    static func isAcceptable(_ url: String) -> Bool {
        guard !url.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) else {
            return false
        }
        if url.hasPrefix("/") { return !url.hasPrefix("//") }
        let lower = url.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }
}

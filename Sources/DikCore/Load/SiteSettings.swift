import Foundation
import Yams

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

    /// Values published by the public target (they feed the leak audit's allow-list).
    public var publicStrings: [String] {
        [siteName, bodyName, ppidName, ppidAddress, ppidEmail, ppidPhone, publicBaseURL, logo,
         signatory.place, signatory.title, signatory.name, signatory.nip].compactMap { $0 } + letterhead
    }

    public static func load(siteRoot: URL) -> (SiteSettings, [Diagnostic]) {
        let file = siteRoot.appendingPathComponent("site.yml")
        let path = "site.yml"
        guard let data = try? Data(contentsOf: file) else {
            return (SiteSettings(), [.error(.siteSettingsMissing, at: SourceLocation(path: path))])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (SiteSettings(), [.error(.invalidUTF8(byteOffset: 0), at: SourceLocation(path: path))])
        }
        var reader = NodeReader(path: path, firstLine: 1)
        let root: Node?
        do {
            root = try Yams.compose(yaml: FrontMatter.normaliseLineEndings(text))
        } catch {
            return (SiteSettings(), [YAMLErrors.diagnostic(for: error, path: path, firstLine: 1)])
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
            case "url_publik": settings.publicBaseURL = reader.text(value, key: pair.key) ?? "/"
            case "url_internal": settings.internalBaseURL = reader.text(value, key: pair.key)
            case "bahasa": settings.language = reader.text(value, key: pair.key) ?? "id"
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

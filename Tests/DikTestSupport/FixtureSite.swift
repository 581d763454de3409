import DikCore
import Foundation

/// A throwaway site on disk for tests: write `site.yml`, entries and templates, build
/// it, and read back every file that came out.
public final class FixtureSite: @unchecked Sendable {
    public let root: URL
    public let siteFolder: URL
    public let outFolder: URL

    public init(settings: String = FixtureSite.defaultSettings) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("dik-fixture-\(UUID().uuidString)")
        siteFolder = root.appendingPathComponent("site")
        outFolder = root.appendingPathComponent("_site")
        try FileManager.default.createDirectory(at: siteFolder.appendingPathComponent("register"),
                                                withIntermediateDirectories: true)
        try write("site.yml", settings)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    public static let defaultSettings = """
    nama_situs: Daftar Informasi yang Dikecualikan
    badan_publik: Pemerintah Kota Uji
    ppid:
      nama: PPID Utama Kota Uji
      alamat: Jl. Pengujian No. 1
    url_publik: https://ppid.kotauji.go.id/
    """

    /// Writes a file relative to the site folder, creating folders as needed.
    public func write(_ relativePath: String, _ text: String) throws {
        try writeBytes(relativePath, Array(text.utf8))
    }

    public func writeBytes(_ relativePath: String, _ bytes: [UInt8]) throws {
        let url = siteFolder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Writes `register/<id>.md` from front matter lines and a body.
    public func entry(_ id: String, _ frontMatter: String, body: String = "", file: String? = nil) throws {
        try write("register/\(file ?? id + ".md")", "---\n\(frontMatter)\n---\n\(body)")
    }

    /// The shipped theme, found from this source file's place in the repository.
    public static var themeFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("site-templates")
    }

    @discardableResult
    public func build(date: String = "2026-11-21", targets: [Target] = [.public, .internal],
                      out: URL? = nil) -> BuildReport {
        SiteBuilder.build(BuildOptions(siteRoot: siteFolder, outRoot: out ?? outFolder,
                                       date: LocalDate(iso: date)!, targets: targets, theme: Self.themeFolder))
    }

    /// Every file under a folder: relative path → bytes.
    public static func files(under folder: URL) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return result }
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            result[path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path] =
                [UInt8]((try? Data(contentsOf: url)) ?? Data())
        }
        return result
    }

    public var publicFiles: [String: [UInt8]] { Self.files(under: outFolder.appendingPathComponent("public")) }
    public var internalFiles: [String: [UInt8]] { Self.files(under: outFolder.appendingPathComponent("internal")) }

    public func publicText(_ path: String) -> String? {
        (try? Data(contentsOf: outFolder.appendingPathComponent("public/\(path)"))).flatMap {
            String(data: $0, encoding: .utf8)
        }
    }

    public func internalText(_ path: String) -> String? {
        (try? Data(contentsOf: outFolder.appendingPathComponent("internal/\(path)"))).flatMap {
            String(data: $0, encoding: .utf8)
        }
    }
}

/// Ready-made entries in the register format.
public enum SampleEntries {
    public static func decided(_ id: String, informasi: String = "Nomor rekening bank pegawai",
                               pasal17: String = "[h.3]", unit: String = "Badan Kepegawaian Daerah",
                               period: String = "  persetujuan: true", decreeDate: String = "2025-04-30",
                               extra: String = "") -> String {
        """
        id: \(id)
        status: ditetapkan
        informasi: \(informasi)
        pasal17: \(pasal17)
        unit: \(unit)
        jangka_waktu:
        \(period)
        penetapan:
          nomor: 188.4/\(id)/PPID
          tanggal: \(decreeDate)
          tempat: Kota Uji
          pejabat: Kepala Dinas Kominfo selaku PPID Utama
          disetujui_oleh: Sekretaris Daerah selaku Atasan PPID
        uji_konsekuensi:
          nomor: UK/\(id)
          tanggal: 2025-04-21
          peserta: [PPID Utama]
          analisis: Analisis singkat.
        \(extra)
        """
    }

    /// A `dicabut` entry: an audit report opened by a Komisi Informasi ruling of 2025-08-12.
    public static func revoked(_ id: String, decreeNumber: String) -> String {
        """
        id: \(id)
        status: dicabut
        informasi: Hasil audit kinerja
        pasal17: [i]
        unit: Inspektorat
        jangka_waktu:
          tahun: 3
        penetapan:
          nomor: \(decreeNumber)
          tanggal: 2023-03-01
        uji_konsekuensi:
          analisis: Ada.
        riwayat:
          - tanggal: 2023-03-01
            status: ditetapkan
            dasar: Penetapan PPID
          - tanggal: 2025-08-12
            status: dicabut
            dasar: Putusan KI Provinsi No. 12/2025
        """
    }

    public static func draft(_ id: String, status: String = "usulan", informasi: String = "Rancangan kontrak kerja sama",
                             extra: String = "") -> String {
        var text = """
        id: \(id)
        status: \(status)
        informasi: \(informasi)
        pasal17: [b]
        unit: Biro Pengadaan
        """
        if status == "diuji" {
            text += "\nuji_konsekuensi:\n  nomor: UK/\(id)\n  tanggal: 2026-01-05\n  analisis: Masih dikaji."
        }
        return text + (extra.isEmpty ? "" : "\n" + extra)
    }
}

extension Array where Element == UInt8 {
    /// ASCII-case-insensitive search, for canaries in output bytes.
    public func containsIgnoringCase(_ needle: String) -> Bool {
        let pattern = Array(needle.lowercased().utf8)
        guard !pattern.isEmpty, count >= pattern.count else { return false }
        let lowered = self.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        outer: for start in 0...(lowered.count - pattern.count) {
            for offset in 0..<pattern.count where lowered[start + offset] != pattern[offset] { continue outer }
            return true
        }
        return false
    }
}

/// The `dik` executable built alongside the tests, for end-to-end checks of the CLI.
public enum DikExecutable {
    public static var url: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ]
        return candidates.map { $0.appendingPathComponent("dik") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `dik` with arguments in a folder and waits for it.
    public static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Outcome {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["DIK_THEME"] = FixtureSite.themeFolder.path
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A build's errors as the guarantees speak of them: which rule (its code), in which
/// file, at which line. `#expect(site.build().refusals == [Refusal("yaml-tag",
/// "register/a.md", line: 8)])` reads as "this site is refused for a tag at line 8".
public struct Refusal: Equatable, Sendable, CustomStringConvertible {
    public let code: String
    public let path: String
    public let line: Int

    public init(_ code: String, _ path: String, line: Int) {
        self.code = code
        self.path = path
        self.line = line
    }

    public var description: String { "\(code) at \(path):\(line)" }
}

extension BuildReport {
    /// Every error, in the order printed; empty when the build was not refused.
    public var refusals: [Refusal] {
        diagnostics.errors.map { Refusal($0.problem.code, $0.location.path, line: $0.location.line) }
    }
}

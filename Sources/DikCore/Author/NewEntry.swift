import Foundation

/// `dik new`: the next free register number, as a file with every key of the
/// format and a short note on each, status `usulan`.
public enum NewEntry {
    public enum Failure: Error, Sendable, Equatable {
        case invalidPattern(String)
        case invalidPasal17(String)
        case exists(String)
        /// `--unit` with a line break or another control character: it would not be one
        /// line of YAML, and no unit's name holds one.
        case unitNotOneLine
        case cannotWrite(path: String, reason: String)
    }

    public struct Created: Sendable {
        public let id: String
        public let relativePath: String
    }

    /// The numbering pattern's id for a year and number, e.g. `DIK-{tahun}-{nnn}` → DIK-2026-007.
    static func format(_ pattern: String, year: Int, number: Int) -> String? {
        guard let range = counterRange(pattern) else { return nil }
        let width = pattern.distance(from: range.lowerBound, to: range.upperBound) - 2
        let digits = String(number)
        let counter = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return pattern.replacingCharacters(in: range, with: counter)
            .replacingOccurrences(of: "{tahun}", with: String(year))
    }

    private static func counterRange(_ pattern: String) -> Range<String.Index>? {
        pattern.range(of: #"\{n+\}"#, options: .regularExpression)
    }

    /// The highest number already used in the pattern for that year, from ids and file names.
    static func highestNumber(pattern: String, year: Int, among names: [String]) -> Int {
        guard let range = counterRange(pattern) else { return 0 }
        let prefix = pattern[..<range.lowerBound].replacingOccurrences(of: "{tahun}", with: String(year)).lowercased()
        let suffix = pattern[range.upperBound...].replacingOccurrences(of: "{tahun}", with: String(year)).lowercased()
        var highest = 0
        for name in names {
            let lowered = name.lowercased()
            guard lowered.hasPrefix(prefix), lowered.hasSuffix(suffix), lowered.count > prefix.count + suffix.count
            else { continue }
            let middle = lowered.dropFirst(prefix.count).dropLast(suffix.count)
            if middle.allSatisfy(\.isASCII), let value = Int(middle) { highest = max(highest, value) }
        }
        return highest
    }

    public static func create(siteRoot: URL, date: LocalDate, unit: String?, pasal17: String?)
        -> Result<Created, Failure> {
        if let unit, unit.unicodeScalars.contains(where: DiagnosticMessages.isControl) {
            return .failure(.unitNotOneLine)
        }
        let site = SiteLoader.load(siteRoot: siteRoot)
        let pattern = site.settings.numbering
        if let pasal17 {
            for code in pasal17.split(separator: ",").map({ $0.trimmingWhitespace() }) where !isValidPasal17(code) {
                return .failure(.invalidPasal17(code))
            }
        }
        let (files, _) = RegisterFiles.find(in: site.root)
        var names = site.entries.map(\.record.id)
        names += files.map { String($0.displayPath.split(separator: "/").last ?? "").replacingOccurrences(of: ".md", with: "") }
        let next = highestNumber(pattern: pattern, year: date.year, among: names) + 1
        guard let id = format(pattern, year: date.year, number: next), EntryDecoder.isValidId(id) else {
            return .failure(.invalidPattern(pattern))
        }
        let relative = "register/\(date.year)/\(id).md"
        let url = site.root.appendingPathComponent(relative)
        let text = template(id: id, unit: unit, pasal17: pasal17)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        } catch CocoaError.fileWriteFileExists {
            return .failure(.exists(relative))
        } catch {
            if FileManager.default.fileExists(atPath: url.path) { return .failure(.exists(relative)) }
            return .failure(.cannotWrite(path: relative, reason: Publisher.reason(error)))
        }
        return .success(Created(id: id, relativePath: relative))
    }

    /// The decoder's own rule, so `dik new --pasal17` accepts exactly what an entry may hold.
    static func isValidPasal17(_ code: String) -> Bool {
        var reader = NodeReader(path: "", firstLine: 1)
        let node = YAMLNode.scalar(YAMLScalar(string: code, style: .plain, mark: nil))
        return EntryDecoder.parsePasal17(code, at: node, reader: &reader) != nil
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func template(id: String, unit: String?, pasal17: String?) -> String {
        let marker = EntryDecoder.placeholderMarker
        let unitLine = unit.map { "unit: \(yamlQuoted($0))" }
            ?? "unit: Unit belum diisi  \(marker): nama unit yang menguasai informasi"
        let pasalLine = pasal17.map { "pasal17: [\($0.split(separator: ",").map { $0.trimmingWhitespace() }.joined(separator: ", "))]" }
            ?? "pasal17: [i]  \(marker): huruf Pasal 17 UU 14/2008, misalnya h.3"
        return """
        ---
        # Entri register DIK. Kunci bertanda (publik) tampil di situs publik setelah ditetapkan;
        # kunci bertanda (internal) dan uraian di bawah --- penutup tidak pernah diterbitkan.
        # Petunjuk lengkap: docs/format.md
        id: \(id)  # (publik) nomor register; jangan diubah dan jangan dipakai ulang
        status: usulan  # (publik) usulan -> diuji -> ditetapkan -> dibuka / dicabut
        informasi:  # (publik) jenis informasinya, bukan isinya; wajib sejak diuji
        \(pasalLine)  # (publik)
        dasar_hukum: []  # (publik) dasar hukum lain, misalnya "UU 27/2022 tentang Pelindungan Data Pribadi"
        \(unitLine)  # (publik)
        jangka_waktu:  # (publik) wajib sejak ditetapkan; isi tepat satu:
          # tahun: 5            (boleh dengan mulai: TTTT-BB-HH)
          # sampai: 2030-12-31
          # peristiwa: sampai ditetapkannya ...
          # persetujuan: true   (sampai ada persetujuan tertulis yang bersangkutan)
          # tidak_terbatas: true
        konsekuensi_dibuka:  # (publik) akibat bila informasi dibuka
        pertimbangan_ditutup:  # (publik) mengapa menutup melindungi kepentingan yang lebih besar
        sebagian: false  # (publik) true bila hanya sebagian dokumen dikecualikan
        penetapan:  # (publik) wajib sejak ditetapkan: nomor dan tanggal
          nomor:
          tanggal:  # TTTT-BB-HH
          tempat:
          pejabat:  # pejabat PPID yang menetapkan
          disetujui_oleh:  # Atasan PPID
        riwayat: []  # (publik) daftar {tanggal, status, dasar}, urut tanggal
        uji_konsekuensi:  # (internal) wajib sejak diuji
          nomor:
          tanggal:
          peserta: []
          analisis:
        internal:  # (internal) catatan apa saja: lokasi arsip, kontak, dsb.
        ---

        Uraian internal (tidak pernah diterbitkan): uraikan informasinya, tempat arsip
        disimpan, dan alasan lengkap uji konsekuensi.

        """
    }
}

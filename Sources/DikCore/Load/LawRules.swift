import Foundation

/// Warnings from the law and from how real lists go wrong (see docs/format.md).
/// They never stop a build; `dik check --strict` treats them as errors.
public enum LawRules {
    static let temporaryCap: [Character: Int] = ["a": 30]
    static let endingSoonDays = 30

    /// Phrases of information Pasal 18(1) says may not be exempted.
    static let pasal18Phrases = [
        "putusan pengadilan", "putusan badan peradilan", "putusan hakim", "penghentian penyidikan",
        "penghentian penuntutan", "sp3", "skpp", "anggaran penegak hukum", "anggaran kepolisian",
        "anggaran kejaksaan", "laporan keuangan", "uang hasil korupsi", "pengembalian kerugian negara",
    ]

    public static func check(_ entry: Entry, on date: LocalDate) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let record = entry.record
        let letters = Set(record.pasal17.map(\.letter))
        let periodAt = entry.location(of: "jangka_waktu")

        if case .unlimited = record.period, let letter = letters.filter(Pasal17Catalogue.isTemporary).min() {
            findings.append(.warning(.unlimitedPeriodForTemporaryCategory(letter: letter), at: periodAt))
        }
        for (letter, cap) in temporaryCap where letters.contains(letter) {
            if let years = periodYears(record), years > cap || exceedsByDate(record, cap: cap) {
                findings.append(.warning(.periodOverCap(letter: letter, years: years, cap: cap), at: periodAt))
            }
        }
        if letters.contains("j"), !record.dasarHukum.contains(where: citesStatute) {
            let at = entry.locationIfWritten(of: "dasar_hukum") ?? entry.location(of: "pasal17")
            findings.append(.warning(.categoryJWithoutStatute, at: at))
        }
        if let informasi = record.informasi {
            let lowered = " " + informasi.lowercased() + " "
            if let phrase = pasal18Phrases.first(where: { containsWord(lowered, $0) }) {
                findings.append(.warning(.pasal18Forbidden(matched: phrase), at: entry.location(of: "informasi")))
            }
        }
        if record.status == .ditetapkan, let end = record.endDate {
            let days = date.days(until: end)
            if days <= 0 {
                findings.append(.warning(.periodEndedStillInForce(end: end.iso), at: periodAt))
            } else if days <= endingSoonDays {
                findings.append(.warning(.periodEndingSoon(end: end.iso, days: days), at: periodAt))
            }
        }
        if record.status == .dibuka || record.status == .dicabut,
           !record.riwayat.contains(where: { $0.status == record.status }) {
            findings.append(.warning(.openedWithoutHistory(status: record.status), at: entry.location(of: "status")))
        }
        findings += fileConventions(entry)
        return findings
    }

    static func fileConventions(_ entry: Entry) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let path = entry.source.displayPath
        let fileName = String(path.split(separator: "/").last ?? "")
        let stem = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
        if stem.lowercased() != entry.record.id.lowercased(), !entry.record.id.isEmpty {
            findings.append(.warning(.idDiffersFromFileName(id: entry.record.id, fileName: fileName),
                                     at: entry.location(of: "id")))
        }
        if !stem.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                                                             || $0 == "-" || $0 == "_" || $0 == ".") }) {
            findings.append(.warning(.fileOutsideRegisterConventions(
                reason: "nama berkas sebaiknya hanya huruf, angka dan tanda - (tanpa spasi)"),
                at: SourceLocation(path: path, line: 1, column: 1)))
        }
        return findings
    }

    static func periodYears(_ record: PublicRecord) -> Int? {
        switch record.period {
        case .years(let count, _): return count
        case .until(let end):
            guard let start = record.penetapan?.tanggal else { return nil }
            // Completed years; a remainder of days is caught by `exceedsByDate`.
            return end.year - start.year - ((end.month, end.day) < (start.month, start.day) ? 1 : 0)
        default: return nil
        }
    }

    static func exceedsByDate(_ record: PublicRecord, cap: Int) -> Bool {
        guard case .until(let end) = record.period, let start = record.penetapan?.tanggal else { return false }
        return end > start.adding(years: cap)
    }

    static func citesStatute(_ basis: String) -> Bool {
        let lowered = " " + basis.lowercased()
            .replacingOccurrences(of: ".", with: " ").replacingOccurrences(of: ",", with: " ") + " "
        return lowered.contains("undang-undang") || lowered.contains("undang undang")
            || lowered.contains(" uu ") || lowered.contains(" perppu ") || lowered.contains(" perpu ")
            || lowered.range(of: #" uu(no)? ?\d"#, options: .regularExpression) != nil
            || lowered.contains(" uu-")
    }

    static func containsWord(_ text: String, _ phrase: String) -> Bool {
        // Foundation's search matches canonically equivalent text; for ASCII text and
        // an ASCII phrase that is byte equality, so a byte search that finds nothing
        // settles it without Foundation, which most entries need for every phrase.
        if text.utf8.allSatisfy({ $0 < 0x80 }), phrase.utf8.allSatisfy({ $0 < 0x80 }),
           !ByteSearch.contains(phrase, in: text) {
            return false
        }
        guard let range = text.range(of: phrase) else { return false }
        let before = text[..<range.lowerBound].last
        let after = text[range.upperBound...].first
        return !(before?.isLetter ?? false) && !(after?.isLetter ?? false)
    }
}

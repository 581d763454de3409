import Foundation

/// Makes equal values share one string's storage. A register repeats its units,
/// officials, places, legal bases and consequence texts across thousands of entries;
/// each decoded copy would otherwise keep its own heap buffer for the whole build.
/// Unique values (ids, decree numbers, the analysis) are left alone.
final class StringInterner: @unchecked Sendable {
    private let lock = NSLock()
    private var table: Set<String> = []

    func intern(_ value: String) -> String {
        // Short strings live inside the String value itself: nothing to share.
        guard value.utf8.count > 15 else { return value }
        return lock.withLock {
            if let existing = table.firstIndex(of: value) { return table[existing] }
            table.insert(value)
            return value
        }
    }

    func intern(_ value: String?) -> String? { value.map { intern($0) } }

    func intern(_ entry: inout Entry) {
        var record = entry.record
        record.unit = intern(record.unit)
        record.informasi = intern(record.informasi)
        record.dasarHukum = record.dasarHukum.map { intern($0) }
        record.konsekuensiDibuka = intern(record.konsekuensiDibuka)
        record.pertimbanganDitutup = intern(record.pertimbanganDitutup)
        if case .event(let event) = record.period { record.period = .event(intern(event)) }
        if var decree = record.penetapan {
            decree.tempat = intern(decree.tempat)
            decree.pejabat = intern(decree.pejabat)
            decree.disetujuiOleh = intern(decree.disetujuiOleh)
            record.penetapan = decree
        }
        entry.record = record
        if var test = entry.consequenceTest {
            test.peserta = test.peserta.map { intern($0) }
            entry.consequenceTest = test
        }
    }
}

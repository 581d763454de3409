/// A calendar date without time or zone: the register speaks in days, and the build
/// date is the only clock.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Eight bytes rather than three Ints: a record carries several dates, a register
    // of a million records keeps them all.
    private let storedYear: Int32
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public var year: Int { Int(storedYear) }
    public var month: Int { Int(storedMonth) }
    public var day: Int { Int(storedDay) }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        storedYear = Int32(year)
        storedMonth = UInt8(month)
        storedDay = UInt8(day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's civil algorithm.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        // Only an absurd day number (a timestamp in another geological era) reaches
        // past Int32 years.
        storedYear = Int32(clamping: yoe + era * 400 + (m <= 2 ? 1 : 0))
        storedMonth = UInt8(m)
        storedDay = UInt8(d)
    }

    /// The same day N years later; 29 February falls back to 28 February.
    public func adding(years: Int) -> LocalDate {
        let target = year + years
        let lastDay = LocalDate.daysIn(month: month, year: target)
        return LocalDate(year: target, month: month, day: min(day, lastDay)) ?? self
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// Written straight into the string's ten bytes (a date is valid by construction,
    /// so every part fits): a register's pages, data files and feeds format tens of
    /// thousands of dates, and padding and joining strings cost twenty times as much.
    public var iso: String {
        String(unsafeUninitializedCapacity: 10) { bytes in
            ASCIIDigits.write(year, width: 4, into: bytes, at: 0)
            bytes[4] = UInt8(ascii: "-")
            ASCIIDigits.write(month, width: 2, into: bytes, at: 5)
            bytes[7] = UInt8(ascii: "-")
            ASCIIDigits.write(day, width: 2, into: bytes, at: 8)
            return 10
        }
    }

    public var description: String { iso }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// The date SOURCE_DATE_EPOCH names: whole seconds since 1970-01-01 UTC, digits
    /// only, up to the last second of 9999 (dates are written with four-digit years).
    /// Anything else is refused rather than ignored, so a build never silently takes
    /// today's date when the environment meant to pin it.
    public static func fromSourceDateEpoch(_ value: String) -> Result<LocalDate, Problem> {
        let latest = 253_402_300_799
        guard !value.isEmpty else {
            return .failure(.invalidSourceDateEpoch(value: value, reason: "kosong / empty"))
        }
        guard value.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return .failure(.invalidSourceDateEpoch(value: value, reason: "bukan bilangan bulat tak negatif / not a non-negative whole number"))
        }
        guard value.utf8.count <= 12, let seconds = Int(value), seconds <= latest else {
            return .failure(.invalidSourceDateEpoch(value: value, reason: "setelah tahun 9999 / after the year 9999"))
        }
        return .success(LocalDate(unixSeconds: seconds))
    }

    /// The date of a Unix timestamp in UTC (for SOURCE_DATE_EPOCH).
    public init(unixSeconds: Int) {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        self.init(dayNumber: days)
    }
}

/// Decimal digits of small non-negative numbers, written into a buffer.
enum ASCIIDigits {
    /// `value` in exactly `width` digits, zeros in front.
    static func write(_ value: Int, width: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            bytes[index] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
            rest /= 10
        }
    }

    /// How many digits `value` has (at least one).
    static func count(_ value: Int) -> Int {
        var count = 1, rest = value / 10
        while rest > 0 { count += 1; rest /= 10 }
        return count
    }
}

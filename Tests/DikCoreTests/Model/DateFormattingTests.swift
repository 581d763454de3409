@testable import DikCore
import DikTestSupport
import Testing

/// Dates are written straight into bytes; they must read as the plain formatting does.
@Suite("Dates read the same as plainly formatted ones")
struct DateFormattingTests {
    static func sampleDates() -> [LocalDate] {
        var dates: [LocalDate] = []
        for year in [1, 9, 10, 99, 100, 999, 1000, 1970, 2008, 2026, 9999] {
            for (month, day) in [(1, 1), (2, 28), (9, 9), (10, 10), (12, 31)] {
                if let date = LocalDate(year: year, month: month, day: day) { dates.append(date) }
            }
        }
        return dates
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    @Test func isoDatesAreZeroPaddedYearMonthDay() {
        let dates = Self.sampleDates()
        #expect(dates.count == 55)
        for date in dates {
            #expect(date.iso == "\(Self.padded(date.year, 4))-\(Self.padded(date.month, 2))-\(Self.padded(date.day, 2))")
            #expect(LocalDate(iso: date.iso) == date)
        }
    }

    @Test func readableDatesAreDayMonthNameYear() throws {
        let templates = try TemplateSet.load(theme: FixtureSite.themeFolder, siteRoot: nil).get()
        let indonesian = Wording(language: "id", templates: templates)
        let english = Wording(language: "en", templates: templates)
        #expect(indonesian.date(LocalDate(year: 2026, month: 11, day: 21)) == "21 November 2026")
        #expect(english.date(LocalDate(year: 8, month: 5, day: 3)) == "3 May 8")
        #expect(indonesian.date(nil) == "")
        let monthsID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                        "Oktober", "November", "Desember"]
        for date in Self.sampleDates() {
            #expect(indonesian.date(date) == "\(date.day) \(monthsID[date.month - 1]) \(date.year)")
        }
    }
}

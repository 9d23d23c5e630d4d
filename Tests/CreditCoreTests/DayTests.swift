import CreditCore
import Testing

@Suite struct DayTests {
    @Test(
        arguments: [
            ("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1), ("2000-02-29", 11_016),
            ("2024-02-29", 19_782), ("2026-03-01", 20_513), ("2026-12-31", 20_818), ("0001-01-01", -719_162),
            ("9999-12-31", 2_932_896),
        ] as [(String, Int32)])
    func parse_AndPrint_RoundTrip(text: String, daysSinceEpoch: Int32) throws {
        let day = try #require(Day(parsing: text))
        #expect(day.daysSinceEpoch == daysSinceEpoch)
        #expect(day.description == text)
        #expect(Day(daysSinceEpoch: daysSinceEpoch).description == text)
    }

    @Test(arguments: [
        "2026-02-29", "1900-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-32",
        "2026-01-00", "0000-01-01", "2026-1-01", "2026/01/01", "20260101", "2026-01-01 ", " 2026-01-01",
        "2026-01-0a", "+026-01-01", "", "2026-01-01T00:00:00Z",
    ])
    func parse_RejectsInvalidDates(text: String) {
        #expect(Day(parsing: text) == nil)
    }

    @Test(arguments: [(2024, true), (2000, true), (2026, false), (1900, false), (2100, false), (2400, true)])
    func leapYears_HaveFebruary29(year: Int, leap: Bool) {
        #expect((Day(year: year, month: 2, day: 29) != nil) == leap)
        #expect(
            Day(year: year, month: 3, day: 1)!.days(until: Day(year: year + 1, month: 3, day: 1)!)
                == (DayTests.isLeap(year + 1) ? 366 : 365))
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    @Test func everyDay_OfFourCenturies_RoundTripsThroughCivil() {
        var day = Day(year: 1901, month: 1, day: 1)!
        let end = Day(year: 2301, month: 1, day: 1)!
        var previous = day.civil
        while day < end {
            let civil = day.civil
            #expect(Day(year: civil.year, month: civil.month, day: civil.day) == day)
            if day.daysSinceEpoch > Day(year: 1901, month: 1, day: 1)!.daysSinceEpoch {
                let nextDay = civil.day == previous.day + 1 && civil.month == previous.month
                let nextMonth =
                    civil.day == 1 && (civil.month == previous.month + 1 || (civil.month == 1 && previous.month == 12))
                #expect(nextDay || nextMonth)
            }
            previous = civil
            day = day.adding(days: 1)
        }
    }

    @Test func daysUntil_CountsCalendarDays() {
        let a = Day(parsing: "2026-02-27")!
        let b = Day(parsing: "2026-03-01")!
        #expect(a.days(until: b) == 2)
        #expect(b.days(until: a) == -2)
        #expect(a.adding(days: 2) == b)
    }
}

@Suite struct InstantTests {
    @Test(
        arguments: [
            ("1970-01-01T00:00:00Z", 0), ("1969-12-31T23:59:59Z", -1), ("2026-11-23T09:30:00Z", 1_795_426_200),
            ("2024-02-29T23:59:59Z", 1_709_251_199), ("2000-01-01T12:00:00Z", 946_728_000),
            ("0001-01-01T00:00:00Z", -62_135_596_800), ("9999-12-31T23:59:59Z", 253_402_300_799),
        ] as [(String, Int64)])
    func parse_AndPrint_RoundTrip(text: String, seconds: Int64) throws {
        let instant = try #require(Instant(parsing: text))
        #expect(instant.secondsSinceEpoch == seconds)
        #expect(instant.description == text)
        #expect(Instant(secondsSinceEpoch: seconds).description == text)
    }

    @Test(arguments: [
        "2026-11-23T24:00:00Z", "2026-11-23T09:60:00Z", "2026-11-23T09:30:60Z", "2026-11-23 09:30:00Z",
        "2026-11-23T09:30:00", "2026-11-23T09:30:00+00:00", "2026-02-29T00:00:00Z", "2026-11-23t09:30:00Z",
        "2026-11-23T9:30:00Z", "", "2026-11-23",
    ])
    func parse_RejectsMalformed(text: String) {
        #expect(Instant(parsing: text) == nil)
    }

    @Test func utcDay_IsTheCalendarDay_EvenBeforeTheEpoch() {
        #expect(Instant(parsing: "2026-03-01T23:59:59Z")!.utcDay == Day(parsing: "2026-03-01"))
        #expect(Instant(parsing: "2026-03-02T00:00:00Z")!.utcDay == Day(parsing: "2026-03-02"))
        #expect(Instant(secondsSinceEpoch: -1).utcDay == Day(parsing: "1969-12-31"))
        #expect(Instant(secondsSinceEpoch: -86_400).utcDay == Day(parsing: "1969-12-31"))
        #expect(Instant(secondsSinceEpoch: -86_401).utcDay == Day(parsing: "1969-12-30"))
    }

    @Test func roundTrip_HoldsForManySeconds() {
        var seconds: Int64 = -2_000_000_000
        while seconds < 4_000_000_000 {
            let instant = Instant(secondsSinceEpoch: seconds)
            #expect(Instant(parsing: instant.description) == instant)
            seconds += 7_777_777
        }
    }

    @Test func moment_OfAnInstant_IsItsUTCDay() {
        let instant = Instant(parsing: "2026-03-01T22:30:00Z")!
        #expect(Moment(instant: instant).today == Day(parsing: "2026-03-01"))
        #expect(BusinessCalendar.utc.day(of: instant) == Day(parsing: "2026-03-01"))
    }
}

@Suite struct SpanTests {
    @Test(
        arguments: [
            ("30m", 1_800, "30m"), ("2h", 7_200, "2h"), ("3d", 259_200, "3d"), ("45s", 45, "45s"),
            ("90m", 5_400, "90m"), ("120m", 7_200, "2h"), ("48h", 172_800, "2d"), ("7d", 604_800, "7d"),
        ] as [(String, Int64, String)])
    func parse_AndPrint(text: String, seconds: Int64, printed: String) throws {
        let span = try #require(Period(parsing: text))
        #expect(span.seconds == seconds)
        #expect(span.description == printed)
        #expect(Period(parsing: printed) == span)
    }

    @Test(arguments: ["0m", "5x", "m", "", "5", "-5m", "+5m", "5M", "5 m", " 5m", "1.5h", "99999999d", "m5", "0d"])
    func parse_Rejects(text: String) {
        #expect(Period(parsing: text) == nil)
    }

    @Test func factories_MatchParsing() {
        #expect(Period.minutes(30) == Period(parsing: "30m"))
        #expect(Period.hours(2) == Period(parsing: "2h"))
        #expect(Period.days(3) == Period(parsing: "3d"))
        #expect(Instant(secondsSinceEpoch: 0).adding(.hours(1)).secondsSinceEpoch == 3600)
    }
}

/// Days and instants past the wire's range (computed, never read from a line) print as they
/// always did, with their years in full.
@Suite struct OutOfRangeDayTests {
    @Test func pastTheLastDay_PrintsTheYearInFull() {
        let day = Day.last.adding(days: 1)
        #expect(day.description == "10000-01-01")
        let instant = Instant(secondsSinceEpoch: (Int64(day.daysSinceEpoch)) * 86_400 + 3_661)
        #expect(instant.description == "10000-01-01T01:01:01Z")
    }
}

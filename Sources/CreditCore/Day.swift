/// A calendar day in the business time zone, counted from 1970-01-01.
///
/// "Days overdue" is a difference of two `Day`s, so it counts calendar days,
/// not 24-hour periods.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// 9999-12-31, the last day `YYYY-MM-DD` can write: a change whose date
    /// would pass it is refused, since its journal line could not be read back.
    public static let last = Day(year: 9999, month: 12, day: 31)!
    /// 0001-01-01, the first.
    public static let first = Day(year: 1, month: 1, day: 1)!

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + Int32(clamping: days)) }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    /// The same day of the month `months` later, or the month's last day when it is shorter.
    public func adding(months: Int) -> Day {
        let (year, month, day) = civil
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        return Day(year: newYear, month: newMonth, day: min(day, Day.daysIn(month: newMonth, year: newYear))) ?? self
    }

    public func days(until later: Day) -> Int { Int(later.daysSinceEpoch) - Int(daysSinceEpoch) }

    /// The day of a proleptic Gregorian date, or nil when the date does not exist
    /// (2026-02-29, month 13, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        daysSinceEpoch = Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Day.number(bytes[0..<4]), let month = Day.number(bytes[5..<7]),
            let day = Day.number(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month and day (Howard Hinnant's civil_from_days).
    public var civil: (year: Int, month: Int, day: Int) {
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var description: String {
        let (year, month, day) = civil
        // Only a day computed outside the wire's range has a year of other than 4 digits.
        guard self >= Day.first, self <= Day.last else {
            return Day.padded(year, 4) + "-" + Day.padded(month, 2) + "-" + Day.padded(day, 2)
        }
        return String(unsafeUninitializedCapacity: 10) { Day.write(year, month, day, into: $0, at: 0) }
    }

    /// Writes `YYYY-MM-DD` (10 bytes) at `start`, for a day from `first` to `last` (every day the
    /// wire carries); returns the index after it. The journal writes days this way, without a String.
    public func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let (year, month, day) = civil
        return Day.write(year, month, day, into: buffer, at: start)
    }

    private static func write(
        _ year: Int, _ month: Int, _ day: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var index = Day.writeDigits(year, 4, into: buffer, at: start)
        buffer[index] = UInt8(ascii: "-")
        index = Day.writeDigits(month, 2, into: buffer, at: index + 1)
        buffer[index] = UInt8(ascii: "-")
        return Day.writeDigits(day, 2, into: buffer, at: index + 1)
    }

    /// `value` with zeros before it up to `width` characters: days and instants outside the wire's
    /// range, which `write` does not take.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `value` (0 or more) as exactly `width` decimal digits, zero-padded.
    static func writeDigits(
        _ value: Int, _ width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var rest = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        return start + width
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

}

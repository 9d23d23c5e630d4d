/// A moment in UTC, to the second. Every stored instant is one of these.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    /// 9999-12-31T23:59:59Z, the last instant the wire form can write (see `Day.last`).
    public static let last = Instant(secondsSinceEpoch: (Int64(Day.last.daysSinceEpoch) + 1) * 86_400 - 1)

    public func adding(_ span: Period) -> Instant {
        Instant(secondsSinceEpoch: secondsSinceEpoch + span.seconds)
    }

    /// The UTC calendar day this instant falls on.
    public var utcDay: Day {
        let (days, remainder) = secondsSinceEpoch.quotientAndRemainder(dividingBy: 86_400)
        return Day(daysSinceEpoch: Int32(remainder < 0 ? days - 1 : days))
    }

    /// Parses exactly `YYYY-MM-DDThh:mm:ssZ`.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
            let day = Day(parsing: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = Day.number(bytes[11..<13]), let minute = Day.number(bytes[14..<16]),
            let second = Day.number(bytes[17..<19]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        secondsSinceEpoch = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// `2026-11-23T09:30:00Z`.
    public var description: String {
        let day = utcDay
        guard day >= Day.first, day <= Day.last else {
            let seconds = Int(secondsSinceEpoch - Int64(day.daysSinceEpoch) * 86_400)
            return "\(day)T" + Day.padded(seconds / 3600, 2) + ":" + Day.padded(seconds / 60 % 60, 2) + ":"
                + Day.padded(seconds % 60, 2) + "Z"
        }
        return String(unsafeUninitializedCapacity: Instant.width) { write(into: $0, at: 0) }
    }

    /// The bytes `description` has.
    public static let width = 20

    /// Writes `YYYY-MM-DDThh:mm:ssZ` at `start`, for an instant of a day from `Day.first` to
    /// `Day.last`; returns the index after it.
    public func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let day = utcDay
        let seconds = Int(secondsSinceEpoch - Int64(day.daysSinceEpoch) * 86_400)
        var index = day.write(into: buffer, at: start)
        buffer[index] = UInt8(ascii: "T")
        index = Day.writeDigits(seconds / 3600, 2, into: buffer, at: index + 1)
        buffer[index] = UInt8(ascii: ":")
        index = Day.writeDigits(seconds / 60 % 60, 2, into: buffer, at: index + 1)
        buffer[index] = UInt8(ascii: ":")
        index = Day.writeDigits(seconds % 60, 2, into: buffer, at: index + 1)
        buffer[index] = UInt8(ascii: "Z")
        return index + 1
    }
}

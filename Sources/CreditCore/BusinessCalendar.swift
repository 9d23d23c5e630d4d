import Foundation

/// Turns an instant into the calendar day of the company's business time zone
/// (DOMAIN.md "Money and time": dates are business days, instants are UTC).
public struct BusinessCalendar: Sendable {
    public let timeZone: TimeZone

    public static let utc = BusinessCalendar(timeZone: TimeZone(secondsFromGMT: 0)!)

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// A calendar for an IANA zone name such as `Asia/Jerusalem`, or nil if unknown.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        timeZone = zone
    }

    public func day(of instant: Instant) -> Day {
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.secondsSinceEpoch)))
        return Instant(secondsSinceEpoch: instant.secondsSinceEpoch + Int64(offset)).utcDay
    }

    public func moment(at instant: Instant) -> Moment {
        Moment(instant: instant, today: day(of: instant))
    }
}

/// "Now", as every rule sees it: the instant and the business day it falls on.
/// The server takes it from one injectable clock; tests make their own.
public struct Moment: Hashable, Sendable {
    public let instant: Instant
    public let today: Day

    public init(instant: Instant, today: Day) {
        self.instant = instant
        self.today = today
    }

    /// A moment whose business day is the UTC day (tests, replay without a zone).
    public init(instant: Instant) {
        self.init(instant: instant, today: instant.utcDay)
    }
}

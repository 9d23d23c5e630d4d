/// Payment terms (R-COL-4): net days from the invoice date (`30`), or the end
/// of the invoice's month plus days (`eom+30`, the Israeli שוטף+30; `eom` alone
/// is the month's last day).
public struct Terms: Hashable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public let days: Int
    public let endOfMonth: Bool

    public init(days: Int, endOfMonth: Bool = false) {
        self.days = days
        self.endOfMonth = endOfMonth
    }

    public init(integerLiteral days: Int) { self.init(days: days) }

    /// `<days>`, `eom` or `eom+<days>` (any case); days 0 to 3650.
    public init?(parsing text: some StringProtocol) {
        let lower = text.lowercased()
        let endOfMonth = lower.hasPrefix("eom")
        let number =
            endOfMonth ? (lower == "eom" ? "0" : lower.hasPrefix("eom+") ? String(lower.dropFirst(4)) : "") : lower
        guard !number.isEmpty, number.count <= 4, number.allSatisfy({ $0 >= "0" && $0 <= "9" }), let days = Int(number),
            Terms.range.contains(days)
        else { return nil }
        self.init(days: days, endOfMonth: endOfMonth)
    }

    public static let range = 0...3650

    public var description: String { endOfMonth ? (days == 0 ? "eom" : "eom+\(days)") : "\(days)" }

    /// The due date of an invoice issued on `issued`.
    public func due(issued: Day) -> Day {
        guard endOfMonth else { return issued.adding(days: days) }
        let (year, month, _) = issued.civil
        return issued.adding(days: Day.daysIn(month: month, year: year) - issued.civil.day + days)
    }

    /// The longest an invoice may wait: what "longer terms" compares (raising terms needs a manager).
    public var longest: Int { days + (endOfMonth ? 30 : 0) }
}

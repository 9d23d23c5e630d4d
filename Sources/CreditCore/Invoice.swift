/// An invoice (an open item) of a customer. It counts toward exposure while
/// `open` is positive, and toward the overdue rule once its due date is past.
public struct Invoice: Hashable, Sendable {
    public let id: String
    public let amount: Money
    public let issued: Day
    public let due: Day
    /// What is still owed on it: `amount` less what payments settled.
    public internal(set) var open: Money
    /// The order it was raised for, if the ERP said.
    public let order: String?
    public let recordedAt: Instant
    public let recordedBy: String

    public init(id: String, amount: Money, issued: Day, due: Day, open: Money, order: String?,
                recordedAt: Instant, recordedBy: String) {
        self.id = id
        self.amount = amount
        self.issued = issued
        self.due = due
        self.open = open
        self.order = order
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    public var isOpen: Bool { open.isPositive }

    /// Calendar days past due on `today` (0 or less: not yet due).
    public func daysPastDue(on today: Day) -> Int { due.days(until: today) }
}

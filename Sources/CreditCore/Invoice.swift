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
    /// An open dispute: the item does not count as overdue (R-COL-5).
    public internal(set) var dispute: Dispute?
    /// When a dispute was resolved: the item keeps its due date for aging, and counts toward
    /// OVERDUE again `dispute.pay_days` after this day (R-COL-5).
    public internal(set) var resolvedOn: Day?
    /// Under a payment plan: not overdue while the plan is kept (R-COL-6).
    public internal(set) var planned: Bool
    /// Removed by VOID as entered by mistake: kept for HISTORY, its id free to be used again.
    public internal(set) var voided: Bool
    /// A late charge posted by CHARGE (kind `charge`): what it charges for (R-COL-9).
    public let charge: Charge?
    /// Its place in the customer's history (`Customer.events`), so same-second entries keep their order.
    public internal(set) var ordinal = 0

    public init(id: String, amount: Money, issued: Day, due: Day, open: Money, order: String?,
                recordedAt: Instant, recordedBy: String, dispute: Dispute? = nil, resolvedOn: Day? = nil,
                planned: Bool = false, voided: Bool = false, charge: Charge? = nil) {
        self.voided = voided
        self.charge = charge
        self.dispute = dispute
        self.resolvedOn = resolvedOn
        self.planned = planned
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

    /// Calendar days past its due date on `today` (0 or less: not yet due); a dispute does not change it.
    public func daysPastDue(on today: Day) -> Int { due.days(until: today) }

    /// Whether the overdue rule may count it on `today`: not in the `payDays` after its dispute was resolved.
    public func isPayable(on today: Day, payDays: Int) -> Bool {
        guard let resolvedOn else { return true }
        return resolvedOn.adding(days: payDays) <= today
    }
}

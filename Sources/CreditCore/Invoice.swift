/// An invoice (an open item) of a customer. It counts toward exposure while
/// `open` is positive, and toward the overdue rule once its due date is past.
public struct Invoice: Hashable, Sendable {
    public let id: String
    public let amount: Money
    public let issued: Day
    public let due: Day
    /// What is still owed on it: `amount` less what payments settled.
    public internal(set) var open: Money
    public let recordedAt: Instant
    public let recordedBy: String
    /// The order, dispute and resolution, which most invoices never have: nil until one is set.
    private var details: Details?
    /// Under a payment plan: not overdue while the plan is kept (R-COL-6).
    public internal(set) var planned: Bool
    /// Removed by VOID as entered by mistake: kept for HISTORY, its id free to be used again.
    public internal(set) var voided: Bool
    /// Its place in the customer's history (`Customer.events`), so same-second entries keep their order.
    public internal(set) var ordinal = 0

    public init(id: String, amount: Money, issued: Day, due: Day, open: Money, order: String?,
                recordedAt: Instant, recordedBy: String, dispute: Dispute? = nil, resolvedOn: Day? = nil,
                planned: Bool = false, voided: Bool = false) {
        self.voided = voided
        self.details = Details.make(order: order, dispute: dispute, resolvedOn: resolvedOn)
        self.planned = planned
        self.id = id
        self.amount = amount
        self.issued = issued
        self.due = due
        self.open = open
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// The order it was raised for, if the ERP said.
    public var order: String? { details?.order }

    /// An open dispute: the item does not count as overdue (R-COL-5).
    public internal(set) var dispute: Dispute? {
        get { details?.dispute }
        set { details = Details.make(order: order, dispute: newValue, resolvedOn: resolvedOn) }
    }

    /// When a dispute was resolved: the item keeps its due date for aging, and counts toward
    /// OVERDUE again `dispute.pay_days` after this day (R-COL-5).
    public internal(set) var resolvedOn: Day? {
        get { details?.resolvedOn }
        set { details = Details.make(order: order, dispute: dispute, resolvedOn: newValue) }
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

extension Invoice {
    /// An invoice's rarely set fields in one immutable box (a change makes a new
    /// one), so an invoice without them is 88 bytes instead of 144.
    final class Details: Hashable, Sendable {
        let order: String?
        let dispute: Dispute?
        let resolvedOn: Day?

        private init(order: String?, dispute: Dispute?, resolvedOn: Day?) {
            self.order = order
            self.dispute = dispute
            self.resolvedOn = resolvedOn
        }

        /// The box for these fields; nil when none is set, so equal invoices hold equal boxes.
        static func make(order: String?, dispute: Dispute?, resolvedOn: Day?) -> Details? {
            order == nil && dispute == nil && resolvedOn == nil ? nil
                : Details(order: order, dispute: dispute, resolvedOn: resolvedOn)
        }

        static func == (lhs: Details, rhs: Details) -> Bool {
            lhs.order == rhs.order && lhs.dispute == rhs.dispute && lhs.resolvedOn == rhs.resolvedOn
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(order)
            hasher.combine(dispute)
            hasher.combine(resolvedOn)
        }
    }
}

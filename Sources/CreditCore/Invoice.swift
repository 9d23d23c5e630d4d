/// An invoice (an open item) of a customer. It counts toward exposure while
/// `open` is positive, and toward the overdue rule once its due date is past.
public struct Invoice: Hashable, Sendable {
    public let id: String
    public let amount: Money
    /// What is still owed on it: `amount` less what payments settled.
    public internal(set) var open: Money
    public let recordedAt: Instant
    /// The order, dispute, resolution and flags, which most invoices never have: nil until one is set.
    private var details: Details?
    public let issued: Day
    public let due: Day
    /// `ordinal` when it fits in 32 bits (else 0, and the ordinal is in `details`): with `recorder`
    /// beside it, an invoice is 64 bytes instead of 80.
    private var compactOrdinal: Int32 = 0
    let recorder: UserName

    public init(
        id: String, amount: Money, issued: Day, due: Day, open: Money, order: String?,
        recordedAt: Instant, recordedBy: String, dispute: Dispute? = nil, resolvedOn: Day? = nil,
        planned: Bool = false, voided: Bool = false, charge: Charge? = nil
    ) {
        self.init(
            id: id, amount: amount, issued: issued, due: due, open: open, recordedAt: recordedAt,
            recorder: UserName(recordedBy),
            details: Details.Fields(
                order: order, dispute: dispute, resolvedOn: resolvedOn,
                planned: planned, voided: voided, charge: charge))
    }

    init(
        id: String, amount: Money, issued: Day, due: Day, open: Money, recordedAt: Instant, recorder: UserName,
        details: Details.Fields, ordinal: Int = 0
    ) {
        self.id = id
        self.amount = amount
        self.issued = issued
        self.due = due
        self.open = open
        self.recordedAt = recordedAt
        self.recorder = recorder
        self.details = Details.make(details)
        self.ordinal = ordinal
    }

    public var recordedBy: String { recorder.name }

    /// Its place in the customer's history (numbered by `Customer.lastOrdinal`), so same-second entries keep their order.
    public internal(set) var ordinal: Int {
        get { details?.fields.ordinal ?? Int(compactOrdinal) }
        set {
            if let compact = Int32(exactly: newValue) {
                compactOrdinal = compact
                if details?.fields.ordinal != nil { change { $0.ordinal = nil } }
            } else {
                compactOrdinal = 0
                change { $0.ordinal = newValue }
            }
        }
    }

    /// The order it was raised for, if the ERP said.
    public var order: String? { details?.fields.order }

    /// An open dispute: the item does not count as overdue (R-COL-5).
    public internal(set) var dispute: Dispute? {
        get { details?.fields.dispute }
        set { change { $0.dispute = newValue } }
    }

    /// When a dispute was resolved: the item keeps its due date for aging, and counts toward
    /// OVERDUE again `dispute.pay_days` after this day (R-COL-5).
    public internal(set) var resolvedOn: Day? {
        get { details?.fields.resolvedOn }
        set { change { $0.resolvedOn = newValue } }
    }

    /// Under a payment plan: not overdue while the plan is kept (R-COL-6).
    public internal(set) var planned: Bool {
        get { details?.fields.planned ?? false }
        set { change { $0.planned = newValue } }
    }

    /// Removed by VOID as entered by mistake: kept for HISTORY, its id free to be used again.
    public internal(set) var voided: Bool {
        get { details?.fields.voided ?? false }
        set { change { $0.voided = newValue } }
    }

    /// A late charge posted by CHARGE (kind `charge`): what it charges for (R-COL-9).
    public var charge: Charge? { details?.fields.charge }

    private mutating func change(_ body: (inout Details.Fields) -> Void) {
        var fields = details?.fields ?? Details.Fields()
        body(&fields)
        details = Details.make(fields)
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
    /// An invoice's rarely set fields in one immutable box (a change makes a
    /// new one), so an invoice without them is 64 bytes instead of 144.
    final class Details: Hashable, Sendable {
        struct Fields: Hashable, Sendable {
            var order: String?
            var dispute: Dispute?
            var resolvedOn: Day?
            var planned = false
            var voided = false
            var charge: Charge?
            /// An ordinal past 32 bits (a customer with billions of history entries).
            var ordinal: Int?

            var isEmpty: Bool {
                order == nil && dispute == nil && resolvedOn == nil && !planned && !voided && charge == nil
                    && ordinal == nil
            }
        }

        let fields: Fields

        private init(_ fields: Fields) {
            self.fields = fields
        }

        /// The box for these fields; nil when none is set, so equal invoices hold equal boxes.
        static func make(_ fields: Fields) -> Details? {
            fields.isEmpty ? nil : Details(fields)
        }

        static func == (lhs: Details, rhs: Details) -> Bool { lhs.fields == rhs.fields }

        func hash(into hasher: inout Hasher) { hasher.combine(fields) }
    }
}

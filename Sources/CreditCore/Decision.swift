/// The answer to "may we supply this customer, for this amount, right now?",
/// with the figures behind it. Computed from the state at the moment of the
/// question (R-UNB-3), so an automatic hold lifts as soon as its cause is gone
/// (R-UNB-2).
public struct Decision: Hashable, Sendable {
    public let customer: String
    public let amount: Money
    public let limit: Money
    public let exposure: Money
    /// Credit set aside for other orders that passed CHECK and are not invoiced yet.
    public let reserved: Money
    /// Reasons that hold the customer now. Empty means supply.
    public internal(set) var reasons: HoldReason
    /// Reasons a strategic customer would have been held for (R-BLK-7).
    public let warnings: HoldReason
    /// What the override in `override` let through.
    public internal(set) var overridden: HoldReason
    /// How many days the oldest open item is past due (0: none is).
    public let overdueDays: Int
    /// The block's reason, the oldest item past due and the override used, which most decisions
    /// have none of: behind one reference, nil then, so a decision is 72 bytes with two references
    /// instead of 120 with four, and CHECK moves and frees the smaller value.
    private var notes: Notes?

    /// The manual block's reason code, when the customer is blocked.
    public var blockReason: String? { notes?.blockReason }
    /// The id of the oldest open item once it is past due.
    public var oldest: String? { notes?.oldest }
    /// The override that let a held customer through.
    public internal(set) var override: String? {
        get { notes?.override }
        set { notes = Notes.of(blockReason: blockReason, oldest: oldest, override: newValue) }
    }

    init(
        customer: String, amount: Money, limit: Money, exposure: Money, reserved: Money, reasons: HoldReason,
        warnings: HoldReason, blockReason: String?, oldest: String?, overdueDays: Int
    ) {
        self.customer = customer
        self.amount = amount
        self.limit = limit
        self.exposure = exposure
        self.reserved = reserved
        self.reasons = reasons
        self.warnings = warnings
        self.overridden = []
        self.overdueDays = overdueDays
        self.notes = Notes.of(blockReason: blockReason, oldest: oldest, override: nil)
    }

    /// `Decision`'s rarely set texts, never changed once made.
    final class Notes: Hashable, Sendable {
        let blockReason: String?
        let oldest: String?
        let override: String?

        private init(blockReason: String?, oldest: String?, override: String?) {
            self.blockReason = blockReason
            self.oldest = oldest
            self.override = override
        }

        /// Nil when none is set (a failable `init` of a class would allocate before it fails).
        static func of(blockReason: String?, oldest: String?, override: String?) -> Notes? {
            guard blockReason != nil || oldest != nil || override != nil else { return nil }
            return Notes(blockReason: blockReason, oldest: oldest, override: override)
        }

        static func == (lhs: Notes, rhs: Notes) -> Bool {
            lhs.blockReason == rhs.blockReason && lhs.oldest == rhs.oldest && lhs.override == rhs.override
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(blockReason)
            hasher.combine(oldest)
            hasher.combine(override)
        }
    }

    public var available: Money { Money(minorUnits: limit.minorUnits &- exposure.minorUnits &- reserved.minorUnits) }
    public var isHold: Bool { !reasons.isEmpty }

    /// Evaluates the customer's state; overrides are applied by `Ledger.check`.
    /// `order` is the order asked for: its own reservation is not counted against it.
    public static func evaluate(
        _ customer: Customer, amount: Money, order: String? = nil, policy: Policy,
        at moment: Moment
    ) -> Decision {
        let rules = policy[customer.riskClass]
        let today = moment.today
        // Most customers of a large book have none of the extras (`CustomerExtras`: a block, a
        // temporary limit, guarantees, reservations, a plan, instruments, promises, a credit): their
        // reads are skipped together instead of asked one by one (CHECK asks every time).
        let extras = customer.hasExtras
        let limit =
            extras
            ? Money(
                minorUnits: customer.limit(under: policy, on: today).minorUnits
                    &+ customer.guaranteed(on: today).minorUnits)
            : customer.limit(under: policy)
        let exposure = extras ? customer.exposure : customer.openTotal
        let reserved =
            !extras || customer.reservations.isEmpty ? .zero : customer.reserved(at: moment.instant, except: order)
        // The reason alone: a `ManualBlock?` made (and freed) for every CHECK cost more than reading it.
        let blockReason = extras ? customer.block?.reason : nil
        var reasons: HoldReason = []
        if blockReason != nil { reasons.insert(.manual) }
        let (wanted, overflow) = (exposure.minorUnits &+ reserved.minorUnits).addingReportingOverflow(amount.minorUnits)
        if overflow || wanted > limit.minorUnits { reasons.insert(.overLimit) }
        let planBehind = extras && customer.planInArrears(on: today)
        if planBehind { reasons.insert(.planDefault) }
        let (oldest, overdue) =
            customer.invoices.isEmpty
            ? (nil, false)
            : customer.overdue(
                on: today, grace: rules.graceDays, minimum: rules.minimumOverdue,
                planKept: !planBehind, payDays: policy.disputePayDays)
        let overdueDays = oldest.map { max(0, customer.invoices[$0].daysPastDue(on: today)) } ?? 0
        if overdue { reasons.insert(.overdue) }
        if extras, !customer.instruments.isEmpty, customer.unpaidBounces() >= rules.bouncedLimit {
            reasons.insert(.bounced)
        }
        if extras, !customer.promises.isEmpty, customer.brokenPromises(on: today) >= rules.brokenPromiseLimit {
            reasons.insert(.brokenPromise)
        }
        if customer.stage.holds { reasons.insert(.agency) }
        var warnings: HoldReason = []
        if customer.strategic {
            warnings = reasons.intersection(.credit)
            reasons.subtract(.credit)
        }
        return Decision(
            customer: customer.id, amount: amount, limit: limit, exposure: exposure, reserved: reserved,
            reasons: reasons, warnings: warnings, blockReason: blockReason,
            oldest: overdueDays > 0 ? oldest.map { customer.invoices[$0].id } : nil, overdueDays: overdueDays)
    }
}

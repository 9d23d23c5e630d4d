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
    /// The manual block's reason code, when the customer is blocked.
    public let blockReason: String?
    /// The id of the oldest open item once it is past due, and how many days.
    public let oldest: String?
    public let overdueDays: Int
    /// The override that let a held customer through, with what it passed.
    public internal(set) var override: String?
    public internal(set) var overridden: HoldReason

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
        let limit = Money(
            minorUnits: customer.limit(under: policy, on: today).minorUnits
                &+ customer.guaranteed(on: today).minorUnits)
        let exposure = customer.exposure
        let reserved = customer.reservations.isEmpty ? .zero : customer.reserved(at: moment.instant, except: order)
        var reasons: HoldReason = []
        if customer.block != nil { reasons.insert(.manual) }
        let (wanted, overflow) = (exposure.minorUnits &+ reserved.minorUnits).addingReportingOverflow(amount.minorUnits)
        if overflow || wanted > limit.minorUnits { reasons.insert(.overLimit) }
        let planBehind = customer.planInArrears(on: today)
        if planBehind { reasons.insert(.planDefault) }
        let (oldest, overdue) = customer.overdue(
            on: today, grace: rules.graceDays, minimum: rules.minimumOverdue,
            planKept: !planBehind, payDays: policy.disputePayDays)
        let overdueDays = oldest.map { max(0, customer.invoices[$0].daysPastDue(on: today)) } ?? 0
        if overdue { reasons.insert(.overdue) }
        if !customer.instruments.isEmpty, customer.unpaidBounces() >= rules.bouncedLimit { reasons.insert(.bounced) }
        if !customer.promises.isEmpty, customer.brokenPromises(on: today) >= rules.brokenPromiseLimit {
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
            reasons: reasons, warnings: warnings, blockReason: customer.block?.reason,
            oldest: overdueDays > 0 ? oldest.map { customer.invoices[$0].id } : nil, overdueDays: overdueDays,
            override: nil, overridden: [])
    }
}

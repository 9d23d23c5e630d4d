/// The answer to "may we supply this customer, for this amount, right now?",
/// with the figures behind it. Computed from the state at the moment of the
/// question (R-UNB-3), so an automatic hold lifts as soon as its cause is gone
/// (R-UNB-2).
public struct Decision: Hashable, Sendable {
    public let customer: String
    public let amount: Money
    public let limit: Money
    public let exposure: Money
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

    public var available: Money { Money(minorUnits: limit.minorUnits &- exposure.minorUnits) }
    public var isHold: Bool { !reasons.isEmpty }

    /// Evaluates the customer's state; overrides are applied by `Ledger.check`.
    public static func evaluate(_ customer: Customer, amount: Money, policy: Policy, today: Day) -> Decision {
        let limit = customer.limit(under: policy)
        let exposure = customer.exposure
        var reasons: HoldReason = []
        if customer.block != nil { reasons.insert(.manual) }
        let (wanted, overflow) = exposure.minorUnits.addingReportingOverflow(amount.minorUnits)
        if overflow || wanted > limit.minorUnits { reasons.insert(.overLimit) }
        let oldest = customer.oldestOpenIndex()
        let overdueDays = oldest.map { max(0, customer.invoices[$0].daysPastDue(on: today)) } ?? 0
        if overdueDays > policy[customer.riskClass].graceDays { reasons.insert(.overdue) }
        var warnings: HoldReason = []
        if customer.strategic {
            warnings = reasons.intersection(.credit)
            reasons.subtract(.credit)
        }
        return Decision(customer: customer.id, amount: amount, limit: limit, exposure: exposure,
                        reasons: reasons, warnings: warnings, blockReason: customer.block?.reason,
                        oldest: overdueDays > 0 ? oldest.map { customer.invoices[$0].id } : nil, overdueDays: overdueDays,
                        override: nil, overridden: [])
    }
}

/// A payment plan (R-COL-6): an agreed debt paid in equal instalments. The
/// open items under it stop counting as overdue while the instalments are
/// paid on time; falling behind holds the customer (`PLAN_DEFAULT`) until
/// the arrears are paid.
public struct PaymentPlan: Hashable, Sendable {
    public let total: Money
    public let instalments: Int
    /// Days between instalments.
    public let every: Int
    public let first: Day
    public let note: String
    public let at: Instant
    public let by: String
    /// What was open on the planned items when the plan began: progress is
    /// measured on those items only, so paying new invoices does not count.
    public let startOpen: Money

    public init(
        total: Money, instalments: Int, every: Int, first: Day, note: String, at: Instant, by: String,
        startOpen: Money
    ) {
        self.startOpen = startOpen
        self.total = total
        self.instalments = instalments
        self.every = every
        self.first = first
        self.note = note
        self.at = at
        self.by = by
    }

    /// Instalment `index` (0-based): its due day and amount; the last takes the remainder.
    public func instalment(_ index: Int) -> (due: Day, amount: Money) {
        let share = total.minorUnits / Int64(instalments)
        let amount = index == instalments - 1 ? total.minorUnits - share * Int64(instalments - 1) : share
        return (first.adding(days: index * every), Money(minorUnits: amount))
    }

    /// What should have been paid before `today` (instalments due on an earlier day).
    public func dueBefore(_ today: Day) -> Money {
        var due: Int64 = 0
        for index in 0..<instalments {
            let (day, amount) = instalment(index)
            guard day < today else { break }
            due += amount.minorUnits
        }
        return Money(minorUnits: due)
    }
}

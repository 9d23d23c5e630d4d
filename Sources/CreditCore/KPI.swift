/// The figures a credit manager reports for a period (R-KPI-1): receivables, DSO by the countback
/// method, the collection effectiveness index, the overdue share, customers held, overrides issued.
/// Every figure is exact: money in minor units summed in 128 bits (a book's invoices over the
/// years may pass Int64), ratios as integers rounded half up.
public struct KPI: Hashable, Sendable {
    public var from: Day
    public var to: Day
    /// Receivables at the end of `from`'s eve and of `to`: invoices dated by then less receipts by then.
    public var opening: Int128 = 0
    public var receivables: Int128 = 0
    /// The part of `receivables` not yet due on `to` (the items due last stay open: payments settle the oldest).
    public var current: Int128 = 0
    /// What customers who owe on `to` owe past due: their balance less what is not yet due.
    public var overdue: Int128 = 0
    public var sales: Int128 = 0
    /// Sales per countback window: index k is the k-th month back from `to`.
    public var windows: [Int128]
    public var customers = 0
    public var held = 0
    public var overrides = 0

    /// How many months back DSO counts at most.
    public static let countbackMonths = 120

    public init(from: Day, to: Day) {
        self.from = from
        self.to = to
        windows = Array(repeating: 0, count: KPI.countbackMonths)
    }

    /// DSO, in tenths of a day: the months back from `to` whose sales the receivables use up in
    /// full count all their days, the last one the share of its days that the rest of its sales is.
    public var dsoTenths: Int64 {
        var remaining = receivables
        var tenths: Int128 = 0
        for (k, sales) in windows.enumerated() where remaining > 0 {
            let days = Int64(to.adding(months: -(k + 1)).days(until: to.adding(months: -k)))
            if sales >= remaining {
                return Int64(clamping: tenths + Int128(KPI.rounded(Int128(days) * remaining * 10, sales)))
            }
            tenths += Int128(days) * 10
            remaining -= sales
        }
        return Int64(clamping: tenths)
    }

    /// The collection effectiveness index in hundredths of a percent, nil when nothing was collectible.
    public var ceiHundredths: Int64? {
        let collectible = opening + sales
        let denominator = collectible - current
        guard denominator > 0 else { return nil }
        return KPI.rounded((collectible - receivables) * 10_000, denominator)
    }

    /// The overdue share of what customers owe (current + overdue) in hundredths of a percent, nil when nobody owes.
    public var overdueShareHundredths: Int64? {
        guard current + overdue > 0 else { return nil }
        return KPI.rounded(overdue * 10_000, current + overdue)
    }

    /// `numerator / denominator` rounded half up (away from zero), the denominator positive.
    static func rounded(_ numerator: Int128, _ denominator: Int128) -> Int64 {
        let magnitude = (numerator.magnitude * 2 + denominator.magnitude) / (denominator.magnitude * 2)
        return Int64(clamping: numerator < 0 ? -Int128(magnitude) : Int128(magnitude))
    }

    /// `1234` with `places` 1 is "123.4"; 2 places, "12.34".
    public static func decimal(_ value: Int64, places: Int) -> String {
        let scale: Int64 = places == 1 ? 10 : 100
        let sign = value < 0 ? "-" : ""
        let fraction = String(abs(value % scale))
        return sign + "\(abs(value / scale))." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// Adds one customer's invoices and receipts.
    mutating func add(_ customer: Customer) {
        customers += 1
        let eve = from.adding(days: -1)
        var (owed, owedBefore, notDue): (Int128, Int128, Int128) = (0, 0, 0)
        for invoice in customer.invoices where !invoice.voided && invoice.issued <= to {
            let amount = Int128(invoice.amount.minorUnits)
            owed += amount
            if invoice.issued <= eve { owedBefore += amount }
            if invoice.issued >= from { sales += amount }
            if invoice.due > to { notDue += amount }
            // Months are 28 to 31 days: its window is the first from days/31 on that starts before it.
            for k in min(invoice.issued.days(until: to) / 31, KPI.countbackMonths)..<KPI.countbackMonths
            where invoice.issued > to.adding(months: -(k + 1)) {
                windows[k] += amount
                break
            }
        }
        func received(_ amount: Money, on day: Day, until end: Day? = nil) {
            if day <= to, end.map({ $0 > to }) ?? true { owed -= Int128(amount.minorUnits) }
            if day <= eve, end.map({ $0 > eve }) ?? true { owedBefore -= Int128(amount.minorUnits) }
        }
        for payment in customer.payments { received(payment.amount, on: payment.at.utcDay) }
        for note in customer.creditNotes { received(note.amount, on: note.at.utcDay) }
        for instrument in customer.instruments {
            received(
                instrument.amount, on: instrument.at.utcDay,
                until: instrument.state == .bounced ? instrument.settledAt?.utcDay : nil)
        }
        receivables += owed
        opening += owedBefore
        current += min(max(0, owed), notDue)
        overdue += max(0, owed) - min(max(0, owed), notDue)
        overrides += customer.overrides.count { $0.issued.utcDay >= from && $0.issued.utcDay <= to }
    }
}

extension Ledger {
    /// KPI over `from`...`to` (both days included); `held` counts the customers held at `moment`.
    public func kpi(from: Day, to: Day, at moment: Moment) -> KPI {
        var kpi = KPI(from: from, to: to)
        for customer in customers.values {
            kpi.add(customer)
            if Decision.evaluate(customer, amount: .zero, policy: policy, at: moment).isHold { kpi.held += 1 }
        }
        return kpi
    }
}

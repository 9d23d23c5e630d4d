/// A late charge CHARGES proposes on one overdue item (R-COL-9): simple interest for the days
/// past due not yet charged, and the late fee when nothing has been charged on the item yet.
public struct ChargeProposal: Hashable, Sendable {
    /// `LC-<item ordinal>-<YYYYMMDD of to>`: CHARGE posts it under this id.
    public let id: String
    public let item: Invoice
    /// The interest runs over the days after `from` up to and including `to`.
    public let from: Day
    public let to: Day
    /// The class's yearly rate, in hundredths of a percent.
    public let basisPoints: Int
    public let interest: Money
    public let fee: Money

    public var days: Int { from.days(until: to) }
    /// Interest and fee; at most Int64.max (a clamped interest plus a fee must not trap).
    public var amount: Money {
        let (sum, overflow) = interest.minorUnits.addingReportingOverflow(fee.minorUnits)
        return Money(minorUnits: overflow ? .max : sum)
    }

    /// `open × rate × days / 365`, the rate in hundredths of a percent, rounded half up to the minor unit.
    public static func interest(on open: Money, basisPoints: Int, days: Int) -> Money {
        guard open.isPositive, basisPoints > 0, days > 0 else { return .zero }
        let numerator = Int128(open.minorUnits) * Int128(basisPoints) * Int128(days)
        let denominator = Int128(365 * 10_000)
        let rounded = (numerator * 2 + denominator) / (denominator * 2)
        return Money(minorUnits: Int64(clamping: rounded))
    }

    static func id(item ordinal: Int, through day: Day) -> String {
        "LC-\(ordinal)-" + day.description.filter { $0 != "-" }
    }

    /// The item ordinal and the last day of a charge id, or nil for an id CHARGES never proposes.
    static func parse(_ id: String) -> (item: Int, through: Day)? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "LC", parts[1].allSatisfy(\.isNumber), parts[1].count <= 18,
            let item = Int(parts[1]), parts[2].count == 8, parts[2].allSatisfy(\.isNumber)
        else { return nil }
        let digits = parts[2]
        guard let day = Day(parsing: "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))") else {
            return nil
        }
        return (item, day)
    }
}

extension Customer {
    /// The late charge due on each item on `today`, oldest due first.
    public func charges(on today: Day, policy: Policy) -> [ChargeProposal] {
        let charged = chargedThrough()
        let planRuns = plan.map { planPaid() < $0.total } ?? false
        var proposals: [ChargeProposal] = []
        for invoice in invoices where invoice.isOpen && invoice.due < today {
            if let proposal = charge(
                on: invoice, through: today, charged: charged[invoice.ordinal], planRuns: planRuns,
                policy: policy)
            {
                proposals.append(proposal)
            }
        }
        return proposals.sorted { ($0.item.due, $0.item.ordinal) < ($1.item.due, $1.item.ordinal) }
    }

    /// The charge on `item` through `day`: nothing on a charge, a disputed item or one under a plan
    /// not yet paid; interest from the later of its due date and the last day already charged;
    /// the fee on the item's first charge.
    func charge(on item: Invoice, through day: Day, charged: Day?, planRuns: Bool, policy: Policy) -> ChargeProposal? {
        guard item.isOpen, item.charge == nil, item.dispute == nil, !(item.planned && planRuns), item.due < day else {
            return nil
        }
        let rules = policy[riskClass]
        let from = max(item.due, charged ?? item.due)
        let interest = ChargeProposal.interest(
            on: item.open, basisPoints: rules.interestBasisPoints,
            days: max(0, from.days(until: day)))
        let fee = charged == nil ? rules.lateFee : .zero
        guard interest.isPositive || fee.isPositive else { return nil }
        return ChargeProposal(
            id: ChargeProposal.id(item: item.ordinal, through: day), item: item, from: from, to: day,
            basisPoints: rules.interestBasisPoints, interest: interest, fee: fee)
    }

    /// For each item charged (by ordinal): the last day its interest was charged through.
    /// An item with an entry has had its fee. A voided charge does not count.
    func chargedThrough() -> [Int: Day] {
        var charged: [Int: Day] = [:]
        for invoice in invoices where !invoice.voided {
            guard let charge = invoice.charge else { continue }
            charged[charge.item] = max(charged[charge.item] ?? charge.through, charge.through)
        }
        return charged
    }
}

/// One customer's credit state: terms, open items, payments, blocks,
/// overrides and the audit trail. A value type: the ledger swaps whole
/// customers in and out, which makes undo and snapshots cheap.
public struct Customer: Hashable, Sendable {
    public let id: String
    public var name: String
    /// The customer's own limit; nil means the class default.
    public var ownLimit: Money?
    /// The customer's own payment terms in net days; nil means the class default (R-COL-4).
    public var ownTerms: Int?
    public var riskClass: RiskClass
    /// Never held for credit or payment reasons, only warned (R-BLK-7).
    public var strategic: Bool
    public var block: ManualBlock?
    public internal(set) var invoices: [Invoice]
    public internal(set) var payments: [Payment]
    public internal(set) var overrides: [Override]
    public internal(set) var log: [LogEntry]
    /// The sum of `open` over all invoices, kept as items change.
    public internal(set) var openTotal: Money
    /// Money received beyond every open item; it settles the next invoices.
    public internal(set) var credit: Money
    public let createdAt: Instant
    public let createdBy: String

    public init(id: String, name: String, riskClass: RiskClass, createdAt: Instant, createdBy: String) {
        self.id = id
        self.name = name
        self.ownLimit = nil
        self.ownTerms = nil
        self.riskClass = riskClass
        self.strategic = false
        self.block = nil
        self.invoices = []
        self.payments = []
        self.overrides = []
        self.log = []
        self.openTotal = .zero
        self.credit = .zero
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The company's exposure to this customer (the "obligo"): open invoices
    /// less any credit balance.
    public var exposure: Money { Money(minorUnits: openTotal.minorUnits - credit.minorUnits) }

    public func limit(under policy: Policy) -> Money { ownLimit ?? policy[riskClass].limit }
    public func terms(under policy: Policy) -> Int { ownTerms ?? policy[riskClass].terms }

    public func invoice(_ id: String) -> Invoice? { invoices.first { $0.id == id } }
    public func payment(_ ref: String) -> Payment? { payments.first { $0.ref == ref } }

    /// The position of the open item that has been due longest, if any.
    public func oldestOpenIndex() -> Int? {
        var oldest: Int?
        for index in invoices.indices where invoices[index].isOpen {
            if oldest == nil || invoices[index].due < invoices[oldest!].due { oldest = index }
        }
        return oldest
    }

    mutating func add(_ invoice: Invoice) {
        invoices.append(invoice)
        openTotal = Money(minorUnits: openTotal.minorUnits + invoice.open.minorUnits)
        if credit.isPositive { credit = settle(credit, startingWith: nil).unapplied }
    }

    /// Applies `amount` to open items — the named invoice first, then the
    /// oldest due — and returns what it settled and what was left over.
    mutating func settle(_ amount: Money, startingWith first: String?) -> (settlements: [Settlement], unapplied: Money) {
        var remaining = amount.minorUnits
        var settlements: [Settlement] = []
        var order = invoices.indices.filter { invoices[$0].isOpen }
        order.sort { lhs, rhs in
            let a = invoices[lhs], b = invoices[rhs]
            if (a.id == first) != (b.id == first) { return a.id == first }
            return a.due != b.due ? a.due < b.due : lhs < rhs
        }
        for index in order where remaining > 0 {
            let part = min(remaining, invoices[index].open.minorUnits)
            invoices[index].open = Money(minorUnits: invoices[index].open.minorUnits - part)
            remaining -= part
            settlements.append(Settlement(invoice: invoices[index].id, amount: Money(minorUnits: part)))
        }
        let applied = amount.minorUnits - remaining
        openTotal = Money(minorUnits: openTotal.minorUnits - applied)
        return (settlements, Money(minorUnits: remaining))
    }

    mutating func record(_ payment: Payment) {
        payments.append(payment)
    }

    mutating func addCredit(_ amount: Money) {
        credit = Money(minorUnits: credit.minorUnits + amount.minorUnits)
    }

    mutating func takeCredit() -> Money {
        defer { credit = .zero }
        return credit
    }

    mutating func append(_ entry: LogEntry) {
        log.append(entry)
    }

    mutating func add(_ override: Override) {
        overrides.append(override)
    }

    mutating func update(override id: String, _ change: (inout Override) -> Void) {
        guard let index = overrides.firstIndex(where: { $0.id == id }) else { return }
        change(&overrides[index])
    }
}

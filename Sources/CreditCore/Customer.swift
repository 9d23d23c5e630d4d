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
    /// A limit that holds until the end of its day, then the own (or class) limit comes back.
    public var temporaryLimit: TemporaryLimit?
    /// The next credit review, when set by hand or by REVIEWED; nil: creation + the class interval.
    public var review: Day?
    public var block: ManualBlock?
    public internal(set) var invoices: [Invoice]
    public internal(set) var payments: [Payment]
    public internal(set) var overrides: [Override]
    public internal(set) var log: [LogEntry]
    /// Post-dated cheques and the like.
    public internal(set) var instruments: [Instrument]
    public internal(set) var guarantees: [Guarantee]
    /// Credit notes: receipts like payments, but not money received.
    public internal(set) var creditNotes: [Payment]
    public internal(set) var promises: [Promise]
    public internal(set) var plan: PaymentPlan?
    public internal(set) var stage: CollectionStage
    /// Credit set aside for orders that passed CHECK and are not invoiced yet.
    public internal(set) var reservations: [Reservation]
    /// How many history entries have been numbered (`ordinal`s handed out).
    public internal(set) var events: Int
    /// The sum of pending instruments, kept as they change.
    public internal(set) var pendingInstruments: Money
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
        self.temporaryLimit = nil
        self.review = nil
        self.block = nil
        self.invoices = []
        self.payments = []
        self.overrides = []
        self.log = []
        self.instruments = []
        self.guarantees = []
        self.creditNotes = []
        self.promises = []
        self.plan = nil
        self.stage = .none
        self.reservations = []
        self.pendingInstruments = .zero
        self.events = 0
        self.openTotal = .zero
        self.credit = .zero
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The company's exposure to this customer (the "obligo"): open invoices
    /// and instruments not yet cleared, less any credit balance.
    public var exposure: Money {
        Money(minorUnits: openTotal.minorUnits + pendingInstruments.minorUnits - credit.minorUnits)
    }

    /// The permanent credit limit, without guarantees.
    public func limit(under policy: Policy) -> Money { ownLimit ?? policy[riskClass].limit }

    /// The credit limit in force on `today`, without guarantees: a temporary limit while it lasts.
    public func limit(under policy: Policy, on today: Day) -> Money {
        if let temporaryLimit, today <= temporaryLimit.until { return temporaryLimit.amount }
        return limit(under: policy)
    }

    /// The next credit review: set by hand or by REVIEWED, else the class interval after creation.
    public func nextReview(under policy: Policy) -> Day {
        review ?? createdAt.utcDay.adding(months: policy[riskClass].reviewMonths)
    }

    /// The guarantees in force on `today`.
    public func guaranteed(on today: Day) -> Money {
        var total: Int64 = 0
        for guarantee in guarantees where guarantee.isInForce(on: today) { total += guarantee.amount.minorUnits }
        return Money(minorUnits: total)
    }

    /// Credit set aside for live orders, other than `order`.
    public func reserved(at now: Instant, except order: String?) -> Money {
        var total: Int64 = 0
        for reservation in reservations where reservation.expires > now && reservation.order != order {
            total += reservation.amount.minorUnits
        }
        return Money(minorUnits: total)
    }

    /// Money received at or after `instant`: payments and instruments that have not bounced.
    public func received(since instant: Instant) -> Money {
        var total: Int64 = 0
        for payment in payments where payment.at >= instant { total += payment.amount.minorUnits }
        for instrument in instruments where instrument.at >= instant && instrument.state != .bounced {
            total += instrument.amount.minorUnits
        }
        return Money(minorUnits: total)
    }

    public func state(of promise: Promise, on today: Day) -> Promise.State {
        if received(since: promise.at) >= promise.amount { return .kept }
        return today > promise.by ? .broken : .pending
    }

    /// What has been paid on the items under the plan since it began.
    public func planPaid() -> Money {
        guard let plan else { return .zero }
        var open: Int64 = 0
        for invoice in invoices where invoice.planned { open += invoice.open.minorUnits }
        return Money(minorUnits: min(plan.total.minorUnits, max(0, plan.startOpen.minorUnits - open)))
    }

    /// Whether a payment plan is behind: less paid on its items than the
    /// instalments due before today (money for other invoices does not count).
    public func planInArrears(on today: Day) -> Bool {
        guard let plan else { return false }
        let paid = planPaid()
        return paid < plan.total && paid < plan.dueBefore(today)
    }

    /// Bounced instruments whose debt is not yet paid again.
    public func unpaidBounces() -> Int {
        instruments.count { instrument in
            instrument.state == .bounced
                && instrument.settlements.contains { settlement in invoice(settlement.invoice)?.isOpen ?? false }
        }
    }
    public func terms(under policy: Policy) -> Int { ownTerms ?? policy[riskClass].terms }

    public func invoice(_ id: String) -> Invoice? { invoices.first { $0.id == id } }
    public func payment(_ ref: String) -> Payment? { payments.first { $0.ref == ref } }

    /// The position of the open item that has been due longest among those
    /// the overdue rule counts: not disputed, not under a plan that is kept,
    /// and not a residue below `minimum` (R-BLK-8, R-COL-5, R-COL-6).
    public func oldestCountedIndex(minimum: Money, planKept: Bool) -> Int? {
        var oldest: Int?
        for index in invoices.indices {
            let invoice = invoices[index]
            guard invoice.isOpen, invoice.open >= minimum, invoice.dispute == nil, !(invoice.planned && planKept)
            else { continue }
            if oldest == nil || invoice.effectiveDue < invoices[oldest!].effectiveDue { oldest = index }
        }
        return oldest
    }

    /// The next history ordinal.
    mutating func nextOrdinal() -> Int {
        events += 1
        return events
    }

    mutating func add(_ invoice: Invoice) {
        var invoice = invoice
        invoice.ordinal = nextOrdinal()
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
        // The named invoice first, then the oldest due; disputed items only when named (R-COL-5).
        order.removeAll { invoices[$0].dispute != nil && invoices[$0].id != first }
        order.sort { lhs, rhs in
            let a = invoices[lhs], b = invoices[rhs]
            if (a.id == first) != (b.id == first) { return a.id == first }
            return a.effectiveDue != b.effectiveDue ? a.effectiveDue < b.effectiveDue : lhs < rhs
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
        var payment = payment
        payment.ordinal = nextOrdinal()
        payments.append(payment)
    }

    mutating func record(creditNote: Payment) {
        var note = creditNote
        note.ordinal = nextOrdinal()
        creditNotes.append(note)
    }

    mutating func add(_ instrument: Instrument) {
        var instrument = instrument
        instrument.ordinal = nextOrdinal()
        instruments.append(instrument)
    }

    mutating func addCredit(_ amount: Money) {
        credit = Money(minorUnits: credit.minorUnits + amount.minorUnits)
    }

    mutating func append(_ entry: LogEntry) {
        var entry = entry
        entry.ordinal = nextOrdinal()
        log.append(entry)
    }

    /// The most CHECK entries kept per customer: a terminal that asks again
    /// and again about a held customer cannot grow its trail without bound.
    public static let checkEntriesKept = 1000

    /// Appends a CHECK to the trail, dropping the oldest CHECK past the cap.
    mutating func appendCheck(_ entry: LogEntry) {
        append(entry)
        guard log.count > Customer.checkEntriesKept,
              log.count(where: { $0.action == "CHECK" }) > Customer.checkEntriesKept,
              let oldest = log.firstIndex(where: { $0.action == "CHECK" }) else { return }
        log.remove(at: oldest)
    }

    mutating func add(_ override: Override) {
        overrides.append(override)
    }

    mutating func update(override id: String, _ change: (inout Override) -> Void) {
        guard let index = overrides.firstIndex(where: { $0.id == id }) else { return }
        change(&overrides[index])
    }
}

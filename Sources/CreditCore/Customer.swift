/// One customer's credit state: terms, open items, payments, blocks,
/// overrides and the audit trail. A value type: the ledger swaps whole
/// customers in and out, which makes undo and snapshots cheap — its growing
/// collections are persistent lists (`PersistentList`, `KeyedList`,
/// `InvoiceList`), so a changed copy shares all but the O(log n) nodes the
/// change touched with the one a turn keeps for undo.
public struct Customer: Hashable, Sendable {
    public let id: String
    public var name: String
    /// The customer's own limit; nil means the class default.
    public var ownLimit: Money?
    public var riskClass: RiskClass
    /// Never held for credit or payment reasons, only warned (R-BLK-7).
    public var strategic: Bool
    /// Beside the two above, so that all three share one word (the layout is what a large book pays per customer).
    public internal(set) var stage: CollectionStage
    /// Who made it, in the padding after the three above (`createdBy`).
    let creator: UserName
    public internal(set) var invoices: InvoiceList
    /// The `ordinal` of the newest history entry: a counter, one up for each entry numbered.
    public internal(set) var lastOrdinal: Int
    /// The sum of `open` over all invoices, kept as items change.
    public internal(set) var openTotal: Money
    /// Everything else, nil until one is set (`CustomerExtras`): read and changed through the properties below.
    var extras: CustomerExtras.Slot
    public let createdAt: Instant

    public init(id: String, name: String, riskClass: RiskClass, createdAt: Instant, createdBy: String) {
        self.id = id
        self.name = name
        self.ownLimit = nil
        self.riskClass = riskClass
        self.strategic = false
        self.invoices = []
        self.stage = .none
        self.lastOrdinal = 0
        self.openTotal = .zero
        self.extras = CustomerExtras.Slot()
        self.createdAt = createdAt
        self.creator = UserName(createdBy)
    }

    public var createdBy: String { creator.name }

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
        // Most customers have none: no iterator made (CHECK asks every time).
        guard !guarantees.isEmpty else { return .zero }
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
    public func terms(under policy: Policy) -> Terms { ownTerms ?? policy[riskClass].terms }

    public func invoice(_ id: String) -> Invoice? { invoices.position(of: id).map { invoices[$0] } }
    public func payment(_ ref: String) -> Payment? { payments.element(ref) }

    /// The overdue rule on `today` (R-BLK-8, R-COL-5, R-COL-6): the items it
    /// counts are open, not disputed, not within `payDays` of their dispute's
    /// resolution and not under a plan that is kept; those more than `grace`
    /// days past due hold once their total reaches `minimum` (many small
    /// debts add up; a lone residue does not). `oldest` is the oldest item
    /// that counts: past grace when they hold, else the oldest within grace.
    public func overdue(
        on today: Day, grace: Int, minimum: Money, planKept: Bool,
        payDays: Int
    ) -> (oldest: Int?, holds: Bool) {
        let found = invoices.overdue(
            where: { !($0.planned && planKept) && $0.isPayable(on: today, payDays: payDays) },
            dueBefore: today.adding(days: -grace), enough: max(1, minimum.minorUnits))
        let holds = found.total > 0 && found.total >= minimum.minorUnits
        return (holds ? found.oldest : found.oldestInGrace, holds)
    }

    /// The next history ordinal.
    mutating func nextOrdinal() -> Int {
        lastOrdinal += 1
        return lastOrdinal
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
    mutating func settle(_ amount: Money, startingWith first: String?) -> (settlements: [Settlement], unapplied: Money)
    {
        var remaining = amount.minorUnits
        var settlements: [Settlement] = []
        // The named invoice first, then the oldest due; disputed items only when named (R-COL-5).
        // Each step either closes an invoice (which leaves the order of settling) or uses up the amount.
        var named = first.flatMap { invoices.position(of: $0) }.flatMap { invoices[$0].isOpen ? $0 : nil }
        while remaining > 0, let index = named ?? invoices.oldestDue() {
            named = nil
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

    /// The most open invoices a customer may have: INVOICE past it is `TOO_LARGE`.
    /// Every change stays O(log n) below it; the bound keeps one customer's
    /// snapshot record, STATUS and AGING detail within reason.
    public static let maximumOpenInvoices = 100_000

    /// The most guarantees a customer may have, released ones included:
    /// GUARANTEE past it is `TOO_LARGE`. Every CHECK sums those in force, so
    /// their number is bounded rather than a pipelined flood growing it.
    public static let maximumGuarantees = 1_000

    /// The most orders a customer may have credit reserved for at once: a
    /// CHECK with `order=` past it is `TOO_LARGE`. Every CHECK sums them.
    public static let maximumReservations = 1_000

    /// Appends a CHECK to the trail, dropping the oldest CHECK past the cap.
    mutating func appendCheck(_ entry: LogEntry) {
        var entry = entry
        entry.ordinal = nextOrdinal()
        checks.append(entry)
    }

    mutating func add(_ override: Override) {
        overrides.append(override)
    }

    mutating func update(override id: String, _ change: (inout Override) -> Void) {
        guard let index = overrides.firstIndex(where: { $0.id == id }) else { return }
        change(&overrides[index])
    }
}

/// A payment received from a customer, with how it was applied. Its `ref` is
/// unique per customer, so a terminal that retries after a timeout cannot pay
/// twice: the retry gets this same receipt back (`Ledger.pay`).
public struct Payment: Hashable, Sendable {
    public let ref: String
    public let amount: Money
    /// The invoice the payer named, if any; settlement starts there.
    public let invoice: String?
    public let at: Instant
    public let by: String
    /// The open items it settled, oldest first (or the named one first).
    public let settlements: [Settlement]
    /// What was left over after every open item was settled: a credit balance.
    public let unapplied: Money
    /// Its place in the customer's history (numbered by `Customer.lastOrdinal`), so same-second entries keep their order.
    public internal(set) var ordinal = 0

    public init(
        ref: String, amount: Money, invoice: String?, at: Instant, by: String,
        settlements: [Settlement], unapplied: Money
    ) {
        self.ref = ref
        self.amount = amount
        self.invoice = invoice
        self.at = at
        self.by = by
        self.settlements = settlements
        self.unapplied = unapplied
    }
}

/// One part of a payment applied to one invoice.
public struct Settlement: Hashable, Sendable {
    public let invoice: String
    public let amount: Money

    public init(invoice: String, amount: Money) {
        self.invoice = invoice
        self.amount = amount
    }
}

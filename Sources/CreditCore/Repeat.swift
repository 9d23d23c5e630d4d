/// A refused CHECK whose audit entry is not journaled yet, as the server keeps it: the entry's
/// place in the customer's history, how many identical refusals it counts so far, when the
/// first was and why it was held.
public struct Repeat: Hashable, Sendable {
    public let ordinal: Int
    public let count: Int
    public let first: Instant
    public let reasons: HoldReason

    public init(ordinal: Int, count: Int, first: Instant, reasons: HoldReason) {
        self.ordinal = ordinal
        self.count = count
        self.first = first
        self.reasons = reasons
    }

    /// The words a counted refusal adds to its audit entry made at `first` (none for one).
    static func words(_ repetition: Repetition?, first: Instant) -> String {
        repetition.map { " count=\($0.count) last=\(first.adding(Period(seconds: $0.seconds)))" } ?? ""
    }
}

extension Ledger {
    /// Writes into the audit entry at `ordinal` the refusals `query.repeated` counts into it
    /// (`check(repeating:)`), as it is journaled; replay makes the same entry from the record.
    public mutating func recount(_ query: CheckQuery, ordinal: Int) {
        guard let repetition = query.repeated, var customer = customers[query.customer],
            let index = customer.checks.lastIndex(where: { $0.ordinal == ordinal })
        else { return }
        let entry = customer.checks[index]
        var counted = LogEntry(
            at: entry.at, by: entry.by, action: entry.action,
            detail: entry.detail + Repeat.words(repetition, first: entry.at))
        counted.ordinal = ordinal
        customer.checks.replace(at: index, with: counted)
        store(customer)
    }
}

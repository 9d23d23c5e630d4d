/// A HOLD a replica answered, whose audit entry the replica forwarded to its primary (protocol.md
/// §8): journaled there as `CHECK … held=<CODES> on=<replica>` and kept as the replica decided
/// it, not decided again (the primary may already know of a payment the replica had not seen).
public struct RelayedHold: Hashable, Sendable {
    public var reasons: HoldReason
    /// The replica's user on the primary: where the CHECK was asked.
    public var replica: String

    public init(reasons: HoldReason, replica: String) {
        self.reasons = reasons
        self.replica = replica
    }
}

extension Ledger {
    /// Keeps a replica's refused CHECK in the customer's trail, as a refusal here is kept, with
    /// the replica's reasons and count and `on=<replica>`.
    mutating func relay(_ query: CheckQuery, _ hold: RelayedHold, by actor: Actor, at moment: Moment)
        throws(CreditError) -> Applied
    {
        var customer = try existingCustomer(query.customer)
        customer.appendCheck(
            LogEntry(
                at: moment.instant, by: actor.name, action: .check,
                detail: "HOLD reasons=\(hold.reasons) " + Ledger.describe(query) + " on=\(hold.replica)"
                    + Repeat.words(query.repeated, first: moment.instant)))
        store(customer)
        return Applied(outcome: .audited, event: .relayedHold(query, hold))
    }
}

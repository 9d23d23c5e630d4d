/// A payment instrument received but not yet cleared — a post-dated cheque,
/// a bill of exchange. Receiving it settles the open items it covers (they
/// stop counting as overdue) while the company still carries the risk: it
/// stays in exposure until it clears. If it bounces, the debt comes back.
public struct Instrument: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        case pending, cleared, bounced
    }

    /// Unique across customers, so CLEARED and BOUNCED need only the ref.
    public let ref: String
    public let amount: Money
    /// The day it may be presented (a post-dated cheque's date).
    public let due: Day
    public let at: Instant
    public let by: String
    /// The open items it settled when received.
    public let settlements: [Settlement]
    public internal(set) var state: State
    /// When it cleared or bounced, and who recorded that.
    public internal(set) var settledAt: Instant?
    public internal(set) var settledBy: String?
    /// Its place in the customer's history (numbered by `Customer.lastOrdinal`), so same-second entries keep their order.
    public internal(set) var ordinal = 0

    public init(
        ref: String, amount: Money, due: Day, at: Instant, by: String, settlements: [Settlement],
        state: State = .pending, settledAt: Instant? = nil, settledBy: String? = nil
    ) {
        self.ref = ref
        self.amount = amount
        self.due = due
        self.at = at
        self.by = by
        self.settlements = settlements
        self.state = state
        self.settledAt = settledAt
        self.settledBy = settledBy
    }
}

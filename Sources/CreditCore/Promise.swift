/// A promise to pay (R-UNB-6): recorded, never lifting a hold. It is kept
/// once the money received since it was made, and not used to keep an older
/// promise, reaches its amount (`Customer.forEachPromise`); past its date
/// without that, it is broken and counts against the customer until the
/// money arrives.
public struct Promise: Hashable, Sendable {
    public let amount: Money
    public let by: Day
    public let note: String
    public let at: Instant
    public let recordedBy: String

    public init(amount: Money, by: Day, note: String, at: Instant, recordedBy: String) {
        self.amount = amount
        self.by = by
        self.note = note
        self.at = at
        self.recordedBy = recordedBy
    }

    public enum State: String, Sendable {
        case pending, kept, broken
    }
}

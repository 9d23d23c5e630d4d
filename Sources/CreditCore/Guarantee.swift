/// A guarantee or collateral (a bank guarantee, a pledge): it raises what the
/// customer may owe by its amount while it is in force (R-UNB-2).
public struct Guarantee: Hashable, Sendable {
    /// Unique across customers, so RELEASE needs only the ref.
    public let ref: String
    public let amount: Money
    /// The last day it is in force; nil: until released.
    public let until: Day?
    public let at: Instant
    public let by: String
    public internal(set) var released: Instant?

    public init(ref: String, amount: Money, until: Day?, at: Instant, by: String, released: Instant? = nil) {
        self.ref = ref
        self.amount = amount
        self.until = until
        self.at = at
        self.by = by
        self.released = released
    }

    public func isInForce(on today: Day) -> Bool {
        released == nil && (until.map { today <= $0 } ?? true)
    }
}

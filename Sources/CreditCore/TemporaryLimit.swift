/// A limit for a season or a big order: `limit=… until=<date>`.
public struct TemporaryLimit: Hashable, Sendable {
    public let amount: Money
    /// The last day it holds.
    public let until: Day

    public init(amount: Money, until: Day) {
        self.amount = amount
        self.until = until
    }
}

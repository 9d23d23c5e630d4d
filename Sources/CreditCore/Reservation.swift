/// Credit set aside for an order that passed CHECK and is not invoiced yet,
/// so two terminals cannot both spend the same available credit.
public struct Reservation: Hashable, Sendable {
    /// Unique across customers, so RELEASE ORDER needs only the ref.
    public let order: String
    public let amount: Money
    public let at: Instant
    public let expires: Instant

    public init(order: String, amount: Money, at: Instant, expires: Instant) {
        self.order = order
        self.amount = amount
        self.at = at
        self.expires = expires
    }
}

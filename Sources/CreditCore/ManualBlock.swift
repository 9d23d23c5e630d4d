/// A block placed by a person, on stated grounds (R-BLK-3). It is separate
/// from automatic holds: no payment or guarantee lifts it, only UNBLOCK or an
/// override passes it (R-BLK-8).
public struct ManualBlock: Hashable, Sendable {
    /// A short code for the grounds, e.g. `FRAUD`, `LEGAL`, `DISPUTE`.
    public let reason: String
    public let note: String
    public let by: String
    public let at: Instant
    /// The exposure when the block was placed, for the review of R-BLK-4.
    public let exposure: Money
    /// The level it belongs to: a block placed by a manager (or above) is `.manager`, and only
    /// that level lifts it; one placed by a clerk is `.clerk`.
    public let level: Role

    public init(reason: String, note: String, by: String, at: Instant, exposure: Money, level: Role = .clerk) {
        self.reason = reason
        self.note = note
        self.by = by
        self.at = at
        self.exposure = exposure
        self.level = level
    }
}

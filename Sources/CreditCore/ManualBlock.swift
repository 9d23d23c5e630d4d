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

    public init(reason: String, note: String, by: String, at: Instant, exposure: Money) {
        self.reason = reason
        self.note = note
        self.by = by
        self.at = at
        self.exposure = exposure
    }
}

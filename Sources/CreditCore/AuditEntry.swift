/// One administrative act — USER ADD, USER DEL, POLICY SET, CLOCK SET, SNAPSHOT — with who and
/// when. Kept in the ledger and its snapshots for good, so pruning old journal files never
/// loses one.
public struct AuditEntry: Hashable, Sendable {
    public let at: Instant
    public let by: String
    public let action: String
    /// `key=value` words.
    public let detail: String

    public init(at: Instant, by: String, action: String, detail: String) {
        self.at = at
        self.by = by
        self.action = action
        self.detail = detail
    }
}

/// The administrative acts that are not changes of the books but are journaled to be audited.
public enum AuditEvent: Hashable, Sendable {
    /// The test clock was moved.
    case clock(Instant)
    /// A snapshot was asked for; `sequence` is this record's own, which the snapshot covers.
    case snapshot(sequence: Int)
}

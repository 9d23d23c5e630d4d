/// The administrative acts that are not changes of the books but are journaled to be audited.
public enum AuditEvent: Hashable, Sendable {
    /// The test clock was moved.
    case clock(Instant)
    /// A snapshot was asked for; `sequence` is this record's own, which the snapshot covers.
    case snapshot(sequence: Int)
    /// PROMOTE: a replica became the primary of epoch `epoch` (id `id`); `old` is what it was
    /// (role, epoch, primary). This record is the epoch's first.
    case promoted(epoch: UInt64, id: String, old: String, note: String)
}

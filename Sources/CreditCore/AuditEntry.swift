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

/// The administrative acts that are not changes of the books but are journaled to be audited.
public enum AuditEvent: Hashable, Sendable {
    /// The test clock was moved.
    case clock(Instant)
    /// A snapshot was asked for; `sequence` is this record's own, which the snapshot covers.
    case snapshot(sequence: Int)
}

extension Ledger {
    /// Records an administrative act; undone with the turn like any change.
    mutating func audit(_ action: String, _ detail: String, by actor: Actor, at moment: Moment) {
        undo?.append(.audit(count: audit.count))
        audit.append(AuditEntry(at: moment.instant, by: actor.name, action: action, detail: detail))
    }

    mutating func record(_ event: AuditEvent, by actor: Actor, at moment: Moment) -> Applied {
        switch event {
        case .clock(let instant): audit("CLOCK SET", "clock=\(instant)", by: actor, at: moment)
        case .snapshot(let sequence): audit("SNAPSHOT", "sequence=\(sequence)", by: actor, at: moment)
        }
        return Applied(outcome: .audited, event: .audit(event))
    }
}

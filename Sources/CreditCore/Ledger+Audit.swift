/// AUDIT: the administrative acts, kept in the ledger (and so in every snapshot) for good.
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
        case .promoted(let epoch, let id, let old, let note):
            audit(
                "PROMOTE", "epoch=\(epoch) id=\(id) old=\(Quoting.quoted(old)) note=\(Quoting.quoted(note))", by: actor,
                at: moment)
        }
        return Applied(outcome: .audited, event: .audit(event))
    }
}

import CreditCore
import CreditProtocol

/// FENCE (protocol.md §7), for a failover supervisor: the primary it is about to replace stops
/// taking changes at once, in the fenced state a higher epoch or `--start-fenced` also puts it in,
/// so that PROMOTE (a new epoch) or FOLLOW ends it. Its replicas keep streaming what it committed.
extension Server {
    func fence(note: String, by actor: Actor, into out: inout [UInt8]) {
        let old: String
        if let link = replication.link {
            old = "role=replica primary=\(link.primary) epoch=\(replication.epoch)"
        } else {
            old =
                "role=primary epoch=\(replication.epoch)"
                + (replication.fenced.map { " fenced=\(Quoting.quoted($0))" } ?? "")
            if replication.fenced == nil {
                // The HOLDs' audit entries of this turn are journaled before the fence goes up.
                if journalWritable, !refusals.isEmpty { refusals.drain(into: journal, ledger: &ledger) }
                replication.fenced = "FENCE by \(actor.name) note=\(Quoting.quoted(note))"
                replication.promotable = true
                Log.error("fenced by FENCE: this primary takes no more changes (ERR FENCED) until PROMOTE or FOLLOW")
            }
        }
        let role = replication.link == nil ? "primary" : "replica"
        let now = "role=\(role) epoch=\(replication.epoch) sequence=\(journal.nextSequence - 1)"
        noteRoleChange("FENCE", by: actor, old: old, new: now + (role == "primary" ? " fenced" : ""), note: note)
        Reply.ok("fenced " + now, into: &out)
    }
}

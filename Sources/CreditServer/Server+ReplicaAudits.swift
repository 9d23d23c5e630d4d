import CreditCore
import CreditNet
import CreditProtocol

/// HOLD audits from replicas (protocol.md §8). A replica answers a held CHECK at once, as the
/// primary does, and keeps its audit entry, identical repeats counted in (`RefusalAudits`); about
/// once a second it sends them to its primary on the replication connection as `HELD` lines, next
/// to its ACKs. The primary keeps each as a refusal of its own, marked `on=<replica>`, journals it
/// with its own refusals, and so streams it back to every replica. The CHECK's reply never waits.
extension Server {
    /// Entries a replica keeps while its primary is away; HOLDs beyond them are not audited.
    static let heldKept = 1 << 16
    /// HELD lines in one write (about 150 bytes each); the rest go a second later.
    static let heldPerWrite = 256

    /// The earlier refusal a new one may be counted into: on a replica, among those not yet sent.
    func repeatable(_ query: CheckQuery, by actor: Actor) -> Repeat? {
        guard let link = replication.link else { return refusals.repeatable(query, by: actor) }
        return link.held.repeatable(query, by: actor)
    }

    /// On a replica: keeps a HOLD's audit entry until it goes to the primary.
    func noteHeld(_ query: CheckQuery, by actor: Actor, reasons: HoldReason, on link: ReplicaLink) {
        guard query.repeated != nil || link.held.count < Server.heldKept else {
            link.heldDropped += 1
            return
        }
        link.held.note(
            query, by: actor, at: moment, reasons: reasons, ordinal: ledger.customer(query.customer)?.lastOrdinal ?? 0)
    }

    /// About once a second and at a clean stop: a streaming replica sends its waiting entries.
    /// A full socket keeps them for the next time; a partial write drops the connection, so no
    /// line is ever cut in two (the entries of that write are lost, like a crash's last second).
    func forwardHeld() {
        guard let link = replication.link, link.phase == .streaming, !link.held.isEmpty else { return }
        if link.heldDropped > 0 {
            Log.warning(
                "replication: \(link.heldDropped) HOLDs were not audited: \(Server.heldKept) audit entries were already waiting for the primary"
            )
            link.heldDropped = 0
        }
        let batch = link.held.entries.prefix(Server.heldPerWrite)
        let bytes = Array(batch.map(Server.heldLine).joined().utf8)
        let outcome = sendUpstream(link, bytes)
        switch outcome {
        case .success(.transferred(bytes.count)):
            link.held.removeFirst(batch.count)
        case .success(.wouldBlock):
            return
        default:
            link.held.removeFirst(batch.count)
            dropUpstream(link, "sending HOLD audits failed (\(outcome))")
        }
    }

    /// `HELD <customer> <amount> reasons=… by=… role=… at=… day=…[ order=…][ count=… seconds=…]`.
    static func heldLine(_ entry: RefusalAudits.Entry) -> String {
        let query = entry.query
        return "HELD \(query.customer) \(query.amount) reasons=\(entry.counted.reasons) by=\(entry.actor.name)"
            + " role=\(entry.actor.role) at=\(entry.moment.instant) day=\(entry.moment.today)"
            + (query.order.map { " order=\($0)" } ?? "")
            + (query.repeated.map { " count=\($0.count) seconds=\($0.seconds)" } ?? "") + "\n"
    }

    /// On the primary: a streaming replica's HELD, kept like a refusal of this server's own. No
    /// reply goes on the stream: what cannot be kept is logged.
    func keepHeld(
        _ query: CheckQuery, reasons: HoldReason, by actor: Actor, at when: Moment,
        from connection: Connection
    ) throws(CreditError) {
        guard let feed = replication.feeds[connection.token], feed.backlog == nil else {
            throw CreditError(.badValue, "HELD follows SYNC")
        }
        // A fenced primary journals nothing more, its replicas' audits neither.
        guard journalWritable, replication.takesChanges else { return }
        let hold = RelayedHold(reasons: reasons, replica: feed.user)
        do {
            _ = try ledger.apply(.relayedHold(query, hold), by: actor, at: when)
        } catch {
            Log.warning("replica \(feed.user): the audit of a HOLD of \(query.customer) is not kept: \(error)")
            return
        }
        refusals.keep(relayed: query, hold, by: actor, at: when)
    }
}

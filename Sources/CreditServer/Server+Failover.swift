import CreditCore
import CreditNet
import CreditProtocol
import CreditStore

/// Changes of role and the fencing that keeps two primaries from both taking writes (as
/// PostgreSQL's timelines and Redis's replication ids): PROMOTE makes a replica the primary of a
/// new epoch, recorded in `epochs` and journaled before it answers; FOLLOW makes any server a
/// replica; a primary that meets a replica of a higher epoch stops taking changes; and a server
/// whose history parted from its new primary's sets its own records past that point aside
/// (`DivergedRecords`) and takes the primary's snapshot instead, never merging them.
extension Server {
    /// On a SYNC carrying the replica's epochs: the last record both hold alike when the
    /// replica holds records past it (it must set them aside and take a snapshot), else nil. A
    /// replica of a higher epoch fences this primary.
    func divergence(after: UInt64, history wire: String?, durable: UInt64, peer: String) throws(CreditError) -> UInt64?
    {
        guard let wire else { return nil }
        guard let theirs = EpochHistory(wire: wire) else {
            throw CreditError(.badValue, "history= must be <epoch>:<id>:<first record>,… oldest first")
        }
        guard !theirs.epochs.isEmpty else { return nil }
        if theirs.number > replication.epoch {
            fence("a replica at \(peer) follows epoch \(theirs.number), above this primary's \(replication.epoch)")
            throw fencedError(replication.fenced!)
        }
        guard let shared = replication.history.sharedEnd(with: theirs, end: durable, otherEnd: after) else {
            throw CreditError(
                .badValue,
                """
                the replica's epochs (\(theirs.wire())) share none with this primary's (\(replication.history.wire())): \
                its data folder is not this primary's; start it on an empty folder
                """)
        }
        return after > shared ? shared : nil
    }

    /// This primary stops taking changes for good (until FOLLOW or a restart); its replicas go.
    func fence(_ why: String) {
        guard replication.fenced == nil || replication.promotable else { return }
        replication.fenced = why
        replication.promotable = false
        Log.error("fenced: \(why); this primary takes no more changes (ERR FENCED). Make it FOLLOW the new primary.")
        stopServingReplicas()
    }

    func fencedError(_ why: String) -> CreditError {
        CreditError(
            .fenced, "this primary of epoch \(replication.epoch) is fenced (\(why)); send changes to the new primary")
    }

    /// PROMOTE, of a replica or of a primary started with `--start-fenced` or fenced by FENCE (not
    /// of one fenced by a higher epoch): the new epoch is in `epochs` (durable) and its first record, which AUDIT
    /// keeps, is journaled in this turn; the reply leaves after the group commit.
    func promote(note: String, by actor: Actor, into out: inout [UInt8]) throws(CreditError) {
        if replication.link == nil, !replication.promotable {
            if let fenced = replication.fenced { throw fencedError(fenced) }
            throw CreditError(
                .notReplica,
                "this server is the primary of epoch \(replication.epoch) already; PROMOTE is for a replica")
        }
        guard journalWritable else { throw Server.readOnlyError }
        guard !changesWaitForDisk else { throw Server.changesWaitError }
        let old =
            replication.link.map { "role=replica primary=\($0.primary) epoch=\(replication.epoch)" }
            ?? "role=primary epoch=\(replication.epoch) fenced=\(Quoting.quoted(replication.fenced ?? ""))"
        var history = replication.history
        let epoch = history.begin(from: journal.nextSequence)
        do {
            try history.save(in: dataDirectory.path)
        } catch {
            throw CreditError(
                .readOnly, "cannot record epoch \(epoch.number) in \(EpochHistory.fileName): \(error); still a replica")
        }
        replication.history = history
        if let link = replication.link {
            do {
                try dataDirectory.recordFollowing(nil)
            } catch {
                Log.error(
                    "cannot remove \(DataDirectory.followingName) (\(error)): a restart would follow \(link.primary) again"
                )
            }
            closeUpstream(
                link,
                answering: "ERR \(ErrorCode.notReplica.rawValue) PROMOTE came first; this server is now the primary")
        }
        replication.link = nil
        replication.fenced = nil
        replication.promotable = false
        _ = try change(.audit(.promoted(epoch: epoch.number, id: epoch.id, old: old, note: note)), as: actor)
        noteRoleChange(
            "PROMOTE", by: actor, old: old, new: "role=primary epoch=\(epoch.number) id=\(epoch.id) from=\(epoch.from)",
            note: note)
        Reply.ok("role=primary epoch=\(epoch.number) sequence=\(epoch.from)", into: &out)
    }

    /// FOLLOW: from now on a replica of `target`, signing in with the replica user and secret
    /// this server was started with. Answered once the first sync has succeeded (with what it
    /// set aside) or failed, or after `followWait`.
    func follow(_ target: String, note: String, on connection: Connection, into out: inout [UInt8]) throws(CreditError)
    {
        guard let address = SocketAddress(parsing: target), address.port != 0 else {
            throw CreditError(.badValue, "FOLLOW needs the primary's <host:port>, e.g. 10.0.0.5:7070")
        }
        guard address.description != self.address.description else {
            throw CreditError(.badValue, "a server cannot follow itself")
        }
        guard let user = configuration.replicaUser, let secret = configuration.replicaSecret else {
            throw CreditError(
                .disabled,
                """
                FOLLOW needs a server started with --replica-user <name> and that user's secret in \
                CREDITGATE_REPLICA_SECRET (a user of role replica on the primary)
                """)
        }
        if let link = replication.link, link.primary.description == address.description, link.phase == .streaming {
            Reply.ok(followReply(link), into: &out)
            return
        }
        guard !changesWaitForDisk else { throw Server.changesWaitError }
        do {
            try dataDirectory.recordFollowing(address.description)
        } catch {
            throw CreditError(
                .readOnly,
                "cannot record the primary to follow in \(DataDirectory.followingName): \(error); nothing changed")
        }
        let old: String
        if let link = replication.link {
            old = "role=replica primary=\(link.primary) epoch=\(replication.epoch)"
            closeUpstream(
                link, answering: "ERR \(ErrorCode.replica.rawValue) \(address) a later FOLLOW replaced this one")
        } else {
            old = "role=primary epoch=\(replication.epoch)" + (replication.fenced == nil ? "" : " fenced")
            stopServingReplicas()
        }
        let link = ReplicaLink(primary: address, user: user, secret: secret)
        // Connected from the next tick, once this turn's own records are committed.
        link.follower = (connection, Syscall.monotonicNanoseconds() + Server.followWait)
        replication.link = link
        replication.fenced = nil
        replication.promotable = false
        connection.awaiting = true
        noteRoleChange(
            "FOLLOW", by: connection.session.actor, old: old, new: "role=replica primary=\(address)", note: note)
    }

    static let followWait: UInt64 = 10_000_000_000

    func followReply(_ link: ReplicaLink) -> String {
        "role=replica primary=\(link.primary) epoch=\(replication.epoch) sequence=\(journal.nextSequence - 1)"
            + link.setAsideWords
    }

    /// A primary becoming a replica (or fenced): its replicas are dropped (they sync again from
    /// whoever their supervisor names) and changes waiting for them are refused.
    func stopServingReplicas() {
        for connection in replication.waiting where connections[connection.token] != nil {
            release(connection, confirmedBy: 0, refused: true)
        }
        replication.waiting.removeAll()
        replication.pendingSyncs.removeAll()
        for feed in Array(replication.feeds.values) { close(feed.connection) }
    }

    func closeUpstream(_ link: ReplicaLink, answering line: String) {
        if link.fd >= 0 {
            loop.unregister(link.fd)
            Syscall.close(link.fd)
            link.fd = -1
        }
        link.phase = .idle
        answerFollower(link, line)
    }

    /// The FOLLOW waiting on `link`, if any, gets `line` and its later lines are answered: through
    /// the desk's path, as SNAPSHOT's waiters are, so in a turn of their own and never inside
    /// another connection's answer (a PROMOTE or FOLLOW that ends the wait runs in one).
    func answerFollower(_ link: ReplicaLink, _ line: String) {
        guard let (connection, _) = link.follower else { return }
        link.follower = nil
        guard connections[connection.token] != nil else { return }
        if line.hasPrefix("ERR") { statistics.errors += 1 }
        desk.resume(DeskReader.Stream(token: connection.token, line: line))
    }

    /// A FOLLOW that waited `followWait` is answered with where the link stands.
    func followerTimeout(_ link: ReplicaLink, now: UInt64) {
        guard let follower = link.follower, now >= follower.deadline else { return }
        answerFollower(
            link,
            "ERR \(ErrorCode.replica.rawValue) \(link.primary) this server now follows it, but has not synced "
                + "within \(Server.followWait / 1_000_000_000) s (\(link.reported ?? "\(link.phase)")); it keeps trying every second"
        )
    }

    /// Who changed the role, when, why and from what: in the log and in `roles.log` in the data
    /// folder (not the journal, whose records must stay the primary's history).
    func noteRoleChange(_ action: String, by actor: Actor, old: String, new: String, note: String) {
        let line =
            "at=\(moment.instant) by=\(actor.name) action=\(action) old=\(Quoting.quoted(old)) new=\(Quoting.quoted(new))"
            + " note=\(Quoting.quoted(note))"
        replication.lastChange = line
        Log.warning("role change: " + line)
        do {
            try dataDirectory.noteRoleChange(line)
        } catch {
            Log.error("cannot append to \(DataDirectory.roleChangesName): \(error); the change is in this log only")
        }
    }

    /// INFO's lines about fencing, records set aside and the last change of role.
    func failoverInfo() -> [String] {
        var lines = ["replication epochs=\(replication.history.wire())"]
        if let fenced = replication.fenced { lines.append("replication fenced=\(Quoting.quoted(fenced))") }
        if let setAside = replication.setAside { lines.append("replication set_aside " + setAside) }
        if let change = replication.lastChange { lines.append("replication change " + change) }
        return lines
    }
}

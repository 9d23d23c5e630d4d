import CreditCore
import CreditNet
import CreditProtocol
import CreditStore

/// Replication, the primary's side (Redis `replication.c`, PostgreSQL's walsender): a replica
/// signs in with a user of role `replica` and sends `SYNC <its last record>`; once this turn is
/// durable it gets `OK SYNC journal from=<n>` and the records it lacks, or `OK SYNC snapshot=<s>
/// bytes=<n>` and a snapshot, read in the background (`CatchUpReader`); then every commit's
/// records as they were written to the journal, and a heartbeat (a record numbered 0 holding the
/// last record's number) every 200 ms. It answers `ACK <n>` once it has made record n durable.
extension Server {
    /// On a replica: a change, a CHECK that reserves (order=), and any CHECK once the primary has
    /// been silent for `--max-lag`, are refused; on a fenced primary, the changes.
    func refuseOnReplica(_ spec: VerbSpec, _ request: Request) throws(CreditError) {
        if case .check(let query) = request {
            try refuseOnReplica(spec, check: true, order: query.order)
        } else {
            try refuseOnReplica(spec, check: false, order: nil)
        }
    }

    /// `check`: the verb is CHECK, with `order=` when `order` is set. (The CHECK itself is not
    /// passed: wrapping it in an optional copied it per request.)
    func refuseOnReplica(_ spec: VerbSpec, check: Bool, order: String?) throws(CreditError) {
        if let fenced = replication.fenced {
            if spec.access == .write || order != nil { throw fencedError(fenced) }
        }
        guard let link = replication.link else { return }
        if spec.access == .write { throw replicaError(link) }
        guard check else { return }
        if order != nil { throw replicaError(link) }
        if replication.isStale(now: turn.started) {
            let heard =
                link.lastHeard == nil
                ? "since it started" : "for over \(replication.maxLag / 1_000_000_000) s (--max-lag)"
            throw CreditError(
                .stale, "this replica has not heard from its primary \(link.primary) \(heard); follow the offline rule")
        }
    }

    func replicaError(_ link: ReplicaLink) -> CreditError {
        CreditError(.replica, "\(link.primary) this server is a replica; send changes to its primary")
    }

    /// ROLE, SYNC and ACK.
    func replicate(_ request: Request, on connection: Connection, into out: inout [UInt8]) throws(CreditError) {
        switch request {
        case .role:
            if let link = replication.link {
                let since = link.lastHeard ?? started
                Reply.ok(
                    "role=replica primary=\(link.primary) epoch=\(replication.epoch) sequence=\(journal.nextSequence - 1)"
                        + " lag_ms=\((Syscall.monotonicNanoseconds() &- since) / 1_000_000)", into: &out)
            } else {
                Reply.ok(
                    "role=primary epoch=\(replication.epoch) sequence=\(journal.lastDurable)"
                        + " replicas=\(replication.liveFeeds)", into: &out)
            }
        case .sync(let after, let wire, let replica):
            if let link = replication.link {
                throw CreditError(.replica, "\(link.primary) this server is a replica itself; sync from its primary")
            }
            let durable = journal.lastDurable
            let diverged = try divergence(
                after: after, history: wire, durable: durable, peer: connection.session.peer.description)
            // A fenced primary (also one started with --start-fenced, until PROMOTE) is no one's
            // source: its replicas follow whoever takes changes now.
            if let fenced = replication.fenced { throw fencedError(fenced) }
            guard diverged != nil || after <= durable else {
                throw CreditError(
                    .badValue,
                    """
                    the replica has records up to \(after), this primary only up to \(durable): its data folder is not \
                    this primary's; start it on an empty folder
                    """)
            }
            guard replication.feeds[connection.token] == nil else {
                throw CreditError(.badValue, "this connection already syncs")
            }
            replication.pendingSyncs.append((connection, after, diverged, replica))
            connection.awaiting = true
        case .ack(let sequence):
            guard let feed = replication.feeds[connection.token], feed.backlog == nil else {
                throw CreditError(.badValue, "ACK follows SYNC")
            }
            // Everything durable here has been sent to a streaming feed, nothing beyond it: an ACK
            // above it would release --sync-replicas waits for records the replica does not hold.
            let durable = journal.lastDurable
            guard sequence <= durable else {
                Log.warning(
                    "replica \(feed.user) at \(connection.session.peer) acknowledged record \(sequence), beyond \(durable), the last sent; dropped (it syncs again when it reconnects)"
                )
                forgetReplica(connection.token)
                connection.closing = true
                throw CreditError(
                    .badValue,
                    "ACK \(sequence) is beyond record \(durable), the last this primary sent; the stream ends")
            }
            acknowledge(feed, through: sequence)
        default:
            preconditionFailure("not a replication request")
        }
    }

    /// Records the lag of every commit the ACK covers; forgets commits every replica has.
    func acknowledge(_ feed: ReplicaFeed, through sequence: UInt64) {
        guard sequence > feed.acked else { return }
        let now = Syscall.monotonicNanoseconds()
        for commit in replication.commits where commit.sequence > feed.acked && commit.sequence <= sequence {
            feed.lastLag = now &- commit.at
            feed.lag.record(nanoseconds: feed.lastLag)
        }
        feed.acked = sequence
        releaseReplicated(now: now)
        let everyone = replication.feeds.values.map(\.acked).min() ?? sequence
        if let kept = replication.commits.firstIndex(where: { $0.sequence > everyone }) {
            replication.commits.removeFirst(kept)
        } else {
            replication.commits.removeAll(keepingCapacity: true)
        }
    }

    /// After a successful group commit: its records go to every replica (or its backlog).
    func replicateCommit() {
        guard !replication.feeds.isEmpty else { return }
        let records = journal.lastCommit
        replication.commits.append((journal.nextSequence - 1, Syscall.monotonicNanoseconds()))
        if replication.commits.count > Replication.keptCommits {
            replication.commits.removeFirst(replication.commits.count / 2)
        }
        for feed in replication.feeds.values {
            if feed.backlog != nil {
                feed.backlog!.append(contentsOf: records)
            } else {
                send(records, to: feed)
            }
        }
    }

    func send(_ bytes: [UInt8], to feed: ReplicaFeed) {
        let connection = feed.connection
        bytes.withUnsafeBytes { connection.output.append($0) }
        let limit = max(configuration.replicaBacklog, configuration.outputLimit)
        if connection.output.readableBytes <= limit { feed.catchingUp = 0 }
        guard connection.output.readableBytes <= limit + feed.catchingUp else {
            Log.warning(
                "replica \(feed.user) at \(connection.session.peer) fell \(connection.output.readableBytes) bytes behind; dropped (it catches up when it reconnects)"
            )
            close(connection)
            return
        }
        flush(connection)
    }

    /// After the turn: SYNCs start from its durable state; a replica acknowledges what it made durable.
    func replicationAfterTurn() {
        if let link = replication.link {
            acknowledgeUpstream(link)
            return
        }
        guard !replication.pendingSyncs.isEmpty else { return }
        for (connection, after, diverged, replica) in replication.pendingSyncs
        where connections[connection.token] != nil && replication.feeds[connection.token] == nil {
            let user = connection.session.user?.name ?? "?"
            if let replica { replaceFeed(of: replica, by: connection) }
            replication.feeds[connection.token] = ReplicaFeed(
                connection: connection, user: user, id: replica, after: diverged ?? after)
            journal.keepsCommits = true
            let words =
                " epoch=\(replication.epoch) history=\(replication.history.wire())"
                + (diverged.map { " diverged=\($0)" } ?? "")
            replication.catchUp.start(
                CatchUpReader.Job(
                    token: connection.token, after: after, upTo: journal.nextSequence - 1,
                    ledger: ledger, directory: dataDirectory.path, words: words,
                    diverged: diverged != nil))
        }
        replication.pendingSyncs.removeAll()
    }

    /// A catch-up is read: it goes out, then what was committed meanwhile; the replica streams.
    func deliverCatchUps() {
        for result in replication.catchUp.results.take() {
            guard let feed = replication.feeds[result.token], connections[result.token] != nil else { continue }
            let backlog = feed.backlog ?? []
            feed.backlog = nil
            Log.info(
                "replica \(feed.user) at \(feed.connection.session.peer) syncs from record \(feed.acked + 1)"
                    + (result.snapshot ? " with a snapshot" : " from the journal"))
            feed.catchingUp = result.bytes.count
            send(result.bytes + backlog, to: feed)
            guard connections[result.token] != nil else { continue }
            feed.connection.awaiting = false
            begin(feed.connection)
            answer(feed.connection)
        }
    }

    /// A replica that syncs again while its old connection is still open here (not yet seen
    /// closed: half-open, or a duplicate) is one replica: the old feed is closed, as a reconnect
    /// replaces its link, so `--sync-replicas` never counts it twice.
    func replaceFeed(of replica: String, by connection: Connection) {
        for old in replication.feeds.values where old.id == replica {
            Log.warning(
                "replica \(old.user) at \(old.connection.session.peer) (replica=\(replica)) syncs again from "
                    + "\(connection.session.peer); its old connection is closed")
            close(old.connection)
        }
    }

    func forgetReplica(_ token: UInt64) {
        guard replication.feeds.removeValue(forKey: token) != nil else { return }
        if replication.feeds.isEmpty {
            journal.keepsCommits = false
            replication.commits.removeAll()
        }
    }

    /// Every 200 ms: heartbeats to the replicas, or a replica's reconnect.
    func replicationTick(now: UInt64) {
        replication.nextTick = now + Replication.tickInterval
        // Also on a server that has just become a replica: changes it took as a primary in the
        // turn of its FOLLOW are refused once their --sync-timeout passes.
        releaseReplicated(now: now)
        if let link = replication.link {
            if link.phase == .idle, now >= link.retryAt { connectUpstream(link) }
            dropSilentUpstream(link, now: now)
            followerTimeout(link, now: now)
            // An ACK a full socket skipped: an idle primary would otherwise wait for a new record.
            acknowledgeUpstream(link)
            return
        }
        guard !replication.feeds.isEmpty else { return }
        var heartbeat: [UInt8] = []
        JournalRecord(sequence: 0, payload: Array(String(journal.nextSequence - 1).utf8)).frame(into: &heartbeat)
        for feed in replication.feeds.values where feed.backlog == nil { send(heartbeat, to: feed) }
    }

    /// INFO's replication lines (admin).
    func replicationInfo() -> [String] {
        let now = Syscall.monotonicNanoseconds()
        if let link = replication.link {
            let heard = link.lastHeard.map { String((now &- $0) / 1_000_000) } ?? "-"
            return [
                "replication role=replica epoch=\(replication.epoch) primary=\(link.primary) state=\(link.phase)"
                    + " sequence=\(journal.nextSequence - 1) primary_sequence=\(link.primarySequence) heard_ms=\(heard)"
                    + " stale=\(replication.isStale(now: now) ? "yes" : "no")"
            ] + failoverInfo()
        }
        var lines =
            [
                "replication role=primary epoch=\(replication.epoch) replicas=\(replication.liveFeeds)"
                    + " fenced=\(replication.fenced == nil ? "no" : "yes")"
            ] + failoverInfo()
        for feed in replication.feeds.values.sorted(by: { $0.connection.token < $1.connection.token }) {
            lines.append(
                "replica user=\(feed.user) id=\(feed.id ?? "-") peer=\(feed.connection.session.peer) state="
                    + (feed.backlog == nil ? "streaming" : "catching-up") + " acked=\(feed.acked)"
                    + " lag_ms=\(feed.lastLag / 1_000_000) lag_p50_us=\(feed.lag.percentile(0.5)) lag_p99_us=\(feed.lag.percentile(0.99))"
            )
        }
        return lines
    }
}

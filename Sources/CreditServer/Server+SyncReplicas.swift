import CreditCore
import CreditNet
import CreditProtocol

/// Synchronous replication (`--sync-replicas <n>`, as PostgreSQL's `synchronous_standby_names`
/// with `remote_apply`'s durability): the replies to a turn's changes leave only once `n`
/// replicas have acknowledged the turn's last record as durable. Until then that connection's
/// replies (its reads of the turn too, which come in order) are held and it is not read. After
/// `--sync-timeout` seconds each `OK` to a change is replaced by `ERR NOT_REPLICATED`: the change
/// is durable here and may still reach the replicas, but nothing not on `n` replicas is
/// acknowledged. Retrying is safe where the verb is idempotent (a PAY with the same ref).
extension Server {
    /// After the group commit: connections whose changes this turn must wait for the replicas.
    func holdChangesForReplicas() {
        guard configuration.syncReplicas > 0 else { return }
        let sequence = journal.nextSequence - 1
        let deadline = Syscall.monotonicNanoseconds() + UInt64(configuration.syncTimeout) * 1_000_000_000
        for connection in turn.touched where !connection.changeReplies.isEmpty && connections[connection.token] != nil {
            // Already waiting (a desk reply let it answer more lines): it now waits for this record.
            if connection.syncWait == nil {
                connection.syncDeadline = deadline
                replication.waiting.append(connection)
            }
            connection.syncWait = sequence
        }
        if !replication.waiting.isEmpty { releaseReplicated(now: Syscall.monotonicNanoseconds()) }
    }

    /// Sends what `n` replicas now hold; refuses what waited past its deadline. Each feed is a
    /// distinct replica: a SYNC with the `replica=` of an open feed closes that feed first
    /// (`replaceFeed`); a feed without one (an older replica) counts for its connection.
    func releaseReplicated(now: UInt64) {
        guard !replication.waiting.isEmpty else { return }
        let acks = replication.feeds.values.filter { $0.backlog == nil }.map(\.acked).sorted(by: >)
        let confirmed = acks.count >= configuration.syncReplicas ? acks[configuration.syncReplicas - 1] : 0
        var still: [Connection] = []
        for connection in replication.waiting where connections[connection.token] != nil {
            guard let sequence = connection.syncWait else { continue }
            if sequence <= confirmed {
                release(connection, confirmedBy: acks.count)
            } else if now >= connection.syncDeadline {
                release(connection, confirmedBy: acks.filter { $0 >= sequence }.count, refused: true)
            } else {
                still.append(connection)
            }
        }
        replication.waiting = still
    }

    func release(_ connection: Connection, confirmedBy count: Int, refused: Bool = false) {
        if refused {
            var error: [UInt8] = []
            Reply.error(
                CreditError(
                    .notReplicated,
                    """
                    the change is durable here, but \(count) of the \(configuration.syncReplicas) replicas asked for \
                    (--sync-replicas) confirmed it within \(configuration.syncTimeout) s; it may still reach them: check, \
                    or retry (a PAY with the same ref is applied once)
                    """), into: &error)
            var bytes = connection.output.withReadableBytes { Array($0) }
            for range in connection.changeReplies.reversed() where bytes[range].starts(with: "OK ".utf8) {
                bytes.replaceSubrange(range, with: error)
            }
            connection.output.clear()
            bytes.withUnsafeBytes { connection.output.append($0) }
            statistics.errors += 1
        }
        connection.syncWait = nil
        connection.changeReplies.removeAll()
        flush(connection)
    }
}

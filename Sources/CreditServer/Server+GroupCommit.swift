import CreditNet

/// Group commit with the fdatasync in the background (`--fsync batch`, PERF.md "Durable
/// writes"): a turn's records are written at its end and its replies wait in a group while the
/// sync thread makes them durable; the loop meanwhile answers the next turns, whose records the
/// next sync covers. No reply leaves before every record written up to its turn is durable, so a
/// reply never shows a change that is not on disk. A failed sync undoes every change that waits
/// and answers those lines again, refusing changes with `ERR READONLY`, as a failed synchronous
/// commit does.
///
/// Turns that hand work on after their commit (desk reads, a snapshot, a replica's sync, replies
/// waiting for replicas), and every turn of a replica or of a primary with replicas, commit as
/// before: first everything waiting is made durable (`drainCommits`), then the turn's own records.
extension Server {
    /// Whether this turn's commit may go to the background.
    var pipelines: Bool {
        configuration.fsync == .batch && configuration.syncReplicas == 0 && replication.link == nil
            && replication.feeds.isEmpty && replication.pendingSyncs.isEmpty && turn.deferred.isEmpty
            && !turn.snapshotAfterCommit
    }

    /// Writes the turn's records and puts its replies in the waiting group; takes a finished
    /// sync's outcome; starts the next sync, or sends the group at once when nothing it shows
    /// waits for the disk.
    func endPipelinedTurn() {
        if journal.hasPending {
            do {
                try journal.write()
            } catch {
                // Earlier turns' records were written before and stand or fall with their sync.
                refuseTurn(error)
            }
        }
        for connection in turn.touched {
            connection.waitsForDisk = true
            commits.waiting.connections.append(connection)
        }
        turn.touched.removeAll(keepingCapacity: true)
        commits.waiting.undoEnd = ledger.savepoint
        if !collectSync(), commits.inFlight == nil { syncWaiting() }
    }

    /// Takes the outcome of a sync that has ended and starts the next: after each event of a
    /// turn too, so the disk does not wait for the turn's end. Returns whether it took one.
    @discardableResult
    func collectSync() -> Bool {
        guard commits.inFlight != nil, let outcome = syncer.take() else { return false }
        endSync(outcome)
        if commits.inFlight == nil { syncWaiting() }
        return true
    }

    /// Starts a sync for the waiting group's records, or sends its replies when it wrote none
    /// (everything before it is durable: nothing is in flight).
    func syncWaiting() {
        if journal.hasUnsynced {
            syncer.start(journal.beginSync().fd)
            commits.inFlight = commits.waiting
        } else {
            release(commits.waiting)
        }
        commits.waiting = CommitPipeline.Group()
    }

    /// The sync in flight ended: its group's replies go, or everything waiting is answered again.
    func endSync(_ outcome: BackgroundSync.Outcome) {
        guard let group = commits.inFlight else { return }
        commits.inFlight = nil
        do {
            try journal.endSync(failure: outcome.failure, nanoseconds: outcome.nanoseconds)
        } catch {
            failWaiting(error, group)
            return
        }
        release(group)
    }

    /// The group's changes are durable: the ledger forgets their old values, its replies go.
    /// The later groups' and this turn's savepoints move down by as many (never below 0: an
    /// empty waiting group has none of its own).
    func release(_ group: CommitPipeline.Group) {
        let durable = max(0, group.undoEnd)
        ledger.forgetUndo(first: durable)
        commits.waiting.undoEnd = max(0, commits.waiting.undoEnd - durable)
        turn.undoStart = max(0, turn.undoStart - durable)
        for connection in group.connections {
            connection.waitsForDisk = false
            connection.turnStart = nil
            if connections[connection.token] != nil { flush(connection) }
        }
    }

    /// A sync failed: no change that waits stands. The books go back to the last durable
    /// record and every waiting connection's lines are answered again, then sent; so are those
    /// of the turn under way, whose replies go at its end.
    func failWaiting(_ error: SystemError, _ group: CommitPipeline.Group) {
        let held = group.connections + commits.waiting.connections
        commits.waiting = CommitPipeline.Group()
        answerAgain(held + turn.touched, from: 0, after: error)
        turn.undoStart = 0
        release(CommitPipeline.Group(connections: held, undoEnd: 0))
    }

    /// Whether changes written are still waiting for the disk (PROMOTE and FOLLOW start from the
    /// last durable record, so they wait until there is no other).
    var changesWaitForDisk: Bool { !commits.isIdle || journal.hasUnsynced }

    /// Makes everything written durable and sends every waiting reply, waiting for the disk here:
    /// before a synchronous commit, a snapshot, a desk reply to a waiting connection or a stop.
    func drainCommits() {
        while changesWaitForDisk {
            if commits.inFlight != nil {
                endSync(syncer.wait())
            } else {
                syncWaiting()
            }
        }
    }
}

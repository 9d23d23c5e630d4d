import CreditCore
import CreditNet
import CreditProtocol
import CreditStore

/// Snapshots: taken in the background on a schedule, by record count, on
/// SNAPSHOT, and at shutdown. Taking one rotates the journal, so each file
/// starts right after a snapshot and old files can go once they are covered.
extension Server {
    /// What INFO reports of snapshots.
    struct SnapshotState {
        var running: UInt64?
        var lastSequence: UInt64 = 0
        var lastAt: Instant?
        var lastSeconds = 0.0
        var lastBytes = 0
        var lastStarted: UInt64 = 0
    }

    enum SnapshotStart {
        case started(UInt64)
        case running(UInt64)
        case upToDate(UInt64)
        case failed(SystemError)
    }

    /// SNAPSHOT's reply line for what `startSnapshot` did.
    static func snapshotReply(_ start: SnapshotStart) -> String {
        switch start {
        case .started(let sequence): "OK snapshot started sequence=\(sequence)"
        case .running(let sequence): "OK snapshot running sequence=\(sequence)"
        case .upToDate(let sequence): "OK snapshot up-to-date sequence=\(sequence)"
        case .failed(let error): Reply.error(CreditError(.readOnly, "cannot start a new journal file: \(error)"))
        }
    }

    /// Starts a background snapshot of everything journaled so far.
    @discardableResult
    func startSnapshot() -> SnapshotStart {
        if let running = snapshots.running { return .running(running) }
        // The snapshot holds the refusals' audit entries: their records go before it.
        if !refusals.isEmpty { refusals.drain(into: journal, ledger: &ledger) }
        let sequence = journal.nextSequence - 1
        guard sequence > snapshots.lastSequence else { return .upToDate(sequence) }
        // SNAPSHOT after changes in the same turn or in turns whose sync is still running: they
        // are not durable yet, and the journal rotates only between turns with everything
        // durable. Start once the group commit has made them so (endTurn).
        if journal.hasPending || journal.hasUnsynced || !commits.isIdle {
            turn.snapshotAfterCommit = true
            return .started(sequence)
        }
        do {
            try journal.rotate()
        } catch {
            Log.error("cannot start a new journal file for the snapshot: \(error)")
            return .failed(error)
        }
        snapshots.running = sequence
        snapshots.lastStarted = Syscall.monotonicNanoseconds()
        snapshotter.start(
            ledger, sequence: sequence, directory: dataDirectory.path,
            keep: configuration.snapshotsKept)
        return .started(sequence)
    }

    /// The snapshot thread is done: note what it did (`noteFinished`).
    func finishSnapshot() {
        guard let outcome = snapshotter.take() else { return }
        snapshots.running = nil
        noteFinished(outcome)
    }

    func noteFinished(_ outcome: Snapshotter.Outcome) {
        if let failure = outcome.failure {
            Log.error("snapshot \(outcome.sequence) failed: \(failure); the journal keeps everything, nothing is lost")
            return
        }
        snapshots.lastSequence = outcome.sequence
        snapshots.lastAt = clock.now
        snapshots.lastSeconds = outcome.seconds
        snapshots.lastBytes = outcome.bytes
        Log.info("snapshot \(outcome.sequence): \(outcome.bytes) bytes in \(String(format: "%.3f", outcome.seconds)) s")
    }

    /// Due by time or by journal records?
    func snapshotIfDue(now: UInt64) {
        let byRecords = journal.recordsInFile >= configuration.snapshotRecords
        let interval = UInt64(configuration.snapshotEvery) * 1_000_000_000
        let byTime = interval > 0 && now &- snapshots.lastStarted >= interval && journal.recordsInFile > 0
        if byRecords || byTime { startSnapshot() }
    }

    /// At shutdown: wait for a running snapshot, then take a last one in
    /// this thread, so the next start loads instead of replaying.
    func snapshotAtShutdown() {
        while snapshots.running != nil {
            finishSnapshot()
            if snapshots.running != nil { _ = try? loop.wait(timeoutMilliseconds: 100) }
        }
        let sequence = journal.nextSequence - 1
        guard sequence > snapshots.lastSequence else { return }
        do {
            try journal.rotate()
        } catch {
            Log.error("cannot rotate the journal at shutdown: \(error)")
            return
        }
        noteFinished(
            Snapshotter.write(
                ledger, sequence: sequence, directory: dataDirectory.path,
                keep: configuration.snapshotsKept))
    }
}

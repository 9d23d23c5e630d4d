import CreditCore
import CreditNet
import CreditStore
import Foundation
import Synchronization

/// Writes snapshots on a background thread, so CHECK traffic never waits for
/// one. The loop hands it a copy of the ledger — a value, so the copy costs
/// nothing until the loop next changes a customer; that first change copies
/// the dictionary's table once (references, not invoices: copy-on-write). The thread
/// never touches the loop's state: it reports through `finished` and wakes
/// the loop through `wakeup`.
final class Snapshotter: Sendable {
    struct Outcome: Sendable {
        let sequence: UInt64
        let bytes: Int
        let seconds: Double
        let failure: String?
    }

    /// Written by the snapshot thread, taken by the loop thread.
    private let finished = Mutex<Outcome?>(nil)
    let wakeup: Wakeup

    init() throws {
        wakeup = try Wakeup()
    }

    func start(_ ledger: Ledger, sequence: UInt64, directory: String, keep: Int) {
        let thread = Thread { [self] in
            Syscall.yieldCPUToOthers()
            let outcome = Snapshotter.write(ledger, sequence: sequence, directory: directory, keep: keep)
            finished.withLock { $0 = outcome }
            wakeup.signal()
        }
        thread.name = "snapshot"
        thread.start()
    }

    /// The finished snapshot's outcome, once.
    func take() -> Outcome? {
        wakeup.drain()
        return finished.withLock { outcome in
            defer { outcome = nil }
            return outcome
        }
    }

    /// Writes the snapshot, then removes what it makes redundant; on the
    /// calling thread (the snapshot thread, or the loop at shutdown).
    static func write(_ ledger: Ledger, sequence: UInt64, directory: String, keep: Int) -> Outcome {
        let started = Syscall.monotonicNanoseconds()
        do {
            let bytes = try Snapshot.write(ledger, sequence: sequence, in: directory)
            prune(directory, keep: keep)
            return Outcome(
                sequence: sequence, bytes: bytes,
                seconds: Double(Syscall.monotonicNanoseconds() - started) / 1e9, failure: nil)
        } catch {
            return Outcome(sequence: sequence, bytes: 0, seconds: 0, failure: "\(error)")
        }
    }

    /// Keeps the newest `keep` snapshots, and the journal files needed to
    /// recover from the oldest of them. Here, not on the loop: unlinking a
    /// journal of hundreds of megabytes took 145 ms, a stall for every CHECK.
    /// The journal file being written is never among them: it starts after
    /// the newest snapshot.
    static func prune(_ directory: String, keep: Int) {
        guard let kept = try? Snapshot.list(in: directory) else { return }
        for old in kept.dropFirst(keep) { try? Syscall.unlink(old.path) }
        guard let oldest = kept.prefix(keep).last?.sequence,
            let files = try? JournalReader.files(in: directory)
        else { return }
        for (index, file) in files.enumerated().dropLast() where files[index + 1].first <= oldest + 1 {
            try? Syscall.unlink(file.path)
        }
    }
}

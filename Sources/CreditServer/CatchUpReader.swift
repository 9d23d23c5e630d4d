import CreditCore
import CreditNet
import CreditStore
import Foundation

/// What a replica that sent `SYNC <after>` lacks up to `upTo` (the primary's last durable
/// record when it asked), made on a background thread so the loop never waits on the disk for
/// it: the records from the journal files when they still reach back to `after + 1`, else a
/// fresh snapshot of `ledger` (a copy taken at `upTo`, copy-on-write) — Redis's partial and full
/// resynchronisation. Results come back through `results`, which wakes the loop.
final class CatchUpReader: Sendable {
    struct Job: Sendable {
        let token: UInt64
        let after: UInt64
        let upTo: UInt64
        let ledger: Ledger
        let directory: String
        /// Added to the `OK SYNC` line: the primary's epochs, and `diverged=` when the replica's
        /// history parted from this one (it then gets a snapshot, whatever the files hold).
        let words: String
        let diverged: Bool
    }

    struct Result: Sendable {
        let token: UInt64
        /// The `OK SYNC …` line, then the snapshot or the framed records.
        let bytes: [UInt8]
        let snapshot: Bool
    }

    /// Written by the catch-up threads, taken by the loop thread.
    let results: Handoff<Result>

    init() throws {
        results = try Handoff()
    }

    func start(_ job: Job) {
        let thread = Thread { [self] in
            results.put(CatchUpReader.make(job))
        }
        thread.name = "catch-up"
        thread.start()
    }

    static func make(_ job: Job) -> Result {
        if !job.diverged, let records = journalRecords(job) {
            return Result(
                token: job.token, bytes: Array("OK SYNC journal from=\(job.after + 1)\(job.words)\n".utf8) + records,
                snapshot: false)
        }
        let snapshot = Snapshot.bytes(job.ledger, sequence: job.upTo)
        return Result(
            token: job.token,
            bytes: Array("OK SYNC snapshot=\(job.upTo) bytes=\(snapshot.count)\(job.words)\n".utf8) + snapshot,
            snapshot: true)
    }

    /// The framed records `after + 1 ... upTo`, or nil when the files no longer hold them all
    /// (pruned after a snapshot, or removed while being read).
    static func journalRecords(_ job: Job) -> [UInt8]? {
        guard job.after < job.upTo else { return [] }
        guard let files = try? JournalReader.files(in: job.directory),
            let start = files.lastIndex(where: { $0.first <= job.after + 1 })
        else { return nil }
        var out: [UInt8] = []
        var next = job.after + 1
        for file in files[start...] {
            guard file.first <= next, let contents = try? JournalReader.read(file.path, expectingFirst: file.first)
            else {
                return nil
            }
            for record in contents.records where record.sequence == next && next <= job.upTo {
                record.frame(into: &out)
                next += 1
            }
            if next > job.upTo { return out }
        }
        return nil
    }
}

import CreditNet
import Glibc

/// The journal files read back as one chain of records after a snapshot. Every snapshot starts
/// a new journal file named by its next record (the journal rotates before the snapshot is
/// written), so the records must join: each file starts where the snapshot or the file before it
/// ended, and the newest file starts after the newest snapshot. A gap — a file deleted or cut
/// short — stops start-up with the files and the records missing; `--force` steps over it,
/// logging what is lost. A torn last record of the newest file is a crash in mid-write: it is
/// cut off and reported with what is known of it.
public enum JournalChain {
    /// Where the journal goes on after recovery.
    public struct End {
        /// The first record of the file to append to (a new file when none starts there).
        public let fileFirst: UInt64
        public let next: UInt64
        public let recordsInFile: Int
        /// `--force` stepped over missing records.
        public let forced: Bool
    }

    /// Replays every record after `covered` (the loaded snapshot) through `apply`, which is told
    /// whether `--force` stepped over missing records before it. `newestSnapshot` is the newest
    /// snapshot file present, intact or not. `repair: false` (a verification) reports a torn last
    /// record without cutting it.
    public static func replay(
        in directory: DataDirectory, after covered: UInt64, newestSnapshot: UInt64?, force: Bool,
        repair: Bool = true, warn: (String) -> Void,
        apply: (JournalRecord, _ file: String, _ afterGap: Bool) throws -> Void
    ) throws -> End {
        let files = try JournalReader.files(in: directory.path)
        var next = covered + 1
        var forced = false
        var previous: (path: String, tornAt: Int64?)?
        var lastFile: (first: UInt64, records: Int)?

        func stepOver(_ message: String, _ lost: String) throws {
            guard force else {
                throw StoreError(message + " Restore what is missing from a backup and start again. " + remedy)
            }
            warn("--force: \(message) Starting without \(lost).")
            forced = true
        }

        if files.isEmpty, newestSnapshot == nil, directory.servedBefore {
            try stepOver(
                """
                the data folder \(directory.path) has served before (it holds \(directory.lockPath)) but has no journal \
                file and no snapshot: every change is missing. If it never held data (a first start that was \
                killed), --force is safe.
                """, "any change: the ledger starts empty, with a new first admin")
            return End(fileFirst: 1, next: 1, recordsInFile: 0, forced: true)
        }
        // Checked before anything is replayed or cut, so a refused start changes nothing.
        let newestMissing = newestSnapshot.flatMap { (files.last?.first ?? 0) <= $0 ? $0 : nil }
        if let newest = newestMissing {
            let missing = Journal.path(in: directory.path, first: newest + 1)
            try stepOver(
                """
                \(Snapshot.path(in: directory.path, sequence: newest)) holds the records up to \(newest), but no journal \
                file starts after it: \(missing), started when that snapshot was taken, is missing, and with it every \
                change after record \(newest).
                """, "the changes after record \(newest)")
        }
        for (position, file) in files.enumerated() {
            let isLast = position == files.count - 1
            // A file whose records all precede the snapshot is already in it.
            if !isLast, files[position + 1].first <= next { continue }
            if file.first > next || previous?.tornAt != nil {
                let lost = file.first > next ? records(next, file.first - 1) : "the damaged end of \(previous!.path)"
                try stepOver(discontinuity(before: file, expected: next, previous: previous, covered: covered), lost)
                next = max(next, file.first)
            }
            let contents = try JournalReader.read(file.path, expectingFirst: file.first)
            for record in contents.records where record.sequence >= next {
                try apply(record, file.path, forced)
            }
            next = max(next, file.first + UInt64(contents.records.count))
            if let torn = contents.tornRecordAt, isLast {
                warn(tornTail(file.path, at: torn, cut: repair))
            }
            if contents.tornRecordAt != nil, isLast, repair {
                do {
                    let fd = try Syscall.open(file.path, flags: O_WRONLY)
                    defer { Syscall.close(fd) }
                    try Syscall.ftruncate(fd, length: contents.goodSize)
                    try Syscall.fsync(fd)
                } catch {
                    throw StoreError(
                        "cannot cut the incomplete last record off \(file.path): \(error); check its owner and mode")
                }
            }
            previous = (file.path, isLast ? nil : contents.tornRecordAt)
            lastFile = (file.first, contents.records.count)
        }
        if let newest = newestMissing {
            next = max(next, newest + 1)
            return End(fileFirst: next, next: next, recordsInFile: 0, forced: true)
        }
        return End(
            fileFirst: lastFile?.first ?? next, next: next, recordsInFile: lastFile?.records ?? 0, forced: forced)
    }

    /// What `--force` does, for every message that offers it.
    static let remedy = """
        To start without it, start once with --force: what is missing is lost for good, a later record that \
        depended on it is skipped (each one logged), and a snapshot of what remains is written at once, so the \
        next start needs no --force.
        """

    static func discontinuity(
        before file: (path: String, first: UInt64), expected next: UInt64,
        previous: (path: String, tornAt: Int64?)?, covered: UInt64
    ) -> String {
        guard let previous else {
            let base =
                covered > 0
                ? "the snapshot loaded holds the records up to \(covered), but the oldest journal file after it"
                : "no snapshot could be loaded, so the journal must start at record 1, but its oldest file"
            return """
                the journal does not join: \(base), \(file.path), starts at record \(file.first). Missing: \
                \(records(next, file.first - 1)); a journal file was deleted, or a newer snapshot deleted or damaged.
                """
        }
        if let torn = previous.tornAt {
            let missing = file.first > next ? " Missing: \(records(next, file.first - 1))." : ""
            return """
                the journal does not join: \(previous.path) is cut short at offset \(torn) (its last record is \
                incomplete) after record \(next - 1), yet a newer journal file, \(file.path), follows from record \
                \(file.first): the older file was damaged, not cut by a crash in mid-write.
                """ + missing
        }
        return """
            the journal does not join: \(previous.path) ends at record \(next - 1), but the next journal file, \
            \(file.path), starts at record \(file.first). Missing: \(records(next, file.first - 1)); a journal file \
            was deleted or cut short.
            """
    }

    static func records(_ first: UInt64, _ last: UInt64) -> String {
        first == last ? "record \(first)" : "records \(first) to \(last)"
    }

    /// What is known of a record cut by a crash: it was incomplete, so its write never finished.
    static func tornTail(_ path: String, at offset: Int64, cut: Bool) -> String {
        let fate = cut ? "was cut off" : "is there (a start cuts it off)"
        return """
            \(path): an incomplete last record at offset \(offset) (a crash in mid-write) \(fate). Its write never \
            finished, so under --fsync batch or always it was never acknowledged (a reply waits for the write and the \
            sync) unless the disk lost writes it had confirmed; under --fsync everysec the same holds when only the \
            server stopped, but after a power cut or a crash of the machine it may have been acknowledged, and is lost.
            """
    }
}

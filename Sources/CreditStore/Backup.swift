import CreditCore
import CreditNet

/// `BACKUP <dir>`: a data folder the server can start from, written beside a running server:
/// a snapshot of the committed ledger at `sequence` and the empty journal file that continues
/// it. Written on a background thread from a copy-on-write copy, into a folder of its own, so
/// it neither waits for nor races with the server's own snapshots and their pruning.
public enum Backup {
    /// Writes the backup and returns the snapshot's size. The folder must be new or empty; it
    /// and any missing parent are created with mode 0700 (it holds the users' salted secrets).
    public static func write(_ ledger: Ledger, sequence: UInt64, to directory: String) throws -> Int {
        guard (try? Syscall.listDirectory(directory))?.isEmpty ?? true else {
            throw StoreError("\(directory) is not empty; a backup goes into a new or empty folder")
        }
        var path = ""
        for component in directory.split(separator: "/") {
            path += "/" + component
            try Syscall.makeDirectory(path, mode: 0o700)
        }
        let bytes = try Snapshot.write(ledger, sequence: sequence, in: directory)
        _ = try Journal(
            directory: directory, policy: .always, firstSequence: sequence + 1, nextSequence: sequence + 1,
            existingRecords: 0)
        try Syscall.fsyncDirectory(directory)
        return bytes
    }
}

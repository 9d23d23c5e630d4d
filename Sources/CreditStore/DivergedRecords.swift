import CreditNet
import Glibc

/// What a server holds past the point where its history and its new primary's part (an old
/// primary's changes that never reached the replica promoted in its place): set aside in the
/// data folder, never merged. The records go to `diverged-<epoch>-<first record>.journal`, framed
/// as in the journal (magic first, then CRC-framed records), written whole and durable; a
/// snapshot that covers any of them is renamed `diverged-<epoch>-snapshot-<record>.cgs`. Then
/// every journal file and snapshot is removed: the state is rebuilt from the primary's.
public enum DivergedRecords {
    public struct SetAside: Sendable {
        /// The file holding the records, or nil when none were in the journal files.
        public let name: String?
        public let count: Int
        public let snapshots: [String]
    }

    public static func name(epoch: UInt64, first: UInt64) -> String { "diverged-\(epoch)-\(first).journal" }

    public static func setAside(in directory: String, after shared: UInt64, epoch: UInt64) throws -> SetAside {
        let files = try JournalReader.files(in: directory)
        var framed = Journal.magic
        var count = 0
        var first: UInt64?
        for file in files {
            for record in try JournalReader.read(file.path, expectingFirst: file.first).records
            where record.sequence > shared {
                first = first ?? record.sequence
                record.frame(into: &framed)
                count += 1
            }
        }
        var name: String?
        if let first {
            let chosen = DivergedRecords.name(epoch: epoch, first: first)
            try DurableFile.write(directory + "/" + chosen, in: directory, bytes: framed)
            name = chosen
        }
        var snapshots: [String] = []
        for snapshot in try Snapshot.list(in: directory) {
            if snapshot.sequence > shared {
                let kept = "diverged-\(epoch)-snapshot-\(snapshot.sequence).cgs"
                try Syscall.rename(snapshot.path, directory + "/" + kept)
                snapshots.append(kept)
            } else {
                try Syscall.unlink(snapshot.path)
            }
        }
        for file in files { try Syscall.unlink(file.path) }
        try Syscall.fsyncDirectory(directory)
        return SetAside(name: name, count: count, snapshots: snapshots)
    }
}

import CreditNet
import Glibc

/// The append-only journal: every change is framed (`JournalRecord`) and
/// appended before its reply is sent. Changes of one loop turn are buffered
/// and written with one write and one fdatasync (group commit, PERF.md
/// "Durable writes"). Owned by the event-loop thread.
public final class Journal {
    public let directory: String
    public let policy: FsyncPolicy
    public private(set) var path: String
    private var fd: Int32
    /// Framed records not yet written.
    private var pending: [UInt8] = []
    private var pendingCount = 0
    /// Bytes of the current file known to be written (and synced, per policy).
    public private(set) var durableSize: Int64
    /// Bytes of the current file written, synced or not (`write`): `durableSize` until a
    /// background sync is asked for.
    private var writtenSize: Int64
    /// The sequence number after the last durable record.
    private var durableNext: UInt64
    /// Framed records written since the last commit, for the replicas (`keepsCommits`).
    private var unsyncedBytes: [UInt8] = []
    /// A background sync asked for and not yet ended (`beginSync` … `endSync`).
    public private(set) var syncing: SyncTicket?
    /// The sequence number the next record gets.
    public private(set) var nextSequence: UInt64
    /// Records written but not yet fdatasync'd (everysec).
    private var unsynced = false
    /// A failed commit's records may still be in the file past `durableSize`.
    private var needsCut = false
    /// Records in the current file, for INFO and for rotation.
    public private(set) var recordsInFile: Int
    /// How long each fdatasync took, for INFO's percentiles.
    public private(set) var syncLatencies = LatencyRecorder()
    /// While set (a primary with replicas), each commit's framed records stay in `lastCommit`
    /// until the next one, to be sent on as they are.
    public var keepsCommits = false
    public private(set) var lastCommit: [UInt8] = []

    /// The first bytes of every journal file.
    public static let magic: [UInt8] = Array("CGJOURN1".utf8)

    /// Opens the journal file that starts at `firstSequence` (creating it when
    /// missing) and continues it from `nextSequence`.
    public init(
        directory: String, policy: FsyncPolicy, firstSequence: UInt64, nextSequence: UInt64,
        existingRecords: Int
    ) throws(SystemError) {
        self.directory = directory
        self.policy = policy
        self.nextSequence = nextSequence
        durableNext = nextSequence
        path = Journal.path(in: directory, first: firstSequence)
        (fd, durableSize) = try Journal.openFile(path, directory: directory)
        writtenSize = durableSize
        recordsInFile = existingRecords
    }

    deinit {
        Syscall.close(fd)
    }

    public static func path(in directory: String, first: UInt64) -> String {
        directory + "/" + DataDirectory.journalName(first: first)
    }

    public var hasPending: Bool { pendingCount > 0 }
    /// The last record written and synced (per policy): not one buffered, nor one whose
    /// background sync has not ended.
    public var lastDurable: UInt64 { durableNext - 1 }
    public var pendingRecords: Int { pendingCount }

    /// Frames one record into the turn's buffer and returns its sequence number.
    @discardableResult
    public func append(_ payload: [UInt8]) -> UInt64 {
        let sequence = nextSequence
        JournalRecord(sequence: sequence, payload: payload).frame(into: &pending)
        nextSequence += 1
        pendingCount += 1
        return sequence
    }

    /// Writes the buffered records and, per policy, fdatasyncs them (with whatever `write` put in
    /// the file before them). On failure the file is cut back to its last good size, the records
    /// are dropped (their sequence numbers are reused) and the error is thrown: the caller must
    /// treat none of them as done.
    public func commit(at now: () -> UInt64) throws(SystemError) {
        precondition(syncing == nil, "a synchronous commit waits for the background sync")
        guard !pending.isEmpty || writtenSize > durableSize else { return }
        do throws(SystemError) {
            try write()
            if policy == .everysec {
                unsynced = true
            } else {
                try sync(now: now)
            }
        } catch {
            abandonWritten()
            throw error
        }
        durableSize = writtenSize
        durableNext = nextSequence
        if keepsCommits { swap(&lastCommit, &unsyncedBytes) }
        unsyncedBytes.removeAll(keepingCapacity: true)
    }

    /// Writes the buffered records without waiting for the disk: they are durable once a sync
    /// begun after this ends (`beginSync`, `endSync`). On failure what this call wrote is cut
    /// off, its records are dropped and the error is thrown; records written before stay.
    public func write() throws(SystemError) {
        guard !pending.isEmpty else { return }
        do throws(SystemError) {
            // After a failed cut, nothing may be appended behind refused records.
            if needsCut {
                try Syscall.ftruncate(fd, length: writtenSize)
                needsCut = false
            }
            try Journal.writeAll(fd, pending)
        } catch {
            abandonPending()
            throw error
        }
        writtenSize += Int64(pending.count)
        recordsInFile += pendingCount
        if keepsCommits { unsyncedBytes.append(contentsOf: pending) }
        pending.removeAll(keepingCapacity: true)
        pendingCount = 0
    }

    /// What one background sync covers: the file, its size and the next sequence when it began.
    public struct SyncTicket: Sendable {
        public let fd: Int32
        let size: Int64
        let next: UInt64
    }

    /// Whether records were written that no sync has begun to cover.
    public var hasUnsynced: Bool { writtenSize > (syncing?.size ?? durableSize) }

    /// Begins a sync of everything written so far (not of records still buffered), for another
    /// thread to fdatasync `fd`.
    public func beginSync() -> SyncTicket {
        precondition(syncing == nil, "one background sync at a time")
        let ticket = SyncTicket(fd: fd, size: writtenSize, next: nextSequence - UInt64(pendingCount))
        // Records synced in the background are not streamed: a primary with replicas commits in
        // the loop (`Server.pipelines`), and a replica that connects later catches up from the files.
        unsyncedBytes.removeAll(keepingCapacity: true)
        syncing = ticket
        return ticket
    }

    /// The background sync ended: its records are durable, or (on `failure`) every record written
    /// after the last durable one is cut off and dropped, and the error is thrown.
    public func endSync(failure: SystemError?, nanoseconds: UInt64) throws(SystemError) {
        guard let ticket = syncing else { preconditionFailure("no background sync to end") }
        syncing = nil
        if let failure {
            unsyncedBytes.removeAll(keepingCapacity: true)
            abandonWritten()
            throw failure
        }
        syncLatencies.record(nanoseconds: nanoseconds)
        durableSize = ticket.size
        durableNext = ticket.next
    }

    /// For `everysec`: fdatasync what was written since the last one.
    public func syncIfNeeded(now: () -> UInt64) throws(SystemError) {
        guard unsynced else { return }
        try sync(now: now)
        unsynced = false
    }

    private func sync(now: () -> UInt64) throws(SystemError) {
        let started = now()
        if policy == .always { try Syscall.fsync(fd) } else { try Syscall.fdatasync(fd) }
        syncLatencies.record(nanoseconds: now() &- started)
    }

    private func abandonPending() {
        nextSequence -= UInt64(pendingCount)
        pending.removeAll(keepingCapacity: true)
        pendingCount = 0
        cut()
    }

    /// Drops every record after the last durable one: the buffered ones and those written.
    private func abandonWritten() {
        recordsInFile -= Int(nextSequence - UInt64(pendingCount) - durableNext)
        pending.removeAll(keepingCapacity: true)
        pendingCount = 0
        nextSequence = durableNext
        writtenSize = durableSize
        cut()
    }

    /// Whatever part reached the file past `writtenSize` is not acknowledged: cut it off, now or
    /// before the next write.
    private func cut() {
        do throws(SystemError) {
            try Syscall.ftruncate(fd, length: writtenSize)
            needsCut = false
        } catch {
            needsCut = true
        }
    }

    /// Starts a new file whose first record will be `nextSequence` (after a
    /// snapshot that covers everything before it).
    public func rotate() throws(SystemError) {
        precondition(pending.isEmpty && syncing == nil && !hasUnsynced, "rotate between turns only, all durable")
        if needsCut {
            try Syscall.ftruncate(fd, length: durableSize)
            needsCut = false
        }
        try syncIfNeeded(now: Syscall.monotonicNanoseconds)
        try continueInNewFile(first: nextSequence)
    }

    /// Starts a new file whose first record will be `next`, after a snapshot received from a
    /// primary that covers everything before it (a replica's records so far are all in it).
    public func restart(at next: UInt64) throws(SystemError) {
        precondition(pending.isEmpty && syncing == nil, "restart between records of a turn only")
        try continueInNewFile(first: next)
        nextSequence = next
        durableNext = next
        needsCut = false
        unsynced = false
    }

    /// Opens the file whose first record will be `first`, closes the current one, and writes on
    /// in the new one.
    private func continueInNewFile(first: UInt64) throws(SystemError) {
        let newPath = Journal.path(in: directory, first: first)
        let (newFD, size) = try Journal.openFile(newPath, directory: directory)
        Syscall.close(fd)
        fd = newFD
        path = newPath
        durableSize = size
        writtenSize = size
        recordsInFile = 0
    }

    /// Opens for appending; a new file gets the magic, synced with its folder.
    static func openFile(_ path: String, directory: String) throws(SystemError) -> (Int32, Int64) {
        let fd = try Syscall.open(path, flags: O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode: 0o600)
        var empty = false
        do throws(SystemError) {
            var size = try Syscall.fileSize(fd)
            if size == 0 {
                empty = true
                try writeAll(fd, magic)
                try Syscall.fsync(fd)
                try Syscall.fsyncDirectory(directory)
                size = Int64(magic.count)
            }
            return (fd, size)
        } catch {
            Syscall.close(fd)
            // A file without its header (a full disk) would be read at the next start as the
            // newest journal, starting at a record that is not next: start-up would stop. It
            // holds no record, so remove it.
            if empty { try? Syscall.unlink(path) }
            throw error
        }
    }

    /// `Syscall.writeAll` of a byte array, keeping the error typed.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
        let failure = bytes.withUnsafeBytes { raw -> SystemError? in
            do throws(SystemError) {
                try Syscall.writeAll(fd, from: raw.baseAddress!, count: raw.count)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}

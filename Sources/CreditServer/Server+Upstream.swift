import CreditCore
import CreditNet
import CreditProtocol
import CreditStore
import Glibc

/// Replication, the replica's side (`--replica-of`): one non-blocking connection to the primary
/// in the same loop. It signs in, sends `SYNC <last record here>`, keeps a snapshot when one
/// comes, then appends every record to its own journal under the primary's number and applies
/// it through `Ledger.apply`, like replay; the loop's group commit makes them durable and
/// `ACK <n>` tells the primary. On any trouble it drops the connection and syncs again a second
/// later from what it has made durable.
extension Server {
    func connectUpstream(_ link: ReplicaLink) {
        do {
            let (fd, connected) = try Socket.startConnect(to: link.primary)
            link.connectedAt = Syscall.monotonicNanoseconds()
            link.fd = fd
            link.phase = .connecting
            try loop.register(fd, interest: connected ? .readable : .writable, token: Server.upstreamToken)
            if connected { try sayHello(link) }
        } catch {
            dropUpstream(link, "cannot connect: \(error)")
        }
    }

    func sayHello(_ link: ReplicaLink) throws(SystemError) {
        link.input.removeAll(keepingCapacity: true)
        link.phase = .signingIn
        link.ackedSent = journal.nextSequence - 1
        let history =
            replication.history.epochs.isEmpty
            ? "" : " history=" + replication.history.wire(last: EpochHistory.sentOnSync)
        let hello = Array(
            "AUTH \(link.user) \(link.secret)\nSYNC \(link.ackedSent)\(history) replica=\(replication.replicaID)\n".utf8
        )
        guard try sendUpstream(link, hello).get() == .transferred(hello.count) else {
            throw SystemError(call: "send", errno: EAGAIN)
        }
    }

    /// One small write, in one send: all of it, part of it, or nothing (a full socket).
    func sendUpstream(_ link: ReplicaLink, _ bytes: [UInt8]) -> Result<IOOutcome, SystemError> {
        let fd = link.fd
        return bytes.withUnsafeBytes { raw in
            Result { () throws(SystemError) in try Syscall.send(fd, from: raw.baseAddress!, count: raw.count) }
        }
    }

    func upstreamReady(_ readiness: Readiness) {
        guard let link = replication.link, link.fd >= 0 else { return }
        if link.phase == .connecting {
            do {
                try Socket.finishConnect(link.fd)
                try loop.modify(link.fd, interest: .readable, token: Server.upstreamToken)
                try sayHello(link)
            } catch {
                dropUpstream(link, "cannot connect: \(error)")
            }
            return
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        let fd = link.fd
        let outcome: IOOutcome
        do {
            outcome = try chunk.withUnsafeMutableBytes { raw in
                Result { () throws(SystemError) in try Syscall.read(fd, into: raw.baseAddress!, count: raw.count) }
            }.get()
        } catch {
            dropUpstream(link, "read failed: \(error)")
            return
        }
        switch outcome {
        case .wouldBlock: return
        case .closed:
            dropUpstream(link, "the primary closed the connection")
            return
        case .transferred(let count):
            link.input.append(contentsOf: chunk[0..<count])
            link.lastHeard = Syscall.monotonicNanoseconds()
        }
        do {
            try takeUpstream(link)
        } catch {
            dropUpstream(link, "\(error)")
        }
    }

    /// Everything complete in the input, phase by phase.
    func takeUpstream(_ link: ReplicaLink) throws {
        var offset = 0
        defer { link.input.removeFirst(offset) }
        while true {
            switch link.phase {
            case .idle, .connecting:
                return
            case .signingIn, .syncing:
                guard let newline = link.input[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return }
                let line = String(decoding: link.input[offset..<newline], as: UTF8.self)
                offset = newline + 1
                try takeLine(line, link)
            case .snapshot(let size):
                // Not while this server's own snapshot is being written: finished after the install,
                // it would become the newest snapshot, of the books (and records) the install replaced.
                // The primary's heartbeats bring the next try.
                guard link.input.count - offset >= size, snapshots.running == nil else { return }
                try install(Array(link.input[offset..<(offset + size)]), link)
                offset += size
            case .streaming:
                let next = try link.input.withUnsafeBytes { raw throws(StoreError) in
                    try JournalRecord.next(in: raw, at: offset)
                }
                guard let (record, size) = next else { return }
                offset += size
                try apply(record, link)
            }
        }
    }

    func takeLine(_ line: String, _ link: ReplicaLink) throws {
        guard line.hasPrefix("OK ") else { throw StoreError("the primary refused: \(line)") }
        if link.phase == .signingIn {
            link.phase = .syncing
            return
        }
        let words = ReplyWord.split(line).words
        let values = Dictionary(
            words.compactMap { word in word.key.map { ($0, word.value) } }, uniquingKeysWith: { first, _ in first })
        link.offered = values["history"].flatMap { EpochHistory(wire: $0) }
        link.divergedAfter = values["diverged"].flatMap { UInt64($0) }
        if words.count >= 3, words[2].text == "journal", let from = values["from"].flatMap({ UInt64($0) }),
            from == journal.nextSequence,
            link.divergedAfter == nil
        {
            try adoptHistory(link)
            link.phase = .streaming
            report(link, "streaming from \(link.primary) from record \(from)")
            answerFollower(link, "OK " + followReply(link))
        } else if words.count >= 3, words[2].key == "snapshot", let size = values["bytes"].flatMap(Server.snapshotSize)
        {
            link.phase = .snapshot(size: size)
        } else {
            throw StoreError("the primary answered SYNC with '\(line)', not what was asked")
        }
    }

    /// The largest snapshot a replica takes from its primary; a larger or malformed `bytes=` is a bad peer.
    static let largestSnapshot: UInt64 = 16 << 30

    /// `bytes=` of `OK SYNC snapshot=…`: digits only, at most `largestSnapshot`.
    static func snapshotSize(_ text: String) -> Int? {
        guard let size = UInt64(text), size <= largestSnapshot else { return nil }
        return Int(size)
    }

    /// A snapshot from the primary replaces the books: kept as this folder's newest snapshot,
    /// the journal starting after it. On the loop thread, like a journal commit: it is rare.
    /// It is loaded and checked whole first: a damaged one sets nothing aside and replaces nothing
    /// (the link drops and syncs again).
    func install(_ bytes: [UInt8], _ link: ReplicaLink) throws {
        guard !journal.hasPending else { throw StoreError("a snapshot arrived after records of the same turn") }
        let (received, sequence): (Ledger, UInt64)
        do {
            (received, sequence) = try Snapshot.received(bytes)
        } catch {
            throw StoreError("\(error); nothing here was set aside or replaced")
        }
        if let shared = link.divergedAfter { try setAside(after: shared, link) }
        try Snapshot.keep(bytes, sequence: sequence, in: dataDirectory.path)
        try journal.restart(at: sequence + 1)
        ledger = received
        ledger.beginTurn()
        snapshots.lastSequence = sequence
        link.ackedSent = 0
        try adoptHistory(link)
        link.phase = .streaming
        report(link, "took snapshot \(sequence) (\(bytes.count) bytes) from \(link.primary); streaming")
        answerFollower(link, "OK " + followReply(link))
    }

    /// This server's records after `shared` are not the primary's history: set aside in a file,
    /// with every journal file and snapshot removed, before the primary's snapshot replaces them.
    func setAside(after shared: UInt64, _ link: ReplicaLink) throws {
        let aside = try DivergedRecords.setAside(in: dataDirectory.path, after: shared, epoch: replication.epoch)
        let what =
            "after=\(shared) records=\(aside.count)" + (aside.name.map { " file=\($0)" } ?? "")
            + (aside.snapshots.isEmpty ? "" : " snapshots=\(aside.snapshots.joined(separator: ","))")
        replication.setAside = "epoch=\(replication.epoch) " + what
        link.setAsideWords = " diverged=\(aside.count)" + (aside.name.map { " set_aside=\($0)" } ?? "")
        Log.error(
            "replication: this server's history parted from \(link.primary)'s after record \(shared): its own records "
                + "after it (\(what)) are set aside in \(dataDirectory.path), not merged; its books are rebuilt from the primary's snapshot"
        )
    }

    /// The primary's epochs become this replica's, once its records are.
    func adoptHistory(_ link: ReplicaLink) throws {
        guard let offered = link.offered, offered != replication.history else { return }
        try offered.save(in: dataDirectory.path)
        replication.history = offered
    }

    /// One record: journaled under the primary's number, applied as in replay. A heartbeat
    /// (record 0) says how far the primary is; a gap (a failed commit here) means sync again.
    func apply(_ record: JournalRecord, _ link: ReplicaLink) throws {
        guard record.sequence != 0 else {
            link.primarySequence = UInt64(String(decoding: record.payload, as: UTF8.self)) ?? link.primarySequence
            if link.primarySequence > journal.nextSequence - 1 {
                throw StoreError(
                    "records \(journal.nextSequence) to \(link.primarySequence) are missing here; syncing again")
            }
            return
        }
        guard record.sequence == journal.nextSequence else {
            throw StoreError("record \(record.sequence) came where \(journal.nextSequence) was due; syncing again")
        }
        let entry = try JournalEntry(decoding: record, parser: parser, file: "the primary's stream")
        do {
            _ = try ledger.apply(entry.command, by: entry.actor, at: entry.moment)
        } catch {
            throw StoreError(
                "record \(record.sequence) from the primary does not apply here (\(error)); this folder is not the primary's"
            )
        }
        journal.append(record.payload)
        link.primarySequence = max(link.primarySequence, record.sequence)
        if case .audit(.promoted(let number, let id, _, _)) = entry.command {
            replication.history.note(EpochHistory.Epoch(number: number, id: id, from: record.sequence))
            try replication.history.save(in: dataDirectory.path)
        }
    }

    /// After the turn's group commit: tell the primary how far this replica is durable.
    func acknowledgeUpstream(_ link: ReplicaLink) {
        guard link.phase == .streaming, !journal.hasPending else { return }
        let durable = journal.nextSequence - 1
        guard durable > link.ackedSent else { return }
        // A full socket (the primary not reading) skips this ACK: the next one, or the replication
        // tick's, covers it. Part of one would leave half a line for the next to run into: the link drops.
        let line = Array("ACK \(durable)\n".utf8)
        switch sendUpstream(link, line) {
        case .success(.transferred(line.count)): link.ackedSent = durable
        case .success(.wouldBlock): return
        case let outcome: dropUpstream(link, "sending ACK \(durable) failed (\(outcome))")
        }
    }

    /// A primary that vanished without FIN or RST (powered off, cut off, stopped) would leave the
    /// link waiting for good: after `--replica-timeout` of silence it is dropped and tried again.
    func dropSilentUpstream(_ link: ReplicaLink, now: UInt64) {
        guard link.phase != .idle else { return }
        let since = max(link.lastHeard ?? 0, link.connectedAt)
        guard now > since, now - since > replication.silenceLimit else { return }
        dropUpstream(
            link,
            "nothing heard from the primary for over \(replication.silenceLimit / 1_000_000_000) s (--replica-timeout)")
    }

    func dropUpstream(_ link: ReplicaLink, _ why: String) {
        link.input.removeAll()
        link.retryAt = Syscall.monotonicNanoseconds() + 1_000_000_000
        closeUpstream(
            link,
            answering: "ERR \(ErrorCode.replica.rawValue) \(link.primary) this server now follows it, but the sync "
                + "failed (\(why)); it keeps trying every second")
        if link.reported != why {
            link.reported = why
            Log.warning("replication from \(link.primary): \(why); trying again every second")
        }
    }

    func report(_ link: ReplicaLink, _ what: String) {
        link.reported = nil
        Log.info("replication: " + what)
    }
}

import CreditCore
import CreditNet
import CreditProtocol
import CreditStore
import Glibc

/// Start-up: the state is rebuilt by replaying the journal through the same
/// decoders and the same `Ledger.apply` as live traffic.
extension Server {
    /// Loads the newest intact snapshot (a damaged one falls back to the
    /// one before it), then replays the journal records after it.
    static func recover(into ledger: inout Ledger, configuration: Configuration) throws
        -> (journal: Journal, snapshotSequence: UInt64) {
        let started = Syscall.monotonicNanoseconds()
        let directory = configuration.dataDirectory
        var covered: UInt64 = 0
        for unfinished in try Snapshot.removeUnfinished(in: directory) {
            Log.info("removed \(unfinished), a snapshot interrupted by a crash")
        }
        for snapshot in try Snapshot.list(in: directory) {
            do {
                (ledger, covered) = try Snapshot.load(snapshot.path)
                break
            } catch {
                Log.warning("\(error); falling back to the snapshot before it and the journal")
            }
        }
        let files = try JournalReader.files(in: directory)
        let parser = RequestParser()
        var next = covered + 1
        var replayed = 0
        var lastFile: (first: UInt64, records: Int)?
        for (position, file) in files.enumerated() {
            let isLast = position == files.count - 1
            // A file whose records all precede the snapshot is already in it.
            if !isLast, files[position + 1].first <= next { continue }
            guard file.first <= next, lastFile == nil || file.first == next else {
                throw StoreError("""
                    \(file.path) starts at record \(file.first) but record \(next) was expected: a journal file \
                    or snapshot is missing. Restore it from a backup; start-up stops rather than skip changes.
                    """)
            }
            let contents = try JournalReader.read(file.path, expectingFirst: file.first)
            for record in contents.records where record.sequence >= next {
                try replay(record, into: &ledger, parser: parser, file: file.path)
                replayed += 1
            }
            next = max(next, file.first + UInt64(contents.records.count))
            if let torn = contents.tornRecordAt {
                guard isLast else {
                    throw StoreError("\(file.path) is cut short at offset \(torn), yet a newer journal file follows: damage. Restore from a backup.")
                }
                Log.warning("\(file.path): an incomplete last record at offset \(torn) (a crash in mid-write) was cut off; it was never acknowledged")
                let fd = try Syscall.open(file.path, flags: O_WRONLY)
                defer { Syscall.close(fd) }
                try Syscall.ftruncate(fd, length: contents.goodSize)
                try Syscall.fsync(fd)
            }
            lastFile = (file.first, contents.records.count)
        }
        let elapsed = Double(Syscall.monotonicNanoseconds() - started) / 1e9
        Log.info("recovered \(ledger.customers.count) customers, \(ledger.users.count) users: snapshot \(covered) + \(replayed) journal records in \(String(format: "%.3f", elapsed)) s")
        let journal = try Journal(directory: directory, policy: configuration.fsync, firstSequence: lastFile?.first ?? next,
                                  nextSequence: next, existingRecords: lastFile?.records ?? 0)
        return (journal, covered)
    }

    /// Applies one journal record: `<instant> <day> <actor> <role> <line>`.
    static func replay(_ record: JournalRecord, into ledger: inout Ledger, parser: RequestParser,
                       file: String) throws {
        func damage(_ why: String) -> StoreError {
            StoreError("\(file): record \(record.sequence) \(why). The journal does not match this version of CreditGate or was edited; start-up stops.")
        }
        try record.payload.withUnsafeBytes { bytes in
            var fields: [String] = []
            var index = 0
            while fields.count < 4 {
                guard let space = bytes[index...].firstIndex(of: UInt8(ascii: " ")) else { throw damage("has no command") }
                fields.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<space]), as: UTF8.self))
                index = space + 1
            }
            guard let instant = Instant(parsing: fields[0]), let day = Day(parsing: fields[1]),
                  let role = Role(name: fields[3]) else { throw damage("has a malformed header") }
            let line: RequestLine
            let request: Request
            do {
                line = try parser.parse(UnsafeRawBufferPointer(rebasing: bytes[index...]))
                request = try VerbTable.spec(for: line).decode(line, origin: .journal)
            } catch {
                throw damage("does not parse (\(error))")
            }
            guard case .command(let command) = request else { throw damage("is not a change") }
            do {
                _ = try ledger.apply(command, by: Actor(name: fields[2], role: role),
                                     at: Moment(instant: instant, today: day))
            } catch {
                throw damage("no longer applies (\(error))")
            }
        }
    }

    /// On an empty data folder, the first admin; with `--demo`, the samples.
    func bootstrap() throws {
        if ledger.users.isEmpty {
            let secret = configuration.adminSecret ?? Server.newSecret()
            let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
            try bootstrapWrite(.addUser(name: "admin", role: .admin, credential: Credential(secret: secret, salt: salt)))
            if configuration.adminSecret == nil {
                Log.console("creditgated: created user 'admin' with secret \(secret) (shown once; keep it safe)")
            } else {
                Log.info("created user 'admin' with the secret from CREDITGATE_ADMIN_SECRET")
            }
        }
        if configuration.demo {
            for command in Demo.commands(today: moment.today) where Demo.isMissing(command, in: ledger) {
                try bootstrapWrite(command)
            }
        }
    }

    private func bootstrapWrite(_ command: Command) throws {
        ledger.beginTurn()
        _ = try write(command, as: .system)
        try journal.commit(at: Syscall.monotonicNanoseconds)
        ledger.commitTurn()
    }
}

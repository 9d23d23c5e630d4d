import CreditCore
import CreditNet
import CreditProtocol
import CreditStore
import Glibc

/// Start-up: the state is rebuilt by replaying the journal through the same
/// decoders and the same `Ledger.apply` as live traffic.
extension Server {
    /// Loads the newest intact snapshot (a damaged one falls back to the
    /// one before it), then replays the journal records after it. After a
    /// start with `--force` stepped over missing records, what remains is
    /// saved as a snapshot, so the next start needs no `--force`. The epochs begun by the
    /// PROMOTE records replayed are returned, for `epochs`.
    static func recover(into ledger: inout Ledger, from directory: DataDirectory, configuration: Configuration) throws
        -> (journal: Journal, snapshotSequence: UInt64, promoted: [EpochHistory.Epoch])
    {
        let started = Syscall.monotonicNanoseconds()
        var covered: UInt64 = 0
        for unfinished in try Snapshot.removeUnfinished(in: directory.path) {
            Log.info("removed \(unfinished), a snapshot interrupted by a crash")
        }
        let snapshots = try Snapshot.list(in: directory.path)
        for snapshot in snapshots {
            do {
                (ledger, covered) = try Snapshot.load(snapshot.path)
                break
            } catch {
                Log.warning("\(error); falling back to the snapshot before it and the journal")
            }
        }
        let parser = RequestParser()
        var replayed = 0
        var skipped = 0
        var promoted: [EpochHistory.Epoch] = []
        let end = try JournalChain.replay(
            in: directory, after: covered, newestSnapshot: snapshots.first?.sequence,
            force: configuration.force, warn: Log.warning
        ) { record, file, afterGap in
            let entry = try JournalEntry(decoding: record, parser: parser, file: file)
            do {
                _ = try ledger.apply(entry.command, by: entry.actor, at: entry.moment)
                replayed += 1
                if case .audit(.promoted(let number, let id, _, _)) = entry.command {
                    promoted.append(EpochHistory.Epoch(number: number, id: id, from: record.sequence))
                }
            } catch {
                guard afterGap else { throw JournalEntry.damage(record, file, "no longer applies (\(error))") }
                Log.warning(
                    "--force: \(file): record \(record.sequence) skipped: it no longer applies (\(error)) without the records lost before it"
                )
                skipped += 1
            }
        }
        let elapsed = Double(Syscall.monotonicNanoseconds() - started) / 1e9
        Log.info(
            "recovered \(ledger.customers.count) customers, \(ledger.users.count) users: snapshot \(covered) + \(replayed) journal records in \(String(format: "%.3f", elapsed)) s"
        )
        let journal: Journal
        do {
            journal = try Journal(
                directory: directory.path, policy: configuration.fsync, firstSequence: end.fileFirst,
                nextSequence: end.next, existingRecords: end.recordsInFile)
        } catch {
            throw StoreError(
                """
                cannot open the journal file \(Journal.path(in: directory.path, first: end.fileFirst)): \(error); check \
                the free space and the owner of \(directory.path)
                """)
        }
        guard end.forced, end.next > 1 else { return (journal, covered, promoted) }
        try journal.rotate()
        let saved = Snapshotter.write(
            ledger, sequence: end.next - 1, directory: directory.path, keep: configuration.snapshotsKept)
        if let failure = saved.failure {
            throw StoreError(
                "--force: cannot write the snapshot of what remains (\(failure)); start again with --force once it can be written"
            )
        }
        Log.warning(
            "--force: started without the missing records (\(skipped) later records skipped); snapshot \(saved.sequence) holds what remains"
        )
        return (journal, saved.sequence, promoted)
    }

    /// The primary a FOLLOW named before this start (`following`): a restart goes on following it.
    static func followed(in directory: DataDirectory, configuration: Configuration) throws -> SocketAddress? {
        guard let text = try directory.following() else { return nil }
        let file = directory.path + "/" + DataDirectory.followingName
        guard let address = SocketAddress(parsing: text), address.port != 0 else {
            throw StoreError("\(file) holds '\(text.prefix(80))', not the <host:port> of a primary; fix or remove it")
        }
        guard configuration.replicaUser != nil, configuration.replicaSecret != nil else {
            throw StartError(
                description: """
                    this server was told to FOLLOW \(address) (\(file)): start it with --replica-user <name> and that user's \
                    secret in CREDITGATE_REPLICA_SECRET to go on following it, or with --replica-of <host:port> to follow another
                    """)
        }
        Log.info("following \(address) as before this start (\(file))")
        return address
    }

    /// The epochs in `epochs`, with any PROMOTE replayed that a crash kept out of the file; a
    /// primary without the file (a new folder, or one from before epochs) starts epoch 1 at
    /// record 1. A replica without it waits for its primary's.
    static func epochs(in directory: DataDirectory, promoted: [EpochHistory.Epoch], replica: Bool) throws
        -> EpochHistory
    {
        let kept = try EpochHistory.load(in: directory.path)
        var history = kept ?? EpochHistory()
        for epoch in promoted { history.note(epoch) }
        if history.epochs.isEmpty, !replica {
            history = EpochHistory([EpochHistory.Epoch(number: 1, id: EpochHistory.newID(), from: 1)])
        }
        if history != kept, !history.epochs.isEmpty { try history.save(in: directory.path) }
        return history
    }

    /// Binds the listening socket; a failure names the address and the option that sets it.
    static func listen(on address: SocketAddress) throws -> (Int32, SocketAddress) {
        do {
            return try Socket.listen(on: address)
        } catch {
            throw StartError(
                description:
                    "cannot listen on \(address): \(error). Stop what uses it, or choose another address with --listen."
            )
        }
    }

    /// A start-up failure outside the data folder, naming what to change.
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// On an empty data folder, the first admin; with `--demo`, the samples. A replica's books,
    /// users included, come from its primary alone.
    func bootstrap() throws {
        guard replication.link == nil else { return }
        if ledger.users.isEmpty {
            let secret = configuration.adminSecret ?? Server.newSecret()
            // On disk before the user is journaled: a crash between the two must not leave an
            // admin whose secret nobody can read.
            let secretFile = configuration.adminSecret == nil ? try dataDirectory.writeAdminSecret(secret) : nil
            try bootstrapChange(.addUser(name: "admin", role: .admin, credential: Server.credential(secret)))
            if let secretFile {
                Log.info(
                    "created user 'admin'; its secret is in \(secretFile) (mode 0600): read it, keep it safe, then delete the file"
                )
            } else {
                Log.info(
                    "created user 'admin' with the secret given (CREDITGATE_ADMIN_SECRET or the credential admin-secret)"
                )
            }
        }
        if configuration.demo {
            for command in Demo.commands(today: moment.today) where Demo.isMissing(command, in: ledger) {
                try bootstrapChange(command)
            }
        }
    }

    private func bootstrapChange(_ command: Command) throws {
        ledger.beginTurn()
        _ = try change(command, as: .system)
        try journal.commit(at: Syscall.monotonicNanoseconds)
        ledger.commitTurn()
    }
}

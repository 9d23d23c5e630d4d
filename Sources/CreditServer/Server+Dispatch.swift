import CreditCore
import CreditNet
import CreditProtocol
import CreditStore
import Foundation

/// A verb's whole life: parse the line, find its spec, authorize, decode,
/// apply (journaling what changed), reply.
extension Server {
    /// Answers one request line into `out`; returns true after QUIT.
    func handle(_ bytes: UnsafeRawBufferPointer, on connection: Connection, into out: inout [UInt8]) -> Bool {
        do throws(CreditError) {
            if let plain = VerbTable.plainCheck(bytes) {
                let query = plain.query(in: bytes)
                // The common CHECK goes straight to its answer, without a `Request` made, copied and freed.
                let spec = VerbTable.checkSpec
                statistics.count(spec)
                try connection.session.authorize(spec)
                try refuseOnReplica(spec, check: true, order: nil)
                return try answering(spec, on: connection, into: &out) { out throws(CreditError) in
                    try check(query, as: connection.session.actor, into: &out)
                    return false
                }
            }
            let line = try parser.parse(bytes)
            let spec = try VerbTable.spec(for: line)
            statistics.count(spec)
            try connection.session.authorize(spec)
            let request = try spec.decode(line)
            if connection.session.role == nil { try connection.session.authorize(request) }
            try refuseOnReplica(spec, request)
            if spec.access == .write, !journalWritable { throw Server.readOnlyError }
            return try answering(spec, on: connection, into: &out) { out throws(CreditError) in
                try execute(request, on: connection, into: &out)
            }
        } catch {
            statistics.errors += 1
            Reply.error(error, into: &out)
            return false
        }
    }

    /// Runs `answer`, and with `--sync-replicas` marks its reply to wait for the replicas when it
    /// changed something: a record of its own, or a change answered OK without one (a PAY retried
    /// with its ref), since what it reports may not be on the replicas yet.
    @inline(__always)
    private func answering(
        _ spec: VerbSpec, on connection: Connection, into out: inout [UInt8],
        _ answer: (inout [UInt8]) throws(CreditError) -> Bool
    ) throws(CreditError) -> Bool {
        let pending = journal.pendingRecords
        let start = connection.output.readableBytes + out.count
        let replyStart = out.count
        let quit = try answer(&out)
        if configuration.syncReplicas > 0,
            journal.pendingRecords > pending
                || (spec.access == .write && out[replyStart...].starts(with: "OK ".utf8))
        {
            connection.changeReplies.append(start..<(connection.output.readableBytes + out.count))
        }
        return quit
    }

    func execute(_ request: Request, on connection: Connection, into out: inout [UInt8]) throws(CreditError) -> Bool {
        switch request {
        case .check(let query):
            try check(query, as: connection.session.actor, into: &out)
        case .status(let customer):
            let account = try existing(customer)
            let decision = Decision.evaluate(account, amount: .zero, policy: ledger.policy, at: moment)
            // Terminals see reason codes and figures, never the text of notes.
            let notes = (connection.session.user?.role ?? .terminal) > .terminal
            Reply.lines(
                customer, Reply.status(account, decision: decision, policy: ledger.policy, at: moment, notes: notes),
                into: &out)
        case .command(let command):
            let outcome = try change(command, as: connection.session.actor)
            if case .userDeleted(let name) = outcome {
                signOut(name)
                throttle.forget(user: name)
            }
            Reply.outcome(outcome, into: &out)
        case .addUser(let name, let role, let ceiling):
            let secret = Server.newSecret()
            _ = try change(
                .addUser(name: name, role: role, credential: Server.credential(secret), overrideMax: ceiling),
                as: connection.session.actor)
            Reply.ok(
                "\(name) role=\(role)" + (ceiling.map { " override_max=\($0)" } ?? "") + " secret=\(secret)",
                into: &out)
        case .resetSecret(let name):
            let secret = Server.newSecret()
            _ = try change(
                .resetSecret(name: name, credential: Server.credential(secret)), as: connection.session.actor)
            // Whoever signed in with the old secret is signed out; the admin who asked stays.
            signOut(name, except: connection)
            Reply.ok("\(name) secret=\(secret)", into: &out)
        case .listUsers:
            Reply.lines("users", ledger.users.values.sorted { $0.name < $1.name }.map(Reply.user), into: &out)
        case .auth(let user, let secret):
            let signedIn = try authenticate(user, secret: secret, on: connection)
            Reply.ok("\(user) role=\(signedIn.role)", into: &out)
        case .ping:
            Reply.pong(into: &out)
        case .help(nil):
            out.append(contentsOf: Server.helpReply)
        case .help(let verb):
            Reply.lines("help", try Server.help(verb), into: &out)
        case .quit:
            Reply.ok("BYE", into: &out)
            return true
        case .history(let customer, let limit):
            let account = try existing(customer)
            if min(limit ?? .max, account.historyCount) > Server.inlineReplyLines {
                // A long trail is made and streamed on the desk thread, like the book-wide reads.
                turn.deferred.append((connection, request))
                connection.awaiting = true
            } else {
                let entries = account.history()
                Reply.lines(customer, entries.suffix(limit ?? entries.count).map(Reply.history), into: &out)
            }
        case .aging(let customer?, _):
            Reply.lines(
                "aging", [Reply.aging(try existing(customer).aging(on: moment.today), customer: customer)], into: &out)
        case .backup(let directory):
            try checkBackupFolder(directory)
            turn.deferred.append((connection, request))
            connection.awaiting = true
        case .requests:
            Reply.lines("requests", ledger.requests.map(Reply.request), into: &out)
        case .overrides(let customer?):
            _ = try existing(customer)
            Reply.lines(
                "overrides", ledger.liveOverrides(of: customer, at: moment.instant).map(Reply.override), into: &out)
        case .worklist(let owner?) where ledger.users[owner] == nil && ledger.deletedUsers[owner] == nil:
            throw CreditError(.unknownUser, "no user \(owner)")
        case .charges(let customer?):
            let account = try existing(customer)
            Reply.lines(
                "charges",
                account.charges(on: moment.today, policy: ledger.policy).map { Reply.charge($0, of: account) },
                into: &out)
        case .kpi(let from, let to):
            let end = to ?? moment.today
            guard end <= moment.today else { throw CreditError(.badDate, "to=\(end) is after today (\(moment.today))") }
            let start = from ?? end.adding(days: -89)
            guard start <= end else { throw CreditError(.badDate, "from=\(start) is after to=\(end)") }
            turn.deferred.append((connection, Request.kpi(from: start, to: end)))
            connection.awaiting = true
        case .aging(nil, _), .blocked, .watch, .worklist, .overrides(nil), .charges(nil):
            // Answered in the background after the turn's group commit; this connection's later lines wait.
            turn.deferred.append((connection, request))
            connection.awaiting = true
        case .policy:
            Reply.lines("policy", ledger.policy.settings.map { "policy \($0.key)=\($0.value)" }, into: &out)
        case .info:
            Reply.lines("info", info(full: connection.session.user?.role == .admin), into: &out)
        case .snapshot:
            // Kept for AUDIT: journaled first, so the snapshot (started after this turn's commit) covers it.
            // A replica or a fenced primary journals no record of its own (its numbering is the
            // primary's): it only takes its snapshot.
            if journalWritable, replication.takesChanges {
                _ = try change(.audit(.snapshot(sequence: Int(journal.nextSequence))), as: connection.session.actor)
            }
            let start = startSnapshot()
            if case .started = start, turn.snapshotAfterCommit {
                // It starts after this turn's group commit: answered then, with what it did.
                turn.snapshotWaiters.append(connection)
                connection.awaiting = true
            } else {
                out.append(contentsOf: (Server.snapshotReply(start) + "\n").utf8)
            }
        case .audit(let limit):
            Reply.lines("audit", ledger.audit.suffix(limit ?? ledger.audit.count).map(Reply.audit), into: &out)
        case .role, .sync, .ack:
            try replicate(request, on: connection, into: &out)
        case .held(let query, let reasons, let actor, let moment):
            try keepHeld(query, reasons: reasons, by: actor, at: moment, from: connection)
        case .promote(let note):
            try promote(note: note, by: connection.session.actor, into: &out)
        case .fence(let note):
            fence(note: note, by: connection.session.actor, into: &out)
        case .follow(let primary, let note):
            try follow(primary, note: note, on: connection, into: &out)
        case .setClock(let instant):
            guard configuration.testClock else {
                throw CreditError(.disabled, "CLOCK SET needs a server started with --test-clock")
            }
            _ = try change(.audit(.clock(instant)), as: connection.session.actor)
            clock.pin(instant)
            moment = clock.moment()
            Reply.ok("clock=\(instant) today=\(moment.today)", into: &out)
        }
        return false
    }

    /// A backup never goes into the live data folder or below it.
    func checkBackupFolder(_ directory: String) throws(CreditError) {
        let data = URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        guard target != data, !target.hasPrefix(data + "/"), !data.hasPrefix(target + "/") else {
            throw CreditError(
                .badValue, "\(directory) is the data folder, inside it or around it; back up to a folder of its own")
        }
    }

    func existing(_ customer: String) throws(CreditError) -> Customer {
        guard let account = ledger.customer(customer) else {
            throw CreditError(.unknownCustomer, "\(customer) is not a customer")
        }
        return account
    }

    /// CHECK: a read, unless it passes through an override for an order,
    /// which is then recorded like any other change. A refusal's audit entry
    /// waits in `refusals`, counting identical repeats, and holds no reply back.
    ///
    /// The decision is read where the answer holds it and written into `out`: returning it, and
    /// taking a savepoint that only an unrecordable CHECK needs (a getter of the ledger, which the
    /// server holds, copied the whole 200-byte `Ledger` out), cost a copy of each per CHECK.
    func check(_ query: CheckQuery, as actor: Actor, into out: inout [UInt8]) throws(CreditError) {
        let recordable = journalWritable && replication.takesChanges
        let savepoint = recordable ? 0 : ledger.savepoint
        // The decision is read in place from the answer: a copy of it cost ~500 instructions.
        let answer = try ledger.answer(query, by: actor, at: moment) { repeatable($0, by: actor) }
        if let audited = answer.event {
            if recordable, answer.decision.isHold {
                refusals.note(
                    audited, by: actor, at: moment, reasons: answer.decision.reasons,
                    ordinal: ledger.customers.box(query.customer)?.customer.lastOrdinal ?? 0)
            } else if recordable {
                appendToJournal(.check(audited), by: actor)
            } else {
                // The disk is out, or this is a replica or a fenced primary: a HOLD is still the safe
                // answer (a replica forwards its audit entry to the primary); a pass that must reserve
                // credit or use an override cannot be recorded, so it is refused.
                ledger.rollback(to: savepoint)
                guard answer.decision.isHold else { throw refusalOfChanges }
                if let link = replication.link {
                    noteHeld(audited, by: actor, reasons: answer.decision.reasons, on: link)
                }
            }
        }
        if answer.decision.isHold {
            statistics.countHold(answer.decision.reasons)
        } else {
            statistics.checksPassed += 1
        }
        Reply.decision(answer.decision, into: &out)
    }

    /// A change: validated and applied by the ledger, then appended to the journal. A verb whose
    /// row says `.write` was refused before it got here when the journal cannot be written; CLOCK SET
    /// and SNAPSHOT, session verbs that journal, and the server's own changes meet the same refusal here.
    /// A replica or a fenced primary journals nothing of its own, whatever the path: its records
    /// are numbered as its primary's.
    func change(_ command: Command, as actor: Actor) throws(CreditError) -> Outcome {
        guard journalWritable, replication.takesChanges else { throw refusalOfChanges }
        let applied = try ledger.apply(command, by: actor, at: moment)
        if let event = applied.event { appendToJournal(event, by: actor) }
        return applied.outcome
    }

    /// Appends the event to the journal, after the refusals' audit entries made before it;
    /// the turn's group commit makes them durable before any reply leaves (`Server.endTurn`).
    func appendToJournal(_ event: Command, by actor: Actor) {
        if !refusals.isEmpty { refusals.drain(into: journal, ledger: &ledger) }
        journal.append(JournalEntry.payload(event, by: actor, at: moment))
    }

    /// Why a change cannot be taken here: a replica, a fenced primary, or a journal that cannot be written.
    var refusalOfChanges: CreditError {
        replication.link.map(replicaError) ?? replication.fenced.map(fencedError) ?? Server.readOnlyError
    }

    /// A HISTORY longer than this is streamed from the desk thread instead of made whole here.
    static let inlineReplyLines = 1000

    /// Between turns: journals the refusals' audit entries and makes them durable. No reply
    /// waits for them, so a failure only marks the journal unwritable (the HOLDs stand).
    func commitRefusals() {
        guard !refusals.isEmpty, journalWritable, replication.takesChanges else {
            refusals.removeAll()
            return
        }
        // Between turns, with nothing waiting for the disk: the refusals are durable once
        // committed here, so the ledger keeps no old values for them.
        drainCommits()
        ledger.commitTurn()
        refusals.drain(into: journal, ledger: &ledger)
        do {
            try journal.commit(at: Syscall.monotonicNanoseconds)
            replicateCommit()
        } catch {
            markJournalUnwritable(error)
        }
    }

    static let readOnlyError = CreditError(
        .readOnly,
        "the journal cannot be written, so changes are refused; reads go on")

    /// PROMOTE and FOLLOW while the last changes are being made durable (a millisecond or so).
    static let changesWaitError = CreditError(
        .busy, "changes are being made durable; try again in a moment (nothing changed)")

    /// Checks a secret unless the throttle refuses the attempt first (`AuthThrottle`). Any
    /// failure signs the connection out: it never keeps the rights of an earlier sign-in. Returns the
    /// user signed in.
    func authenticate(_ name: String, secret: String, on connection: Connection) throws(CreditError) -> User {
        connection.session.signOut()
        let address = connection.session.peer.clientKey
        let now = Syscall.monotonicNanoseconds()
        let user = ledger.users[name]
        switch throttle.refusal(user: name, exists: user != nil, address: address, now: now) {
        case .address(let seconds):
            throttle.refused()
            throw CreditError(.authFailed, "too many failed attempts from \(address); try again in \(seconds) s")
        case .account(let seconds):
            throttle.refused()
            throw CreditError(.authFailed, "too many failed attempts for \(name); try again in \(seconds) s")
        case nil:
            break
        }
        guard let user, user.credential.matches(secret) else {
            throttle.failed(name: name, exists: user != nil, address: address, now: now)
            throw CreditError(.authFailed, "wrong user or secret")
        }
        throttle.succeeded(user: name, address: address)
        connection.session.signIn(user)
        return user
    }

    /// A deleted user's connections, or those signed in with a secret just replaced, lose their
    /// rights at once.
    func signOut(_ name: String, except kept: Connection? = nil) {
        for connection in connections.values where connection.session.user?.name == name && connection !== kept {
            connection.session.signOut()
        }
    }

    /// A secret's salted hash, with a fresh 16-byte salt.
    static func credential(_ secret: String) -> Credential {
        Credential(secret: secret, salt: (0..<16).map { _ in UInt8.random(in: 0...255) })
    }

    /// 24 characters of an unambiguous alphabet: about 120 bits.
    static func newSecret() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        return String((0..<24).map { _ in alphabet.randomElement()! })
    }

    /// HELP without a verb never changes: built once (unsigned clients flooding HELP made the
    /// loop format the verb table 13,000 times per 64 KB they sent).
    static let helpReply: [UInt8] = {
        var out: [UInt8] = []
        Reply.lines("help", (try? help(nil)) ?? [], into: &out)
        return out
    }()

    /// HELP's lines, `verb key=value …` as every multi-line reply's body (protocol.md §5).
    static func help(_ verb: String?) throws(CreditError) -> [String] {
        guard let verb else {
            return VerbTable.all.map { "verb syntax=\(Quoting.quoted($0.syntax))" }
        }
        guard let spec = VerbTable.spec(named: verb) else {
            throw CreditError(.unknownVerb, "unknown verb '\(verb)'; HELP lists the verbs")
        }
        return [
            "verb name=\(Quoting.quoted(spec.name)) syntax=\(Quoting.quoted(spec.syntax))"
                + " role=\(spec.role.map(\.description) ?? "anyone") summary=\(Quoting.quoted(spec.summary))"
        ]
    }
}

import CreditCore
import CreditNet
import CreditProtocol
import CreditStore
import Glibc

/// The CreditGate server: one event-loop thread owns every connection and
/// the whole ledger, as Redis does. On this 2-core machine that measured
/// faster than two loops, and it needs no lock on the CHECK path (PERF.md:
/// a contended Mutex convoys; a second loop cost 23% at pipeline 16).
///
/// A loop turn: wait for readiness; read once from each ready connection and
/// answer every complete line into its output buffer; append the turn's
/// changes to the journal and make them durable with one fdatasync (group
/// commit; with `--fsync batch` on its own thread while the next turns are
/// answered, `Server+GroupCommit`); only then send each connection its replies,
/// one write each. A turn whose only records would be refusals' audit entries
/// commits nothing: those wait in `refusals` and hold no reply back.
public final class Server {
    let configuration: Configuration
    /// Locked for as long as the server runs.
    let dataDirectory: DataDirectory
    var ledger: Ledger
    let journal: Journal
    let clock: ServerClock
    let parser = RequestParser()
    let loop: EventLoop
    let signals: SignalWatcher
    var listener: Int32
    /// The address actually bound (port 0 becomes the real port).
    public let address: SocketAddress
    var connections: [UInt64: Connection] = [:]
    var nextToken: UInt64 = Server.firstConnectionToken
    var throttle = AuthThrottle()
    var statistics = Statistics()
    /// "Now" for every rule in this turn.
    var moment: Moment
    /// The rest of what one loop turn keeps, begun in `beginTurn` and settled in `endTurn`.
    var turn = Turn()
    /// False after a failed journal write, until the retry time: changes are refused with ERR READONLY.
    var journalWritable = true
    var retryJournalAt: UInt64 = 0
    var nextHousekeeping: UInt64 = 0
    let snapshotter: Snapshotter
    let desk: DeskReader
    /// The group commit's fdatasync, on its own thread (`--fsync batch`), and the turns whose
    /// replies wait for it.
    let syncer: BackgroundSync
    var commits = CommitPipeline()
    /// The `--metrics` listener and its scrapes, when configured.
    let metrics: MetricsEndpoint?
    let service: ServiceNotifications
    /// Replicas of this primary, or this replica's link to its primary (`Server+Replication`).
    let replication: Replication
    /// Audit entries of held CHECKs not yet journaled: they hold no reply back (protocol.md §7).
    var refusals = RefusalAudits()
    var snapshots = SnapshotState()
    let started: UInt64
    var stopping = false
    var stop = StopState()
    var admission = Admission()
    /// The replies of one read, gathered before one copy into the output buffer.
    var scratch: [UInt8] = []

    static let listenerToken: UInt64 = 0
    static let signalToken: UInt64 = 1
    static let snapshotToken: UInt64 = 2
    static let deskToken: UInt64 = 3
    static let metricsToken: UInt64 = 4
    static let catchUpToken: UInt64 = 5
    static let upstreamToken: UInt64 = 6
    static let syncToken: UInt64 = 7
    static let firstConnectionToken: UInt64 = 16
    /// Reply bytes answered per turn, shared by the connections ready in it: one alone gets all of
    /// it (a bulk load keeps ~1,000 writes per fdatasync), each of 300 flooding HELP its 4 KiB floor.
    static let turnBudget = 1 << 20
    static let minimumAnswerBudget = 4096

    /// Locks the data folder, recovers the state from it and binds the listening socket. A
    /// failed start leaves a folder that held nothing as it found it (`discardIfNew`).
    public init(configuration: Configuration) throws {
        Log.configure(format: configuration.logFormat, journal: configuration.logToJournal)
        service = ServiceNotifications(configuration: configuration)
        signals = try SignalWatcher(signals: [SIGTERM, SIGINT])
        Syscall.ignoreBrokenPipe()
        self.configuration = configuration
        clock = ServerClock(calendar: BusinessCalendar(identifier: configuration.timeZone) ?? .utc)
        moment = clock.moment()
        let directory = try DataDirectory(opening: configuration.dataDirectory)
        dataDirectory = directory
        do {
            started = Syscall.monotonicNanoseconds()
            var ledger = Ledger()
            let recovered = try Server.recover(into: &ledger, from: directory, configuration: configuration)
            journal = recovered.journal
            self.ledger = ledger
            snapshots.lastSequence = recovered.snapshotSequence
            snapshots.lastStarted = started
            snapshotter = try Snapshotter()
            desk = try DeskReader()
            syncer = try BackgroundSync()
            let primary = try configuration.replicaOf ?? Server.followed(in: directory, configuration: configuration)
            replication = try Replication(
                configuration: configuration, primary: primary,
                history: Server.epochs(
                    in: directory, promoted: recovered.promoted,
                    replica: primary != nil))
            loop = try EventLoop()
            (listener, address) = try Server.listen(on: configuration.listen)
            admission.spare = Server.openSpare()
            metrics = try configuration.metrics.map { address throws(StartError) in
                try Server.listenForMetrics(on: address)
            }
            try loop.register(listener, interest: .readable, token: Server.listenerToken)
            if let metrics { try loop.register(metrics.listener, interest: .readable, token: Server.metricsToken) }
            try loop.register(signals.fd, interest: .readable, token: Server.signalToken)
            try loop.register(snapshotter.wakeup.fd, interest: .readable, token: Server.snapshotToken)
            try loop.register(desk.chunks.wakeup.fd, interest: .readable, token: Server.deskToken)
            try loop.register(replication.catchUp.results.wakeup.fd, interest: .readable, token: Server.catchUpToken)
            try loop.register(syncer.wakeup.fd, interest: .readable, token: Server.syncToken)
            // The first admin of an empty folder is journaled before the fence goes up.
            try bootstrap()
            if configuration.startFenced, replication.link == nil {
                replication.fenced = "started with --start-fenced; waiting for PROMOTE or FOLLOW"
                replication.promotable = true
            }
        } catch {
            directory.discardIfNew()
            throw error
        }
    }

    /// Serves until SIGTERM or SIGINT, then finishes what is in flight and returns.
    public func run() throws {
        Log.info("listening on \(address), data in \(configuration.dataDirectory), fsync \(configuration.fsync)")
        if let metrics { Log.info("metrics on http://\(metrics.address)/metrics") }
        service.ready(address: address)
        while true {
            let count = try loop.wait(timeoutMilliseconds: stopping ? 50 : admission.paused ? 100 : 250)
            beginTurn()
            // Shared between the connections ready now: idle ones do not shrink anyone's share.
            turn.answerBudget = max(Server.minimumAnswerBudget, Server.turnBudget / max(1, count))
            for index in 0..<count {
                let (token, readiness) = loop.event(at: index)
                switch token {
                case Server.listenerToken: acceptConnections()
                case Server.signalToken: beginStopping()
                case Server.snapshotToken: finishSnapshot()
                case Server.deskToken: deliverDeskReplies()
                case Server.metricsToken: acceptScrapes()
                case Server.catchUpToken: deliverCatchUps()
                case Server.upstreamToken: upstreamReady(readiness)
                case Server.syncToken: collectSync()
                case MetricsEndpoint.firstToken...: serveScrape(token)
                default:
                    guard let connection = connections[token] else { continue }
                    // Its replies wait for the disk: no event of it is served until they go.
                    if connection.waitsForDisk {
                        unwatch(connection)
                        break
                    }
                    if !readiness.isDisjoint(with: [.readable, .hangup, .error]) { read(connection) }
                    // A connection answered this turn is flushed by endTurn, after the group commit.
                    if readiness.contains(.writable), connections[token] != nil, connection.turnStart == nil {
                        flush(connection)
                        if connections[token] != nil, connection.output.readableBytes <= configuration.outputLimit / 2 {
                            if let rest = connection.deskRest {
                                connection.deskRest = nil
                                desk.resume(rest)
                            } else if connection.held {
                                begin(connection)
                                answer(connection)
                            }
                        }
                    }
                }
                collectSync()
            }
            endTurn()
            let now = Syscall.monotonicNanoseconds()
            if now >= nextHousekeeping { housekeeping(now: now) }
            if now >= replication.nextTick { replicationTick(now: now) }
            if admission.paused, now >= admission.retryAt { resumeAccepting() }
            if stopping, stopFinished(now: now) { break }
        }
        finishStopping()
    }

    // MARK: turns

    func beginTurn() {
        moment = clock.moment()
        turn.started = Syscall.monotonicNanoseconds()
        ledger.beginTurn()
        turn.undoStart = ledger.savepoint
        if !journalWritable, turn.started >= retryJournalAt { journalWritable = true }
    }

    /// Makes the turn's changes durable, then sends every reply: in the background when it may
    /// (`endPipelinedTurn`), else here, after what waits in the background is durable.
    func endTurn() {
        if pipelines {
            endPipelinedTurn()
            return
        }
        drainCommits()
        if journal.hasPending {
            do {
                try journal.commit(at: Syscall.monotonicNanoseconds)
                replicateCommit()
            } catch {
                refuseTurn(error)
            }
        }
        ledger.commitTurn()
        replicationAfterTurn()
        holdChangesForReplicas()
        for (connection, request) in turn.deferred {
            desk.submit(
                DeskReader.Job(
                    token: connection.token, request: request, ledger: ledger, moment: moment,
                    sequence: journal.nextSequence - 1))
        }
        turn.deferred.removeAll(keepingCapacity: true)
        if turn.snapshotAfterCommit {
            turn.snapshotAfterCommit = false
            // Through the desk's path, so each waiter's later lines are answered in a turn of their own.
            let reply = Server.snapshotReply(startSnapshot())
            for waiter in turn.snapshotWaiters where connections[waiter.token] != nil {
                desk.resume(DeskReader.Stream(token: waiter.token, line: reply))
            }
            turn.snapshotWaiters.removeAll()
        }
        for connection in turn.touched {
            connection.turnStart = nil
            if connections[connection.token] != nil { flush(connection) }
        }
        turn.touched.removeAll(keepingCapacity: true)
    }

    /// The group commit failed: none of the turn's changes stand. Undo them
    /// and answer the whole turn again from the state before it, refusing
    /// every change with `ERR READONLY`, so no reply reflects a change that
    /// is not on disk.
    func refuseTurn(_ error: SystemError) {
        answerAgain(turn.touched, from: turn.undoStart, after: error)
    }

    /// Undoes the books to `savepoint` and answers the lines of `held` again from where each
    /// stood when its turn began, refusing every change with `ERR READONLY`.
    func answerAgain(_ held: [Connection], from savepoint: Int, after error: SystemError) {
        turn.deferred.removeAll()
        // Refusals noted in these turns are undone with them; earlier ones went with the failed records.
        refusals.removeAll()
        turn.snapshotAfterCommit = false
        turn.snapshotWaiters.removeAll()
        ledger.rollback(to: savepoint)
        markJournalUnwritable(error)
        // A SYNC answered again is queued again.
        replication.pendingSyncs.removeAll { pending in held.contains { $0 === pending.0 } }
        for connection in held {
            guard let start = connection.turnStart, connections[connection.token] != nil else { continue }
            connection.output.truncate(toReadable: start.outputBytes)
            connection.input.rewind(to: start.input)
            connection.session.signIn(start.user)
            // A stop since the turn began closes it once answered (it had nothing more to read).
            connection.closing = start.closing || (stopping && connection.unreadAtStop == 0)
            connection.awaiting = start.awaiting
            connection.changeReplies.removeAll()
            answer(connection)
        }
        ledger.rollback(to: savepoint)
    }

    func markJournalUnwritable(_ error: SystemError) {
        if journalWritable {
            Log.error(
                "journal write failed (\(error)); changes are refused with ERR READONLY until the disk takes writes again"
            )
        }
        journalWritable = false
        retryJournalAt = Syscall.monotonicNanoseconds() + 1_000_000_000
    }

    // MARK: connections

    /// One read, then every complete line answered.
    func read(_ connection: Connection) {
        // Once this turn has marked where the connection stands, a read could move the bytes
        // under that mark; the data waits for the next turn (epoll is level-triggered).
        // A held connection is not read: its client must take its replies first.
        guard !connection.closing, !connection.held, connection.turnStart == nil, connection.syncWait == nil else {
            return
        }
        let outcome: IOOutcome
        do {
            outcome = try connection.input.read(from: connection.fd, atMost: connection.unreadAtStop ?? .max)
        } catch {
            close(connection)
            return
        }
        switch outcome {
        case .wouldBlock: return
        case .closed: connection.closing = true
        case .transferred(let count):
            if let unread = connection.unreadAtStop {
                connection.unreadAtStop = unread - count
                // What arrived before the stop is read: answer it, then close.
                if unread - count <= 0 { connection.closing = true }
            }
        }
        begin(connection)
        answer(connection)
    }

    /// Notes where `connection` stood when this turn first turn.touched it.
    func begin(_ connection: Connection) {
        if connection.turnStart == nil {
            connection.turnStart = Connection.TurnStart(
                input: connection.input.mark,
                outputBytes: connection.output.readableBytes,
                user: connection.session.user, closing: connection.closing,
                awaiting: connection.awaiting)
            turn.touched.append(connection)
        }
    }

    /// Desk reads answered in the background: their replies go out in order, a chunk at a time
    /// (the next one is asked for once the client has taken this one, in `run`), then the lines
    /// that waited behind them are answered.
    func deliverDeskReplies() {
        for chunk in desk.chunks.take() {
            guard let connection = connections[chunk.token] else { continue }
            // Its last turn's replies go first, and this one's turn begins after it.
            if connection.waitsForDisk { drainCommits() }
            // The reply comes from durable state and stays even if this turn's commit fails:
            // the turn starts for this connection after it.
            chunk.bytes.withUnsafeBytes { connection.output.append($0) }
            connection.deskRest = chunk.rest
            connection.awaiting = chunk.rest != nil
            let touchedAlready = connection.turnStart != nil
            connection.turnStart = nil
            begin(connection)
            if touchedAlready { turn.touched.removeLast() }
            if chunk.rest == nil { answer(connection) }
        }
    }

    /// Answers the complete lines held for `connection`, until its replies waiting to be sent pass
    /// `--output-limit`, or this turn's replies to it pass its share of the turn (`answerBudget`):
    /// the rest wait in the input buffer (and the socket is not read) until the socket is writable
    /// and at most half the limit waits, so no connection pins more than the limit and one reply,
    /// and none holds the loop for long (50 clients flooding HELP stalled another client's CHECK
    /// for 2.8 s with the limit alone).
    func answer(_ connection: Connection) {
        scratch.removeAll(keepingCapacity: true)
        var quit = false
        connection.held = false
        while !quit, !connection.awaiting {
            if connection.output.readableBytes + scratch.count > configuration.outputLimit
                || scratch.count >= turn.answerBudget
            {
                connection.held = true
                break
            }
            guard let line = connection.input.nextLine() else { break }
            connection.lastActivity = turn.started
            switch line {
            case .tooLong:
                statistics.errors += 1
                Reply.error(
                    CreditError(
                        .lineTooLong,
                        "a request line is at most \(Limits.maximumLineLength) bytes including the newline"),
                    into: &scratch)
            case .line(let bytes):
                quit = handle(bytes, on: connection, into: &scratch)
            }
        }
        if quit {
            connection.closing = true
        }
        scratch.withUnsafeBytes { connection.output.append($0) }
    }

    /// Sends what is waiting, once; watches for writable only while replies wait, and for
    /// readable only while new lines may be answered.
    func flush(_ connection: Connection) {
        guard connection.syncWait == nil else { return unwatch(connection) }
        if !connection.output.isEmpty {
            let outcome: IOOutcome
            do {
                outcome = try connection.output.send(to: connection.fd)
            } catch {
                close(connection)
                return
            }
            if outcome == .closed {
                close(connection)
                return
            }
            if case .transferred(let count) = outcome, count > 0 { connection.lastActivity = turn.started }
        }
        if connection.closing, connection.isSettled {
            close(connection)
            return
        }
        var wanted: Readiness = connection.closing || connection.awaiting || connection.held ? [] : .readable
        // A held connection, or one with more of a desk reply to come, watches writable even once
        // drained: the event resumes it.
        if !connection.output.isEmpty || connection.held || connection.deskRest != nil { wanted.insert(.writable) }
        if wanted != connection.interest {
            connection.interest = wanted
            try? loop.modify(connection.fd, interest: wanted, token: connection.token)
        }
    }

    /// A connection waiting for replicas or for the disk is neither read nor written (`flush`,
    /// `read`): epoll watches nothing, so data it sends meanwhile does not wake the loop in vain.
    func unwatch(_ connection: Connection) {
        guard !connection.interest.isEmpty else { return }
        connection.interest = []
        try? loop.modify(connection.fd, interest: [], token: connection.token)
    }

    func close(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.token) != nil else { return }
        forgetReplica(connection.token)
        loop.unregister(connection.fd)
        Syscall.close(connection.fd)
        resumeAccepting()
    }

    // MARK: timers and shutdown

    func housekeeping(now: UInt64) {
        nextHousekeeping = now + 1_000_000_000
        commitRefusals()
        forwardHeld()
        if configuration.fsync == .everysec {
            do {
                try journal.syncIfNeeded(now: Syscall.monotonicNanoseconds)
            } catch {
                markJournalUnwritable(error)
            }
        }
        if configuration.idleTimeout > 0 {
            let limit = UInt64(configuration.idleTimeout) * 1_000_000_000
            for connection in connections.values
            where now &- connection.lastActivity > limit && !connection.isBusyOnServer {
                close(connection)
            }
        }
        throttle.prune(now: now)
        if let summary = throttle.summary(now: now) { Log.warning(summary) }
        expireScrapes(now: now)
        service.tick(now: now)
        if !stopping { snapshotIfDue(now: now) }
    }
}

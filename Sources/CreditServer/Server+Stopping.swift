import CreditNet

/// SIGTERM and SIGINT: stop accepting, answer every request received before the signal, then
/// stop. What the kernel held for each connection at the signal is read and answered, nothing
/// after it; a connection closes once its replies are out. A client that takes none of its
/// replies for 5 s, and anything still open 30 s after the signal, is dropped, and the log says
/// how many requests were left unanswered (protocol.md §3).
extension Server {
    struct StopState {
        var deadline: UInt64 = 0
        var dropped = 0
        var unansweredLines = 0
        var unreadBytes = 0
    }

    static let stopStall: UInt64 = 5_000_000_000
    static let stopLimit: UInt64 = 30_000_000_000

    func beginStopping() {
        while let signal = signals.next() {
            Log.info("signal \(signal): answering the requests received, then stopping")
        }
        guard !stopping else { return }
        stopping = true
        service.stopping()
        stop.deadline = turn.started + Server.stopLimit
        loop.unregister(listener)
        Syscall.close(listener)
        for connection in Array(connections.values) {
            let unread = Syscall.bytesReadable(connection.fd)
            connection.unreadAtStop = unread
            if unread == 0 { connection.closing = true }
            connection.lastActivity = turn.started
            // A connection answered this turn is flushed after the group commit, by endTurn.
            if connection.turnStart == nil { flush(connection) }
        }
    }

    /// True once every connection is closed; drops the ones that stall or outlast the limit.
    func stopFinished(now: UInt64) -> Bool {
        for connection in Array(connections.values)
        where now >= stop.deadline || (!connection.isBusyOnServer && now &- connection.lastActivity > Server.stopStall)
        {
            stop.dropped += 1
            stop.unansweredLines += connection.input.completeLines
            stop.unreadBytes += connection.unreadAtStop ?? 0
            close(connection)
        }
        return connections.isEmpty
    }

    func finishStopping() {
        if stop.dropped > 0 {
            Log.warning(
                """
                stopping: dropped \(stop.dropped) connections whose clients took no replies for 5 s \
                (or still open 30 s after the signal), with \(stop.unansweredLines) requests unanswered \
                and \(stop.unreadBytes) bytes not read
                """)
        }
        for token in Array(metrics?.exchanges.keys ?? [:].keys) { endScrape(token) }
        drainCommits()
        commitRefusals()
        forwardHeld()
        try? journal.syncIfNeeded(now: Syscall.monotonicNanoseconds)
        snapshotAtShutdown()
        Log.info("stopped")
    }
}

import CreditCore
import CreditNet
import CreditProtocol
import Glibc

/// Accepting clients, and running out of file descriptors without spinning: a spare descriptor
/// (as nginx and libuv keep one) is given up to accept each waiting client, answer it `ERR BUSY`
/// and close it; then the listener is not watched until a connection closes or 100 ms pass.
/// One log line when such an episode begins and one when it ends.
extension Server {
    struct Admission {
        /// /dev/null, held open only to be closed when accept() finds no descriptor free.
        var spare: Int32 = -1
        /// The listener is not watched: accept failed, until `retryAt` (100 ms) or a connection closes.
        var paused = false
        var retryAt: UInt64 = 0
        /// Inside an episode of failing accepts: clients answered BUSY in it so far.
        var episode = false
        var refused = 0
    }

    static func openSpare() -> Int32 {
        (try? Syscall.open("/dev/null", flags: O_RDONLY)) ?? -1
    }

    /// At most this many waiting clients are refused per turn, so a flood cannot hold the loop.
    static let refusalsPerTurn = 64

    func acceptConnections() {
        while !stopping, !admission.paused {
            let accepted: (fd: Int32, peer: SocketAddress)?
            do {
                accepted = try Socket.accept(listener)
            } catch {
                acceptFailed(error)
                return
            }
            guard let (fd, peer) = accepted else { return }
            if admission.episode {
                admission.episode = false
                Log.info("accepting clients again; \(admission.refused) were answered ERR BUSY meanwhile")
                admission.refused = 0
            }
            guard connections.count < configuration.maxConnections else {
                Server.refuse(
                    fd, CreditError(.busy, "too many connections (\(configuration.maxConnections)); try again later"))
                statistics.connectionsRefused += 1
                continue
            }
            let token = nextToken
            nextToken += 1
            let connection = Connection(
                fd: fd, token: token, session: Session(peer: peer, openCheck: configuration.openCheck),
                now: Syscall.monotonicNanoseconds())
            do {
                try loop.register(fd, interest: .readable, token: token)
            } catch {
                Syscall.close(fd)
                continue
            }
            connections[token] = connection
            statistics.connectionsAccepted += 1
        }
    }

    /// Out of descriptors (EMFILE, ENFILE) or another accept failure: answer who waits if the
    /// spare allows, then stop watching the listener for a while (it would stay readable).
    func acceptFailed(_ error: SystemError) {
        // The spare is lost when reopening it failed last time; a connection closed since may allow it.
        if admission.spare < 0 { admission.spare = Server.openSpare() }
        if error.errno == EMFILE || error.errno == ENFILE, admission.spare >= 0 {
            Syscall.close(admission.spare)
            admission.spare = -1
            var refused = 0
            while refused < Server.refusalsPerTurn, let waiting = try? Socket.accept(listener) {
                Server.refuse(waiting.fd, CreditError(.busy, "the server is out of file descriptors; try again later"))
                refused += 1
            }
            admission.spare = Server.openSpare()
            statistics.connectionsRefused += UInt64(refused)
            admission.refused += refused
            // Linux takes a descriptor before it looks at the queue: with every descriptor in use
            // accept() fails even when nobody waits. Nobody was turned away, so nothing to report
            // or pause for; the listener wakes the loop when someone comes.
            if refused == 0, admission.spare >= 0 { return }
        }
        if !admission.episode {
            admission.episode = true
            Log.warning(
                "accept failed (\(error)) with \(connections.count) connections open; new clients get ERR BUSY until a connection closes"
            )
        }
        admission.paused = true
        admission.retryAt = Syscall.monotonicNanoseconds() + 100_000_000
        try? loop.modify(listener, interest: [], token: Server.listenerToken)
    }

    /// Watches the listener again after a pause (a connection closed, or 100 ms passed).
    func resumeAccepting() {
        guard admission.paused, !stopping else { return }
        admission.paused = false
        try? loop.modify(listener, interest: .readable, token: Server.listenerToken)
    }

    /// Answers a client that cannot be served and closes it; the short line fits any socket buffer.
    static func refuse(_ fd: Int32, _ error: CreditError) {
        var line: [UInt8] = []
        Reply.error(error, into: &line)
        line.withUnsafeBytes { _ = try? Syscall.send(fd, from: $0.baseAddress!, count: $0.count) }
        Syscall.close(fd)
    }
}

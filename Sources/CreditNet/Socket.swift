import Glibc

/// Opening TCP sockets the way the server and the client need them, with the options that
/// matter for a line protocol (TCP_NODELAY: a small reply must not wait for Nagle).
public enum Socket {
    /// Non-blocking listening socket (SO_REUSEADDR, CLOEXEC); returns the address actually bound
    /// (port 0 → the real port), so tests and logs know where to connect.
    public static func listen(on address: SocketAddress, backlog: Int32 = 1024) throws(SystemError) -> (
        fd: Int32, address: SocketAddress
    ) {
        let target = try PosixAddress(resolving: address)
        let fd = try Syscall.socket(family: target.family, nonBlocking: true)
        do throws(SystemError) {
            try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try Syscall.bind(fd, to: target)
            try Syscall.listen(fd, backlog: backlog)
            return (fd, try Syscall.localAddress(fd).socketAddress)
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    /// accept4(SOCK_NONBLOCK|SOCK_CLOEXEC) + TCP_NODELAY; nil when no connection is waiting
    /// (EAGAIN) or the peer already left (ECONNABORTED). Other errors (EMFILE …) are thrown for
    /// the server to log and back off.
    public static func accept(_ listener: Int32) throws(SystemError) -> (fd: Int32, peer: SocketAddress)? {
        guard let (fd, peer) = try Syscall.accept(listener) else { return nil }
        do throws(SystemError) {
            try Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        } catch {
            Syscall.close(fd)
            throw error
        }
        return (fd, peer.socketAddress)
    }

    /// Blocking client connection with TCP_NODELAY; the connect waits at most `timeout`
    /// (ETIMEDOUT after), and later reads and writes time out after `timeout` too (SO_RCVTIMEO,
    /// SO_SNDTIMEO) with EAGAIN, so a CLI never hangs on a stuck server. `source` binds the local
    /// end first (as `nc -s`), e.g. to connect from 127.0.0.2.
    public static func connect(
        to address: SocketAddress, from source: SocketAddress? = nil,
        timeout: Duration
    ) throws(SystemError) -> Int32 {
        let target = try PosixAddress(resolving: address)
        let fd = try Syscall.socket(family: target.family, nonBlocking: true)
        do throws(SystemError) {
            if let source { try Syscall.bind(fd, to: PosixAddress(resolving: source)) }
            if try !Syscall.startConnect(fd, to: target) {
                guard try Syscall.waitWritable(fd, timeoutMilliseconds: milliseconds(timeout)) else {
                    throw SystemError(call: "connect", errno: ETIMEDOUT)
                }
                let pending = try Syscall.pendingError(fd)
                if pending != 0 { throw SystemError(call: "connect", errno: pending) }
            }
            try Syscall.setNonBlocking(fd, false)
            try Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
            try Syscall.setTimeouts(fd, timeout)
            return fd
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    /// Starts a non-blocking connect for an event loop (a replica to its primary); `connected`
    /// when it completed at once, else watch for writable and call `finishConnect`. A host name
    /// is looked up here (getaddrinfo), so give an address where that must not wait.
    public static func startConnect(to address: SocketAddress) throws(SystemError) -> (fd: Int32, connected: Bool) {
        let target = try PosixAddress(resolving: address)
        let fd = try Syscall.socket(family: target.family, nonBlocking: true)
        do throws(SystemError) {
            try Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
            return (fd, try Syscall.startConnect(fd, to: target))
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    /// After writable on a connect started by `startConnect`: throws its failure.
    public static func finishConnect(_ fd: Int32) throws(SystemError) {
        let pending = try Syscall.pendingError(fd)
        if pending != 0 { throw SystemError(call: "connect", errno: pending) }
    }

    /// Whole milliseconds for poll(), at least 1 so a tiny timeout still waits, at most Int32.max.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(1, total))
    }
}

import CSystem
import Glibc

/// Socket calls behind `Socket`; internal because `Socket` is the public face.
extension Syscall {
    static func socket(family: Int32, nonBlocking: Bool) throws(SystemError) -> Int32 {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        return try retrying("socket") { Glibc.socket(family, type, 0) }
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) throws(SystemError) {
        var value = value
        _ = try retrying("setsockopt") {
            Glibc.setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// SO_RCVTIMEO and SO_SNDTIMEO, so a blocking client never waits forever on a silent server.
    static func setTimeouts(_ fd: Int32, _ timeout: Duration) throws(SystemError) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        for name in [SO_RCVTIMEO, SO_SNDTIMEO] {
            _ = try retrying("setsockopt") {
                Glibc.setsockopt(fd, SOL_SOCKET, name, &value, socklen_t(MemoryLayout<timeval>.size))
            }
        }
    }

    /// Public for the bench, which connects blocking (with timeouts) and then drives the socket
    /// from an event loop.
    public static func setNonBlocking(_ fd: Int32, _ on: Bool) throws(SystemError) {
        _ = try retrying("fcntl") { cs_set_nonblocking(fd, on ? 1 : 0) }
    }

    /// Bytes the socket has received that no read() has taken yet (FIONREAD); 0 if it cannot say.
    public static func bytesReadable(_ fd: Int32) -> Int {
        max(0, Int(cs_bytes_readable(fd)))
    }

    static func bind(_ fd: Int32, to address: PosixAddress) throws(SystemError) {
        _ = try address.withSockaddr { (pointer, length) throws(SystemError) in
            try retrying("bind") { Glibc.bind(fd, pointer, length) }
        }
    }

    static func listen(_ fd: Int32, backlog: Int32) throws(SystemError) {
        _ = try retrying("listen") { Glibc.listen(fd, backlog) }
    }

    static func localAddress(_ fd: Int32) throws(SystemError) -> PosixAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer throws(SystemError) in
                try retrying("getsockname") { Glibc.getsockname(fd, sockaddrPointer, &length) }
            }
        }
        return PosixAddress(storage: storage, length: length)
    }

    /// accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC; nil when nobody waits or the peer already left.
    /// Linux hands a new connection's pending network error to accept(); accept(2) says to treat
    /// those like EAGAIN, so they are nil too.
    static func accept(_ listener: Int32) throws(SystemError) -> (fd: Int32, peer: PosixAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        while true {
            let fd = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { cs_accept4(listener, $0, &length, flags) }
            }
            if fd >= 0 { return (fd, PosixAddress(storage: storage, length: length)) }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, ECONNABORTED, EPROTO, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH,
                EOPNOTSUPP, ENETUNREACH:
                return nil
            default: throw SystemError(call: "accept4", errno: code)
            }
        }
    }

    /// Starts a connect on a non-blocking socket; true when it completed at once.
    static func startConnect(_ fd: Int32, to address: PosixAddress) throws(SystemError) -> Bool {
        try address.withSockaddr { (pointer, length) throws(SystemError) in
            if Glibc.connect(fd, pointer, length) == 0 { return true }
            let code = Glibc.errno
            // EINTR on a connect does not abort it: it goes on in the background like EINPROGRESS.
            if code == EINPROGRESS || code == EINTR { return false }
            throw SystemError(call: "connect", errno: code)
        }
    }

    /// Waits until `fd` is writable; false on timeout.
    static func waitWritable(_ fd: Int32, timeoutMilliseconds: Int32) throws(SystemError) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = try retrying("poll") { Glibc.poll(&entry, 1, timeoutMilliseconds) }
        return ready > 0
    }

    /// Waits until `fd` is readable, closed or in error; false on timeout.
    static func waitReadable(_ fd: Int32, timeoutMilliseconds: Int32) throws(SystemError) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = try retrying("poll") { Glibc.poll(&entry, 1, timeoutMilliseconds) }
        return ready > 0
    }

    /// The pending error of a socket (SO_ERROR), 0 when there is none.
    static func pendingError(_ fd: Int32) throws(SystemError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt") { Glibc.getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) }
        return value
    }

    /// getaddrinfo for a host name. Its EAI_* codes are not errno values: all but EAI_SYSTEM are
    /// reported as EHOSTUNREACH so the error still reads as "could not reach that host".
    static func resolve(_ host: String, port: UInt16) throws(SystemError) -> PosixAddress {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = Glibc.getaddrinfo(host, String(port), &hints, &list)
        if status != 0 {
            throw SystemError(call: "getaddrinfo", errno: status == EAI_SYSTEM ? Glibc.errno : EHOSTUNREACH)
        }
        defer { Glibc.freeaddrinfo(list) }
        guard let first = list, let found = first.pointee.ai_addr else {
            throw SystemError(call: "getaddrinfo", errno: EHOSTUNREACH)
        }
        var storage = sockaddr_storage()
        let length = Int(first.pointee.ai_addrlen)
        withUnsafeMutableBytes(of: &storage) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: found, count: length))
        }
        return PosixAddress(storage: storage, length: socklen_t(length))
    }
}

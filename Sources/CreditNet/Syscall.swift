import Glibc

/// The one place CreditNet calls libc, in the manner of swift-nio's `System.swift`: `errno` is read
/// immediately after the call, EINTR is retried, EAGAIN comes back as a value, everything else
/// throws a `SystemError` naming the call. Keeping this in one file means the rules are applied
/// once and can be audited at a glance.
public enum Syscall {
    /// One `read()`; a peer reset is `.closed`, not an error.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) throws(SystemError)
        -> IOOutcome
    {
        while true {
            let result = Glibc.read(fd, buffer, count)
            if result > 0 { return .transferred(result) }
            if result == 0 { return count == 0 ? .transferred(0) : .closed }
            let code = Glibc.errno
            switch code {
            case EINTR: continue  // a signal arrived first: the read was not attempted
            case EAGAIN: return .wouldBlock
            case ECONNRESET, EPIPE: return .closed
            default: throw SystemError(call: "read", errno: code)
            }
        }
    }

    /// One `send()` with MSG_NOSIGNAL, so a vanished peer is `.closed` rather than a SIGPIPE.
    public static func send(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) throws(SystemError) -> IOOutcome {
        if count == 0 { return .transferred(0) }
        while true {
            let result = Glibc.send(fd, buffer, count, Int32(MSG_NOSIGNAL))
            if result >= 0 { return .transferred(result) }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            case ECONNRESET, EPIPE: return .closed
            default: throw SystemError(call: "send", errno: code)
            }
        }
    }

    /// One `write()` for descriptors that are not sockets (eventfd); EAGAIN is `.wouldBlock`.
    static func write(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) throws(SystemError) -> IOOutcome {
        while true {
            let result = Glibc.write(fd, buffer, count)
            if result >= 0 { return .transferred(result) }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            case EPIPE: return .closed
            default: throw SystemError(call: "write", errno: code)
            }
        }
    }

    /// Closes once and never retries: on Linux the descriptor is released even when close()
    /// reports EINTR, and a retry could close a descriptor another thread has just been given.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// SIGPIPE would kill the process when a peer leaves mid-write; sends use MSG_NOSIGNAL
    /// already, this covers any write that does not.
    public static func ignoreBrokenPipe() {
        _ = Glibc.signal(SIGPIPE, SIG_IGN)
    }

    /// Runs `body` until it succeeds or fails with something other than EINTR.
    @inline(__always)
    static func retrying(_ call: String, _ body: () -> Int32) throws(SystemError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            if code != EINTR { throw SystemError(call: call, errno: code) }
        }
    }
}

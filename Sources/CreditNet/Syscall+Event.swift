import CSystem
import Glibc

/// epoll, eventfd and signalfd calls behind `EventLoop`, `Wakeup` and `SignalWatcher`.
extension Syscall {
    static func epollCreate() throws(SystemError) -> Int32 {
        try retrying("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    static func epollControl(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32, token: UInt64) throws(SystemError)
    {
        _ = try retrying("epoll_ctl") { cs_epoll_ctl(epfd, op, fd, events, token) }
    }

    /// One epoll_wait; EINTR (a signal arrived) is 0 events, not a failure: the caller loops anyway.
    static func epollWait(
        _ epfd: Int32, scratch: UnsafeMutableRawPointer, max: Int32, timeoutMilliseconds: Int32,
        tokens: UnsafeMutablePointer<UInt64>, events: UnsafeMutablePointer<UInt32>
    ) throws(SystemError) -> Int {
        let count = cs_epoll_wait_into(epfd, scratch, max, timeoutMilliseconds, tokens, events)
        if count >= 0 { return Int(count) }
        let code = Glibc.errno
        if code == EINTR { return 0 }
        throw SystemError(call: "epoll_wait", errno: code)
    }

    static func eventfd() throws(SystemError) -> Int32 {
        try retrying("eventfd") { cs_eventfd() }
    }

    /// Blocks `signals` in the calling thread and returns a non-blocking signalfd for them.
    static func signalfd(_ signals: [Int32]) throws(SystemError) -> Int32 {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        let status = pthread_sigmask(SIG_BLOCK, &mask, nil)
        if status != 0 { throw SystemError(call: "pthread_sigmask", errno: status) }
        return try retrying("signalfd") { cs_signalfd(&mask) }
    }
}

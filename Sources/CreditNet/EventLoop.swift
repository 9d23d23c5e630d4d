import CSystem

/// An epoll selector for a single-threaded server in the manner of Redis: ONE thread owns the
/// loop and calls every method; it is deliberately not Sendable. Other threads reach the loop
/// only through a `Wakeup`. Events are level-triggered and read back by index, so a wait
/// allocates nothing.
public final class EventLoop {
    private let epfd: Int32
    private let maxEvents: Int
    private let scratch: UnsafeMutableRawPointer
    private let tokens: UnsafeMutablePointer<UInt64>
    private let events: UnsafeMutablePointer<UInt32>
    private var readyCount = 0

    /// `maxEvents` bounds the events one `wait` returns; more stay pending for the next.
    public init(maxEvents: Int = 1024) throws(SystemError) {
        precondition(maxEvents > 0 && maxEvents <= Int(Int32.max), "maxEvents out of range")
        epfd = try Syscall.epollCreate()
        self.maxEvents = maxEvents
        scratch = .allocate(byteCount: cs_epoll_event_size() * maxEvents, alignment: 16)
        tokens = .allocate(capacity: maxEvents)
        events = .allocate(capacity: maxEvents)
    }

    deinit {
        Syscall.close(epfd)
        scratch.deallocate()
        tokens.deallocate()
        events.deallocate()
    }

    /// Watches `fd` (level-triggered); `token` comes back with each of its events, so the
    /// server can find the connection without a dictionary lookup.
    public func register(_ fd: Int32, interest: Readiness, token: UInt64) throws(SystemError) {
        try Syscall.epollControl(epfd, CS_EPOLL_CTL_ADD, fd, events: interest.epollBits, token: token)
    }

    /// Changes interest, e.g. adds `.writable` while output is backed up and drops it after.
    public func modify(_ fd: Int32, interest: Readiness, token: UInt64) throws(SystemError) {
        try Syscall.epollControl(epfd, CS_EPOLL_CTL_MOD, fd, events: interest.epollBits, token: token)
    }

    /// Stops watching `fd`. Failure means it was not registered (or already closed, which
    /// unregisters it too), so there is nothing to report.
    public func unregister(_ fd: Int32) {
        try? Syscall.epollControl(epfd, CS_EPOLL_CTL_DEL, fd, events: 0, token: 0)
    }

    /// Waits (timeout ms, -1 = forever); returns the number of events, read with event(at:).
    /// EINTR → 0 events.
    public func wait(timeoutMilliseconds: Int32) throws(SystemError) -> Int {
        readyCount = 0  // a failed wait leaves no events to read
        readyCount = try Syscall.epollWait(
            epfd, scratch: scratch, max: Int32(maxEvents), timeoutMilliseconds: timeoutMilliseconds,
            tokens: tokens, events: events)
        return readyCount
    }

    /// The `index`th event of the last `wait`, 0 ≤ index < its count.
    public func event(at index: Int) -> (token: UInt64, readiness: Readiness) {
        precondition(index >= 0 && index < readyCount, "event index out of range")
        return (tokens[index], Readiness(epollBits: events[index]))
    }
}

/// An eventfd that lets any thread (a finished snapshot, a shutdown request) wake the event
/// loop: register `fd` for `.readable`, call `drain()` when it fires.
///
/// `@unchecked Sendable` because the only stored property is an immutable descriptor and the
/// kernel serialises concurrent writes to an eventfd counter, so `signal()` is safe from any thread.
public final class Wakeup: @unchecked Sendable {
    /// Register this with the loop for `.readable`.
    public let fd: Int32

    /// A non-blocking eventfd with its counter at zero.
    public init() throws(SystemError) {
        fd = try Syscall.eventfd()
    }

    deinit {
        Syscall.close(fd)
    }

    /// Adds one to the counter, making `fd` readable. Never fails in practice: a full counter
    /// (EAGAIN) already means "readable", which is all a wakeup needs.
    public func signal() {
        var one: UInt64 = 1
        _ = try? Syscall.write(fd, from: &one, count: MemoryLayout<UInt64>.size)
    }

    /// Resets the counter so level-triggered epoll stops reporting `fd`.
    public func drain() {
        var count: UInt64 = 0
        _ = try? Syscall.read(fd, into: &count, count: MemoryLayout<UInt64>.size)
    }
}

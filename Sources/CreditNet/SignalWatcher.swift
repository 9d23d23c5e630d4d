import CSystem

/// Delivers signals (SIGINT, SIGTERM) as readable events on `fd`, so shutdown happens in the
/// loop thread at a safe point instead of in a signal handler.
public final class SignalWatcher {
    /// Register this for `.readable`; then call `next()` until it returns nil.
    public let fd: Int32

    /// Blocks `signals` in the calling thread, which must happen before other threads start:
    /// threads inherit the mask, and a thread with the signal unblocked would take it instead.
    public init(signals: [Int32]) throws(SystemError) {
        fd = try Syscall.signalfd(signals)
    }

    deinit {
        Syscall.close(fd)
    }

    /// The next pending signal number, or nil if none is pending.
    public func next() -> Int32? {
        let size = cs_signalfd_siginfo_size()
        return withUnsafeTemporaryAllocation(byteCount: size, alignment: 16) { info in
            guard let outcome = try? Syscall.read(fd, into: info.baseAddress!, count: size),
                case .transferred(let count) = outcome, count == size
            else { return nil }
            return Int32(cs_signalfd_siginfo_signo(info.baseAddress!))
        }
    }
}

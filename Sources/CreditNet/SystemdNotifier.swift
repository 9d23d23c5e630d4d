/// systemd's service notifications (sd_notify(3)) in a few lines of our own instead of
/// libsystemd: each state — `READY=1`, `STOPPING=1`, `WATCHDOG=1`, `STATUS=…` — is one datagram
/// to the AF_UNIX socket named by `$NOTIFY_SOCKET`. Without that variable (not started by
/// systemd with `Type=notify`) every call does nothing. Owned by the loop thread.
public final class SystemdNotifier {
    private let path: String?
    private var fd: Int32 = -1

    /// `socketPath`: `$NOTIFY_SOCKET`, a file path or `@` and an abstract name; nil or empty
    /// for none.
    public init(socketPath: String?) {
        path = socketPath.flatMap { $0.isEmpty ? nil : $0 }
    }

    deinit {
        if fd >= 0 { Syscall.close(fd) }
    }

    /// Whether there is a socket to notify.
    public var isEnabled: Bool { path != nil }

    /// Sends `state` (newline-separated `KEY=value` assignments). A failure is returned for the
    /// caller to log, never thrown: the service runs on whether or not systemd listens.
    @discardableResult
    public func notify(_ state: String) -> SystemError? {
        guard let path else { return nil }
        do throws(SystemError) {
            if fd < 0 { fd = try Syscall.unixDatagramSocket() }
            try Syscall.send(fd, datagram: Array(state.utf8), toUnixPath: path)
            return nil
        } catch {
            return error
        }
    }
}

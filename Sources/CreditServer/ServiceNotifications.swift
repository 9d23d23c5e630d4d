import CreditNet

/// What the server tells systemd when it runs as a `Type=notify` service: `READY=1` once it
/// listens (so `systemctl start` returns only when terminals can connect), `STOPPING=1` when a
/// stop begins, and `WATCHDOG=1` every half `WatchdogSec=` from the loop's housekeeping, so a
/// loop that hangs stops the pings and systemd restarts the service. Housekeeping runs about
/// once a second, so `WatchdogSec=` should be 4 s or more (the unit file has 30). The first
/// failure to notify is logged; the service runs on regardless. Owned by the loop thread.
final class ServiceNotifications {
    private let notifier: SystemdNotifier
    private let socket: String?
    /// Half `$WATCHDOG_USEC`, in nanoseconds; nil without a watchdog.
    private let watchdogInterval: UInt64?
    private var nextPing: UInt64 = 0
    private var failed = false

    init(configuration: Server.Configuration) {
        socket = configuration.notifySocket
        notifier = SystemdNotifier(socketPath: configuration.notifySocket)
        watchdogInterval = configuration.watchdogMicroseconds.map { $0 * 500 }
    }

    func ready(address: SocketAddress) {
        send("READY=1\nSTATUS=listening on \(address)")
    }

    func stopping() {
        send("STOPPING=1\nSTATUS=finishing requests in flight, then stopping")
    }

    /// Called from housekeeping (about once a second).
    func tick(now: UInt64) {
        guard let watchdogInterval, now >= nextPing else { return }
        nextPing = now + watchdogInterval
        send("WATCHDOG=1")
    }

    private func send(_ state: String) {
        guard let error = notifier.notify(state), !failed else { return }
        failed = true
        Log.warning("cannot notify systemd at \(socket ?? "-"): \(error)")
    }
}

import CreditCore
import CreditNet

/// The one clock every rule reads (DOMAIN.md "Money and time"). With
/// `--test-clock`, `CLOCK SET` pins it to an instant until the next
/// `CLOCK SET`, so tests move time exactly; otherwise it is the wall clock.
/// Owned by the loop thread.
final class ServerClock {
    let calendar: BusinessCalendar
    private(set) var pinned: Instant?

    init(calendar: BusinessCalendar) {
        self.calendar = calendar
    }

    var now: Instant { pinned ?? Instant(secondsSinceEpoch: Syscall.wallClockSeconds()) }

    func moment() -> Moment { calendar.moment(at: now) }

    func pin(_ instant: Instant) {
        pinned = instant
    }
}

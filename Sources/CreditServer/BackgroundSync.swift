import CreditNet
import Foundation
import Synchronization

/// The thread that makes a turn's journal records durable (`--fsync batch`), so the loop answers
/// the next turns while the disk works: one fdatasync at a time, asked for by the loop with
/// `start`, its outcome taken by the loop once `wakeup` fires (`take`) or waited for (`wait`).
/// The thread never touches the loop's state.
final class BackgroundSync: Sendable {
    struct Outcome: Sendable {
        let failure: SystemError?
        let nanoseconds: UInt64
    }

    let wakeup: Wakeup
    private let job = Mutex<Int32?>(nil)
    private let outcome = Mutex<Outcome?>(nil)
    private let asked = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    init() throws {
        wakeup = try Wakeup()
        let thread = Thread { [self] in
            while true {
                asked.wait()
                guard let fd = job.withLock({ $0.take() }) else { continue }
                let started = Syscall.monotonicNanoseconds()
                var failure: SystemError?
                do throws(SystemError) {
                    try Syscall.fdatasync(fd)
                } catch {
                    failure = error
                }
                let ended = Outcome(failure: failure, nanoseconds: Syscall.monotonicNanoseconds() &- started)
                outcome.withLock { $0 = ended }
                // The eventfd before `done`: `wait` returns after both and clears the eventfd,
                // so it is never left readable with no outcome behind it.
                wakeup.signal()
                done.signal()
            }
        }
        thread.name = "journal sync"
        thread.start()
    }

    /// Asks for an fdatasync of `fd`; the caller starts no other until it has taken the outcome.
    func start(_ fd: Int32) {
        job.withLock { $0 = fd }
        asked.signal()
    }

    /// The outcome, if the sync has ended.
    func take() -> Outcome? {
        guard outcome.withLock({ $0 != nil }) else { return nil }
        return wait()
    }

    /// Waits for the sync to end and returns its outcome.
    func wait() -> Outcome {
        done.wait()
        wakeup.drain()
        return outcome.withLock { ended in
            defer { ended = nil }
            return ended!
        }
    }
}

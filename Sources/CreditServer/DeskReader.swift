import CreditCore
import CreditNet
import CreditProtocol
import Foundation
import Synchronization

/// Answers the desk's book-wide reads (AGING, BLOCKED, WATCH, WORKLIST) on a
/// background thread from a copy of the ledger, so a pass over a hundred
/// thousand customers never holds up CHECK on other connections. The copy is
/// a value taken after the turn's group commit: the answer reflects only
/// durable changes. Results come back through `finished`, and `wakeup` tells
/// the loop.
final class DeskReader: Sendable {
    struct Job: Sendable {
        let token: UInt64
        let request: Request
        let ledger: Ledger
        let moment: Moment
    }

    private let queue = DispatchQueue(label: "desk", qos: .utility)
    /// Written by the desk thread, taken by the loop thread: (connection token, reply bytes).
    private let finished = Mutex<[(UInt64, [UInt8])]>([])
    let wakeup: Wakeup

    init() throws {
        wakeup = try Wakeup()
    }

    /// Whether this request is answered here rather than inline.
    static func answers(_ request: Request) -> Bool {
        switch request {
        case .aging(nil, _), .blocked, .watch, .worklist, .overrides(nil): true
        default: false
        }
    }

    func submit(_ job: Job) {
        queue.async { [self] in
            Syscall.yieldCPUToOthers()
            var out: [UInt8] = []
            DeskReader.reply(job.request, ledger: job.ledger, moment: job.moment, into: &out)
            finished.withLock { $0.append((job.token, out)) }
            wakeup.signal()
        }
    }

    /// The replies finished since the last call.
    func take() -> [(UInt64, [UInt8])] {
        wakeup.drain()
        return finished.withLock { done in
            defer { done.removeAll() }
            return done
        }
    }

    static func reply(_ request: Request, ledger: Ledger, moment: Moment, into out: inout [UInt8]) {
        switch request {
        case .aging(_, let detail):
            var lines: [String] = []
            if detail {
                for customer in ledger.customers.values.sorted(by: { $0.id < $1.id }) {
                    lines.append(Reply.aging(customer.aging(on: moment.today), customer: customer.id))
                }
            }
            lines.append(Reply.aging(ledger.aging(on: moment.today), customer: nil))
            Reply.lines("aging", lines, into: &out)
        case .blocked:
            Reply.lines("blocked", ledger.held(at: moment).map { held in
                let override = Ledger.lettingThrough(held.customer, held: held.decision.reasons, at: moment.instant)
                return Reply.held(held.customer, held.decision, since: held.since, override: override?.id)
            }, into: &out)
        case .overrides:
            Reply.lines("overrides", ledger.liveOverrides(of: nil, at: moment.instant).map(Reply.override), into: &out)
        case .watch:
            Reply.lines("watch", ledger.watch(at: moment).map { "watch customer=\($0.customer) reason=\($0.reason) \($0.detail)" },
                        into: &out)
        case .worklist:
            Reply.lines("worklist", ledger.worklist(at: moment).enumerated().map { Reply.work($1, rank: $0 + 1) }, into: &out)
        default:
            preconditionFailure("not a desk read: \(request)")
        }
    }
}

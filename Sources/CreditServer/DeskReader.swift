import CreditCore
import CreditNet
import CreditProtocol
import CreditStore
import Foundation

/// Answers the desk's book-wide reads (AGING, BLOCKED, WATCH, WORKLIST) on a
/// background thread from a copy of the ledger, so a pass over a hundred
/// thousand customers never holds up CHECK on other connections. The copy is
/// a value taken after the turn's group commit: the answer reflects only
/// durable changes. The rows are found once (customer ids, or the findings);
/// their text is made a chunk at a time (`chunkSize`), the next chunk only once
/// the client has taken the last one (`resume`), so a reply of 100,000 lines
/// never sits whole in memory. Chunks come back through `chunks`, which
/// wakes the loop.
final class DeskReader: Sendable {
    struct Job: Sendable {
        let token: UInt64
        let request: Request
        let ledger: Ledger
        let moment: Moment
        /// The journal's last record in `ledger` (for BACKUP).
        let sequence: UInt64
    }

    /// A reply on its way out: its first line, then `count` rows, `row(i)` the text of one.
    struct Stream: Sendable {
        let token: UInt64
        let header: String
        let count: Int
        let row: @Sendable (Int) -> String
        var next = -1

        /// A multi-line reply `OK *<count> <title>`.
        init(token: UInt64, title: String, count: Int, row: @escaping @Sendable (Int) -> String) {
            self.token = token
            header = "OK *\(count) \(title)"
            self.count = count
            self.row = row
        }

        /// A reply of one line.
        init(token: UInt64, line: String) {
            self.token = token
            header = line
            count = 0
            row = { _ in "" }
        }

        var isDone: Bool { next >= count }

        /// The header (first time) and rows, until about `DeskReader.chunkSize` bytes.
        mutating func chunk(into out: inout [UInt8]) {
            if next < 0 {
                out.append(contentsOf: (header + "\n").utf8)
                next = 0
            }
            while next < count, out.count < DeskReader.chunkSize {
                out.append(contentsOf: row(next).utf8)
                out.append(UInt8(ascii: "\n"))
                next += 1
            }
        }
    }

    /// One chunk of a reply for the connection `token`, and the rest when there is more.
    struct Chunk: Sendable {
        let token: UInt64
        let bytes: [UInt8]
        let rest: Stream?
    }

    static let chunkSize = 65_536

    private let queue = DispatchQueue(label: "desk", qos: .utility)
    /// Written by the desk thread, taken by the loop thread.
    let chunks: Handoff<Chunk>

    init() throws {
        chunks = try Handoff()
    }

    func submit(_ job: Job) {
        queue.async { [self] in
            Syscall.yieldCPUToOthers()
            produce(DeskReader.stream(job))
        }
    }

    /// The next chunk of a reply whose client has taken the last one.
    func resume(_ stream: Stream) {
        queue.async { [self] in produce(stream) }
    }

    private func produce(_ stream: Stream) {
        var stream = stream
        var out: [UInt8] = []
        stream.chunk(into: &out)
        chunks.put(Chunk(token: stream.token, bytes: out, rest: stream.isDone ? nil : stream))
    }

    static func stream(_ job: Job) -> Stream {
        let ledger = job.ledger
        let moment = job.moment
        switch job.request {
        case .aging(_, let detail):
            // Figures, not the ledger: a stream kept while a slow client reads must not keep a
            // copy of the whole ledger alive as the live one changes.
            let rows =
                detail
                ? ledger.customers.values.sorted { $0.id < $1.id }.map { ($0.id, $0.name, $0.aging(on: moment.today)) }
                : []
            let book = ledger.aging(on: moment.today)
            return Stream(token: job.token, title: "aging", count: rows.count + 1) { index in
                index < rows.count
                    ? Reply.aging(rows[index].2, customer: rows[index].0, name: rows[index].1)
                    : Reply.aging(book, customer: nil)
            }
        case .blocked:
            let held = ledger.held(at: moment)
            return Stream(token: job.token, title: "blocked", count: held.count) { index in
                let override = Ledger.lettingThrough(
                    held[index].customer, held: held[index].decision.reasons, at: moment.instant)
                return Reply.held(
                    held[index].customer, held[index].decision, since: held[index].since, override: override?.id)
            }
        case .overrides:
            let live = ledger.liveOverrides(of: nil, at: moment.instant)
            return Stream(token: job.token, title: "overrides", count: live.count) { index in
                Reply.override(live[index])
            }
        case .watch:
            let watch = ledger.watch(at: moment)
            return Stream(token: job.token, title: "watch", count: watch.count) { index in
                "watch customer=\(watch[index].customer) name=\(Quoting.quoted(watch[index].name)) reason=\(watch[index].reason)"
                    + " \(watch[index].detail)"
            }
        case .worklist(let owner):
            let work = ledger.worklist(at: moment, owner: owner)
            return Stream(token: job.token, title: "worklist", count: work.count) { index in
                Reply.work(work[index], rank: index + 1)
            }
        case .kpi(let from?, let to?):
            let line = Reply.kpi(ledger.kpi(from: from, to: to, at: moment))
            return Stream(token: job.token, title: "kpi", count: 1) { _ in line }
        case .charges:
            let rows = ledger.charges(on: moment.today).map { Reply.charge($0.proposal, of: $0.customer) }
            return Stream(token: job.token, title: "charges", count: rows.count) { index in rows[index] }
        case .history(let customer, let limit):
            // Entries, not the customer: the stream must not keep an old copy of it alive.
            let entries = ledger.customer(customer)?.history() ?? []
            let shown = Array(entries.suffix(limit ?? entries.count))
            return Stream(token: job.token, title: customer, count: shown.count) { index in Reply.history(shown[index])
            }
        case .backup(let directory):
            do {
                let bytes = try Backup.write(ledger, sequence: job.sequence, to: directory)
                return Stream(
                    token: job.token,
                    line: "OK backup dir=\(Quoting.quoted(directory)) sequence=\(job.sequence) bytes=\(bytes)")
            } catch {
                return Stream(
                    token: job.token,
                    line: Reply.error(CreditError(.readOnly, "backup to \(directory) failed: \(error)")))
            }
        default:
            preconditionFailure("not a desk read: \(job.request)")
        }
    }
}

import CreditClient
import CreditNet
import CreditProtocol

/// One bench thread: an epoll loop driving its share of the connections, closed-loop like
/// `lineload` — each reply is matched to the oldest request in flight and replaced by a new one,
/// so every connection keeps `pipeline` requests outstanding.
///
/// `@unchecked Sendable`: a worker is built on the main thread, handed whole to its own thread
/// for `run`, and read by the main thread again only after that thread has been joined.
final class BenchWorker: @unchecked Sendable {
    let index: Int
    private let loop: EventLoop
    private var connections: [BenchConnection] = []
    /// Connections not lost yet; the run ends early when none is left.
    private var openCount = 0
    private let workload: BenchWorkload
    private let pipeline: Int
    private let keyspace: UInt64
    private var random: UInt64
    private var sequence: UInt64 = 0
    private var measureFrom: UInt64 = 0
    private var end: UInt64 = 0

    /// Results, valid once `run` has returned.
    private(set) var histogram = LatencyHistogram()
    /// CHECK's replies alone: in the mixed workload they wait behind writes and desk reads.
    private(set) var checks = LatencyHistogram()
    private(set) var completed: UInt64 = 0
    /// ERR (or `-`) replies in the measured window.
    private(set) var errorReplies: UInt64 = 0
    /// Connections lost and protocol violations at any time during the run.
    private(set) var connectionErrors: UInt64 = 0

    init(index: Int, workload: BenchWorkload, pipeline: Int, keyspace: Int) throws(ClientError) {
        self.index = index
        do {
            loop = try EventLoop(maxEvents: 256)
        } catch {
            throw ClientError.connectionLost(error)
        }
        self.workload = workload
        self.pipeline = pipeline
        self.keyspace = UInt64(keyspace)
        random = 0x9E37_79B9_7F4A_7C15 ^ (0xD1B5_4A32_D192_ED03 &* UInt64(index + 1))
    }

    func add(_ connection: BenchConnection) throws(ClientError) {
        connection.token = UInt64(connections.count)
        do {
            try loop.register(connection.fd, interest: .readable, token: connection.token)
        } catch {
            throw ClientError.connectionLost(error)
        }
        connections.append(connection)
        openCount += 1
    }

    /// Runs until `end` (monotonic ns), counting only replies read from `measureFrom` on.
    func run(measureFrom: UInt64, end: UInt64) {
        self.measureFrom = measureFrom
        self.end = end
        let now = Syscall.monotonicNanoseconds()
        for connection in connections {
            for _ in 0..<pipeline { queue(on: connection, at: now) }
            flush(connection)
        }
        while true {
            let now = Syscall.monotonicNanoseconds()
            if now >= end || openCount == 0 { break }
            let timeout = Int32(min(100, (end - now) / 1_000_000 + 1))
            guard let count = try? loop.wait(timeoutMilliseconds: timeout) else { break }
            for event in 0..<count {
                let (token, readiness) = loop.event(at: event)
                let connection = connections[Int(token)]
                guard connection.isOpen else { continue }
                if !readiness.isDisjoint(with: [.readable, .hangup, .error]) { readable(connection) }
                if connection.isOpen && readiness.contains(.writable) { flush(connection) }
            }
        }
        for connection in connections { connection.close() }
    }

    @inline(__always)
    private func queue(on connection: BenchConnection, at now: UInt64) {
        let key = nextRandom(below: keyspace)
        let roll = nextRandom(below: 100)
        let check = workload.write(key: key, roll: roll, thread: index, sequence: &sequence, into: connection.output)
        connection.sent(at: now, check: check)
    }

    /// One read, then every whole reply in it; refills the pipeline with as many new requests.
    private func readable(_ connection: BenchConnection) {
        let outcome: IOOutcome
        do {
            outcome = try connection.input.read(from: connection.fd)
        } catch {
            return lose(connection)
        }
        switch outcome {
        case .wouldBlock: return
        case .closed: return lose(connection)
        case .transferred: break
        }
        let now = Syscall.monotonicNanoseconds()
        let measuring = now >= measureFrom && now < end
        var answered = 0
        while let line = connection.input.nextLine() {
            guard case .line(let bytes) = line else { return lose(connection) }
            if connection.linesToSkip > 0 {
                connection.linesToSkip -= 1
                if connection.linesToSkip > 0 { continue }
            } else if let following = ReplyFraming.followingLines(after: bytes), following > 0 {
                connection.linesToSkip = following
                continue
            }
            guard connection.inFlight > 0 else { return lose(connection) }  // more replies than requests
            let (sentAt, check) = connection.answered()
            answered += 1
            if measuring {
                histogram.record(now &- sentAt)
                if check { checks.record(now &- sentAt) }
                completed += 1
                if Self.isError(bytes) { errorReplies += 1 }
            }
        }
        if now < end {
            for _ in 0..<answered { queue(on: connection, at: now) }
        }
        flush(connection)
    }

    /// One send; asks for writability only while output is backed up.
    private func flush(_ connection: BenchConnection) {
        do {
            if case .closed = try connection.output.send(to: connection.fd) { return lose(connection) }
            let backedUp = !connection.output.isEmpty
            if backedUp != connection.wantsWritable {
                connection.wantsWritable = backedUp
                let interest: Readiness = backedUp ? [.readable, .writable] : .readable
                try loop.modify(connection.fd, interest: interest, token: connection.token)
            }
        } catch {
            lose(connection)
        }
    }

    private func lose(_ connection: BenchConnection) {
        guard connection.isOpen else { return }
        loop.unregister(connection.fd)
        connection.close()
        openCount -= 1
        connectionErrors += 1
    }

    /// A CreditGate error (`ERR …`) or a Redis one (`-ERR …`).
    @inline(__always)
    static func isError(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let first = line.first else { return false }
        return first == UInt8(ascii: "-") || line.starts(with: "ERR".utf8)
    }

    /// xorshift64*, scaled to 0..<bound by a multiply-high (no modulo bias worth measuring).
    @inline(__always)
    private func nextRandom(below bound: UInt64) -> UInt64 {
        random ^= random >> 12
        random ^= random << 25
        random ^= random >> 27
        return (random &* 0x2545_F491_4F6C_DD1D).multipliedFullWidth(by: bound).high
    }
}

import CreditClient
import CreditNet

/// One bench connection: a non-blocking socket with its own byte buffers and the send times of
/// the requests in flight, matched to replies in order (the protocol answers in order). Owned
/// by one ``BenchWorker``.
final class BenchConnection {
    let fd: Int32
    let output = ByteBuffer(capacity: 4096)
    let input = LineBuffer(capacity: 65536, maxLine: 65536)
    /// A ring of `pipeline` send times (monotonic ns), oldest at `head`, and beside it whether
    /// each request was a CHECK (the mixed workload reports CHECK's latency apart).
    private let sentAt: UnsafeMutablePointer<UInt64>
    private let isCheck: UnsafeMutablePointer<Bool>
    private let pipeline: Int
    private var head = 0
    private(set) var inFlight = 0
    /// Lines still to come of an `OK *<n>` reply, which completes only after them.
    var linesToSkip = 0
    var wantsWritable = false
    /// Its index in the worker, given to epoll so events find it without a lookup.
    var token: UInt64 = 0
    var isOpen = true

    /// Connects blocking (with `timeout`), sends `handshake` (AUTH) and waits for its OK, then
    /// turns the socket non-blocking for the event loop.
    init(address: SocketAddress, timeout: Duration, pipeline: Int, handshake: String?) throws(ClientError) {
        do {
            fd = try Socket.connect(to: address, timeout: timeout)
        } catch {
            throw ClientError.unreachable(address: address.description, error)
        }
        self.pipeline = pipeline
        sentAt = .allocate(capacity: pipeline)
        isCheck = .allocate(capacity: pipeline)
        // A throw from here on runs deinit, which closes the socket and frees the ring.
        if let handshake { try shake(handshake) }
        do {
            try Syscall.setNonBlocking(fd, true)
        } catch {
            throw ClientError.connectionLost(error)
        }
    }

    deinit {
        close()
        sentAt.deallocate()
        isCheck.deallocate()
    }

    func close() {
        guard isOpen else { return }
        isOpen = false
        Syscall.close(fd)
    }

    /// Remembers that one more request left at `now`, and whether it was a CHECK.
    @inline(__always)
    func sent(at now: UInt64, check: Bool) {
        let slot = (head + inFlight) % pipeline
        sentAt[slot] = now
        isCheck[slot] = check
        inFlight += 1
    }

    /// The send time of the oldest request, which the reply just read answers, and whether it was a CHECK.
    @inline(__always)
    func answered() -> (sentAt: UInt64, check: Bool) {
        let oldest = (sentAt[head], isCheck[head])
        head = head + 1 == pipeline ? 0 : head + 1
        inFlight -= 1
        return oldest
    }

    /// Sends `line` and waits for a reply starting `OK `, on the still blocking socket.
    private func shake(_ line: String) throws(ClientError) {
        output.append(line)
        output.append(byte: UInt8(ascii: "\n"))
        while !output.isEmpty {
            guard case .transferred = try Self.io({ () throws(SystemError) -> IOOutcome in try output.send(to: fd) })
            else {
                throw ClientError.connectionLost(nil)
            }
        }
        while true {
            switch input.nextLine() {
            case .line(let reply):
                guard reply.starts(with: "OK ".utf8) else {
                    throw ClientError.authenticationRefused(String(decoding: reply, as: UTF8.self))
                }
                return
            case .tooLong:
                throw ClientError.protocolViolation("overlong reply to AUTH")
            case nil:
                guard
                    case .transferred = try Self.io({ () throws(SystemError) -> IOOutcome in try input.read(from: fd) })
                else {
                    throw ClientError.connectionLost(nil)
                }
            }
        }
    }

    private static func io(_ body: () throws(SystemError) -> IOOutcome) throws(ClientError) -> IOOutcome {
        do {
            return try body()
        } catch {
            throw ClientError.connectionLost(error)
        }
    }
}

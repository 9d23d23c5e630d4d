/// One HTTP request and its response on a connection of their own; then the connection is
/// closed. Owned by the loop thread, like every connection.
public final class HTTPExchange {
    public let fd: Int32
    /// Monotonic time of the accept: an exchange that lasts too long is closed.
    public let started: UInt64
    private var head = [UInt8](repeating: 0, count: HTTPRequestHead.maximumSize)
    private var received = 0
    private let output = ByteBuffer(capacity: 16384)
    /// The response is queued; nothing more is read.
    public private(set) var responded = false

    public init(fd: Int32, started: UInt64) {
        self.fd = fd
        self.started = started
    }

    /// Reads once. Returns the parse of what has arrived, or nil when the peer closed or the
    /// read failed (close the exchange).
    public func read() -> HTTPRequestHead.Parse? {
        let outcome: IOOutcome
        do {
            outcome = try head.withUnsafeMutableBytes { buffer throws(SystemError) in
                try Syscall.read(fd, into: buffer.baseAddress! + received, count: buffer.count - received)
            }
        } catch {
            return nil
        }
        switch outcome {
        case .closed: return nil
        case .wouldBlock: return .incomplete
        case .transferred(let count): received += count
        }
        return head.withUnsafeBytes { HTTPRequestHead.parse(UnsafeRawBufferPointer(rebasing: $0[..<received])) }
    }

    public func respond(_ response: [UInt8]) {
        responded = true
        response.withUnsafeBytes { output.append($0) }
    }

    /// Sends what the socket takes; true once everything is sent or the peer is gone.
    public func flush() -> Bool {
        guard let outcome = try? output.send(to: fd) else { return true }
        return outcome == .closed || output.isEmpty
    }
}

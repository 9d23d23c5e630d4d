import CreditNet
import CreditProtocol

/// A blocking connection to a CreditGate server for one-shot commands and the shell: one
/// request line out, one whole reply back. Timeouts bound every step, so the CLI never hangs
/// on a stuck server. Owned by one thread.
public final class Client {
    public let address: SocketAddress
    private let connection: LineConnection

    /// Connects; failures are `.unreachable`, exit status 2.
    public init(address: SocketAddress, timeout: Duration = .seconds(5)) throws(ClientError) {
        self.address = address
        do {
            connection = try LineConnection(to: address, timeout: timeout)
        } catch {
            throw ClientError.unreachable(address: address.description, error)
        }
    }

    /// Sends `line` (without its newline) and reads the whole reply.
    public func send(_ line: String) throws(ClientError) -> ServerReply {
        do {
            try connection.send(line + "\n")
        } catch {
            throw ClientError.connectionLost(error)
        }
        return try readReply()
    }

    /// Sends `lines` in one write and reads their replies in order: pipelining for bulk work
    /// such as the bench's setup. Keep batches to hundreds of lines, so the replies never back
    /// up far enough to stall the server while this side is still writing.
    public func send(batch lines: [String]) throws(ClientError) -> [ServerReply] {
        guard !lines.isEmpty else { return [] }
        do {
            try connection.send(lines.joined(separator: "\n") + "\n")
        } catch {
            throw ClientError.connectionLost(error)
        }
        var replies: [ServerReply] = []
        replies.reserveCapacity(lines.count)
        for _ in lines { replies.append(try readReply()) }
        return replies
    }

    /// Signs the connection in. The reply is returned, not judged: the caller shows an ERR
    /// to the user as the refusal it is.
    public func authenticate(user: String, secret: String) throws(ClientError) -> ServerReply {
        try send("AUTH \(user) \(secret)")
    }

    /// Reads one reply: a line, plus `n` more after `OK *<n>`.
    public func readReply() throws(ClientError) -> ServerReply {
        try ServerReply(lines: ReplyFraming.reply(readLine))
    }

    /// Whether the server has closed the connection since the last reply (see
    /// `LineConnection.peerHasClosed`).
    public func peerHasClosed() -> Bool {
        connection.peerHasClosed()
    }

    public func close() {
        connection.close()
    }

    private func readLine() throws(ClientError) -> String {
        let line: String?
        do {
            line = try connection.readLine()
        } catch {
            throw ClientError.connectionLost(error)
        }
        guard let line else { throw ClientError.connectionLost(nil) }
        return line
    }
}

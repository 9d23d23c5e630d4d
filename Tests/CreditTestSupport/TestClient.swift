import CreditNet
import CreditProtocol
import Testing

/// A line client for tests, on CreditNet's blocking connection.
public final class TestClient {
    public let connection: LineConnection

    public init(port: UInt16, from source: String? = nil) throws {
        connection = try LineConnection(
            to: SocketAddress(host: "127.0.0.1", port: port),
            from: source.map { SocketAddress(host: $0, port: 0) }, timeout: .seconds(10))
    }

    deinit {
        connection.close()
    }

    public func send(_ line: String) throws {
        try connection.send(line + "\n")
    }

    public func readLine() throws -> String {
        guard let line = try connection.readLine() else { throw TestFailure("the server closed the connection") }
        return line
    }

    /// Sends one line and returns the first reply line.
    public func request(_ line: String) throws -> String {
        try send(line)
        return try readLine()
    }

    /// Sends one line and returns the whole reply (all lines of an `OK *n` reply).
    public func reply(_ line: String) throws -> [String] {
        try send(line)
        return try readReply()
    }

    public func readReply() throws -> [String] {
        try ReplyFraming.reply(readLine)
    }

    /// Sends `lines` in one write and returns their whole replies, in order (pipelining).
    public func send(batch lines: [String]) throws -> [[String]] {
        guard !lines.isEmpty else { return [] }
        try connection.send(lines.joined(separator: "\n") + "\n")
        return try lines.map { _ in try readReply() }
    }

    /// Adds a user with `role` (this client signed in as an admin) and returns the secret the
    /// server made for them.
    public func addUser(_ name: String, role: String) throws -> String {
        let reply = try request("USER ADD \(name) role=\(role)")
        guard reply.hasPrefix("OK "), let secret = ReplyWord.value("secret", in: reply) else {
            throw TestFailure("USER ADD answered \(reply)")
        }
        return secret
    }

    /// Asserts the whole reply line.
    public func expect(_ line: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reply = try request(line)
        #expect(reply == expected, "\(line)", sourceLocation: sourceLocation)
    }

    /// Asserts that the reply starts with `prefix` (for replies holding generated values).
    public func expect(_ line: String, startsWith prefix: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let reply = try request(line)
        #expect(reply.hasPrefix(prefix), "\(line) → \(reply)", sourceLocation: sourceLocation)
    }

    /// Whether the server has closed this connection (reads EOF within the deadline).
    public func isClosedByServer() -> Bool {
        (try? connection.readLine()) == .some(nil)
    }
}

/// One whole reply of the server: its status word and every line, read generically so the
/// client needs no knowledge of the verb (`ReplyFraming`).
///
/// Named apart from CreditProtocol's `Reply`, which formats replies on the server side.
public struct ServerReply: Sendable, Equatable {
    /// The first word of the first line.
    public enum Status: String, Sendable, Equatable {
        case ok = "OK"
        case hold = "HOLD"
        case pong = "PONG"
        case error = "ERR"
    }

    public let status: Status
    /// The first line, then the `n` lines of an `OK *<n>` reply; without line terminators.
    public let lines: [String]

    /// Validates a reply read off the wire; anything that does not start with a status word
    /// is a protocol failure.
    public init(lines: [String]) throws(ClientError) {
        guard let first = lines.first else { throw ClientError.protocolViolation("empty reply") }
        let word = first.prefix { $0 != " " }
        guard let status = Status(rawValue: String(word)) else {
            throw ClientError.protocolViolation("unexpected reply '\(first.prefix(80))'")
        }
        self.status = status
        self.lines = lines
    }

    /// 0 for OK and PONG, 1 for HOLD and ERR (the server refused).
    public var exitCode: Int32 {
        switch status {
        case .ok, .pong: ExitCode.success
        case .hold, .error: ExitCode.refused
        }
    }
}

import CreditNet

/// Where to connect and as whom, from the command line, the environment and `~/.creditgate`,
/// in that order of precedence. The secret comes only from `$CREDITGATE_SECRET` or the file:
/// never from an argument.
public struct ConnectionSettings: Sendable, Equatable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort: UInt16 = 7070

    public var address: SocketAddress
    /// nil: no AUTH is sent (CHECK works unsigned from loopback).
    public var user: String?
    public var secret: String?
    public var timeout: Duration

    public init(address: SocketAddress, user: String? = nil, secret: String? = nil, timeout: Duration = .seconds(5)) {
        self.address = address
        self.user = user
        self.secret = secret
        self.timeout = timeout
    }

    /// Resolves the global options of `command`. For a user without a secret, `askSecret` is
    /// asked with a prompt naming user and server (on a terminal: typed without echo); without
    /// an answer it is a configuration error, found before anything is sent.
    public static func resolve(
        _ command: ParsedCommand, environment: [String: String], askSecret: ((String) -> String?)? = nil
    ) throws(ClientError) -> ConnectionSettings {
        let file = try environment["HOME"].flatMap { home throws(ClientError) in
            try ConfigFile.load(path: home + "/.creditgate")
        }?.values ?? [:]
        let host = command.option("host") ?? file["host"] ?? defaultHost
        let port: UInt16
        if let given = command.integer("port") {
            port = UInt16(given)  // the tool checked the range while parsing
        } else if let text = file["port"] {
            guard let value = UInt16(text), value > 0 else {
                throw ClientError.configuration("~/.creditgate: port=\(text) is not a port number")
            }
            port = value
        } else {
            port = defaultPort
        }
        let user = command.option("user") ?? file["user"]
        let address = SocketAddress(host: host, port: port)
        var secret = environment["CREDITGATE_SECRET"].flatMap { $0.isEmpty ? nil : $0 } ?? file["secret"]
        if let user, secret == nil, let askSecret {
            secret = askSecret("Secret for \(user)@\(address): ")
        }
        if let user, secret == nil {
            throw ClientError.configuration(
                "no secret for user '\(user)': set CREDITGATE_SECRET or secret= in ~/.creditgate (mode 0600)")
        }
        let timeout = Duration.seconds(command.integer("timeout") ?? 5)
        return ConnectionSettings(address: address, user: user,
                                  secret: user == nil ? nil : secret, timeout: timeout)
    }

    /// Connects and signs in when a user is set. An ERR to AUTH comes back as the reply, for
    /// the caller to show as the refusal it is.
    public func connect() throws(ClientError) -> (client: Client, refusal: ServerReply?) {
        let client = try Client(address: address, timeout: timeout)
        guard let user, let secret else { return (client, nil) }
        let reply = try client.authenticate(user: user, secret: secret)
        return (client, reply.status == .ok ? nil : reply)
    }
}

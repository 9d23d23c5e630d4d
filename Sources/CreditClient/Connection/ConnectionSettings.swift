import CreditNet

/// Where to connect and as whom, from the command line, the environment and `~/.creditgate`,
/// in that order of precedence. The secret comes only from `$CREDITGATE_SECRET` or the file:
/// never from an argument.
public struct ConnectionSettings: Sendable, Equatable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort: UInt16 = 7070

    /// The servers to try, in order (`--servers`, or `--host`/`--port` for one); never empty.
    public var servers: [SocketAddress]
    /// The first server: the one named in prompts.
    public var address: SocketAddress { servers[0] }
    /// nil: no AUTH is sent (CHECK works unsigned from loopback).
    public var user: String?
    public var secret: String?
    public var timeout: Duration

    public init(address: SocketAddress, user: String? = nil, secret: String? = nil, timeout: Duration = .seconds(5)) {
        self.init(servers: [address], user: user, secret: secret, timeout: timeout)
    }

    public init(servers: [SocketAddress], user: String? = nil, secret: String? = nil, timeout: Duration = .seconds(5)) {
        precondition(!servers.isEmpty, "at least one server")
        self.servers = servers
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
        let file =
            try environment["HOME"].flatMap { home throws(ClientError) in
                try ConfigFile.load(path: home + "/.creditgate")
            }?.values ?? [:]
        let servers = try servers(command, file: file)
        let user = command.option("user") ?? file["user"]
        let address = servers[0]
        var secret = environment["CREDITGATE_SECRET"].flatMap { $0.isEmpty ? nil : $0 } ?? file["secret"]
        if let user, secret == nil, let askSecret {
            secret = askSecret("Secret for \(user)@\(address): ")
        }
        if let user, secret == nil {
            throw ClientError.configuration(
                "no secret for user '\(user)': set CREDITGATE_SECRET or secret= in ~/.creditgate (mode 0600)")
        }
        let timeout = Duration.seconds(command.integer("timeout") ?? 5)
        return ConnectionSettings(
            servers: servers, user: user,
            secret: user == nil ? nil : secret, timeout: timeout)
    }

    /// `--servers`; else `--host`/`--port`; else `servers=` of the file; else its `host=`/`port=`.
    static func servers(_ command: ParsedCommand, file: [String: String]) throws(ClientError) -> [SocketAddress] {
        if let list = command.option("servers") {
            return try parseServers(list, from: "--servers ")
        }
        if command.option("host") == nil, command.option("port") == nil, let list = file["servers"] {
            return try parseServers(list, from: "~/.creditgate: servers=")
        }
        let host = command.option("host") ?? file["host"] ?? defaultHost
        if let given = command.integer("port") {
            return [SocketAddress(host: host, port: UInt16(given))]  // the tool checked the range while parsing
        }
        guard let text = file["port"] else { return [SocketAddress(host: host, port: defaultPort)] }
        guard let port = UInt16(text), port > 0 else {
            throw ClientError.configuration("~/.creditgate: port=\(text) is not a port number")
        }
        return [SocketAddress(host: host, port: port)]
    }

    /// `a:7070,b:7070,[::1]:7070`: each `host:port`, in the order to try them.
    public static func parseServers(_ list: String, from origin: String) throws(ClientError) -> [SocketAddress] {
        var servers: [SocketAddress] = []
        for entry in list.split(separator: ",", omittingEmptySubsequences: false) {
            let text = String(entry)
            guard let address = SocketAddress(parsing: text), address.port != 0, !text.hasPrefix(":") else {
                throw ClientError.configuration("\(origin)\(list): '\(text)' is not host:port (e.g. 10.0.0.5:7070)")
            }
            servers.append(address)
        }
        return servers
    }

    /// Connects and signs in when a user is set. An ERR to AUTH comes back as the reply, for
    /// the caller to show as the refusal it is.
    /// The first server of the list that accepts the connection is used.
    public func connect() throws(ClientError) -> (client: Client, refusal: ServerReply?) {
        var failure: ClientError?
        for server in servers {
            do {
                return try connect(to: server)
            } catch .unreachable(let address, let error) {
                failure = .unreachable(
                    address: servers.count == 1 ? address : servers.map(\.description).joined(separator: ","), error)
            }
        }
        throw failure!
    }

    /// Connects to `server` (one of the list, or the primary a replica named) and signs in.
    public func connect(to server: SocketAddress) throws(ClientError) -> (client: Client, refusal: ServerReply?) {
        let client = try Client(address: server, timeout: timeout)
        guard let user, let secret else { return (client, nil) }
        let reply = try client.authenticate(user: user, secret: secret)
        return (client, reply.status == .ok ? nil : reply)
    }
}

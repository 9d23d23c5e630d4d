import CreditNet

/// Following replicas (protocol.md §8): a replica answers reads, refuses a change with
/// `ERR REPLICA <primary-host:port> …` and a CHECK with `ERR STALE …` once it has lost its
/// primary. The client then asks elsewhere, once: a stale answer goes to the next server of the
/// list that answers otherwise, a redirected line to the primary named. Retrying is safe: the
/// server that refused changed nothing, and a PAY with the same ref is applied once.
extension ConnectionSettings {
    /// The primary an `ERR REPLICA <host:port> …` reply names.
    static func redirect(_ reply: ServerReply) -> SocketAddress? {
        let words = reply.lines[0].split(separator: " ", maxSplits: 3)
        guard reply.status == .error, words.count >= 3, words[1] == "REPLICA" else { return nil }
        return SocketAddress(parsing: String(words[2]))
    }

    static func isStale(_ reply: ServerReply) -> Bool {
        reply.status == .error && reply.lines[0].hasPrefix("ERR STALE")
    }

    /// The reply to `line` that `client` gave, or the one the primary or another server gave
    /// instead, with the client that gave it (the caller's client is closed when it is replaced).
    /// A refused sign-in at the primary is thrown as ``ClientError/authenticationRefused(_:)``.
    func follow(_ reply: ServerReply, to line: String, on client: Client) throws(ClientError) -> (
        reply: ServerReply, client: Client
    ) {
        if let primary = Self.redirect(reply) {
            let (connected, refusal) = try connect(to: primary)
            if let refusal {
                connected.close()
                throw ClientError.authenticationRefused(refusal.lines[0])
            }
            client.close()
            return (try connected.send(line), connected)
        }
        guard Self.isStale(reply), let position = servers.firstIndex(of: client.address) else { return (reply, client) }
        for server in servers[(position + 1)...] {
            // A server that is down, refuses the sign-in or is stale too is passed over.
            guard let (other, refusal) = try? connect(to: server) else { continue }
            guard refusal == nil, let answer = try? other.send(line), !Self.isStale(answer) else {
                other.close()
                continue
            }
            client.close()
            return (answer, other)
        }
        return (reply, client)
    }
}

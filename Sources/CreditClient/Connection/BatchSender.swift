/// The `send` that ``Importer`` and ``Exporter`` take, over one ``Client``: it connects (and
/// signs in) on the first batch, so an import whose file cannot be read never touches the
/// server. A refused AUTH is thrown as ``ClientError/authenticationRefused(_:)``. Owned by one
/// thread, like the client.
final class BatchSender {
    let settings: ConnectionSettings
    private var client: Client?

    init(settings: ConnectionSettings) {
        self.settings = settings
    }

    deinit {
        client?.close()
    }

    /// Sends `lines` in one write and returns their replies' lines, in order. Lines a replica
    /// refused with `ERR REPLICA` are sent again, in order, to the primary it named, which
    /// serves the later batches.
    func send(_ lines: [String]) throws(ClientError) -> [[String]] {
        var replies = try connected().send(batch: lines)
        let redirected = replies.indices.filter { ConnectionSettings.redirect(replies[$0]) != nil }
        guard let first = redirected.first, let primary = ConnectionSettings.redirect(replies[first]) else {
            return replies.map(\.lines)
        }
        let (connected, refusal) = try settings.connect(to: primary)
        if let refusal {
            connected.close()
            throw ClientError.authenticationRefused(refusal.lines.joined(separator: "\n"))
        }
        client?.close()
        client = connected
        for (index, reply) in zip(redirected, try connected.send(batch: redirected.map { lines[$0] })) {
            replies[index] = reply
        }
        return replies.map(\.lines)
    }

    private func connected() throws(ClientError) -> Client {
        if let client { return client }
        let (connected, refusal) = try settings.connect()
        if let refusal {
            connected.close()
            throw ClientError.authenticationRefused(refusal.lines.joined(separator: "\n"))
        }
        client = connected
        return connected
    }
}

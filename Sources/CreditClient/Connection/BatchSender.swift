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

    /// Sends `lines` in one write and returns their replies' lines, in order.
    func send(_ lines: [String]) throws(ClientError) -> [[String]] {
        try connected().send(batch: lines).map(\.lines)
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

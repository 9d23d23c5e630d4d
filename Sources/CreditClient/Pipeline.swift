import CreditNet

/// Pipelined request/reply over a blocking ``LineConnection``: writes a whole batch of request
/// lines at once, then reads one reply per request. The end of each reply is found without
/// knowing the verb (protocol.md §5): a first line whose second word is `*<n>` is followed by
/// `n` more lines. Its ``send(_:)`` is the `send` that ``Importer`` and ``Exporter`` take.
///
/// The caller keeps batches moderate (hundreds of lines): the server answers while the batch is
/// still being written, and holds at most its output limit (8 MiB) for a client not yet reading.
public struct Pipeline {
    public let connection: LineConnection

    public init(connection: LineConnection) {
        self.connection = connection
    }

    /// Sends `requests` (no "\n") and returns their replies in order, each as its lines.
    public func send(_ requests: [String]) throws -> [[String]] {
        guard !requests.isEmpty else { return [] }
        try connection.send(requests.joined(separator: "\n") + "\n")
        var replies: [[String]] = []
        replies.reserveCapacity(requests.count)
        for _ in requests {
            let first = try readLine()
            var reply = [first]
            if let count = Pipeline.bodyCount(first) {
                for _ in 0..<count { reply.append(try readLine()) }
            }
            replies.append(reply)
        }
        return replies
    }

    /// `n` when `line` opens a multi-line reply `OK *<n> …`.
    public static func bodyCount(_ line: String) -> Int? {
        let words = line.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[1].hasPrefix("*") else { return nil }
        return Int(words[1].dropFirst())
    }

    private func readLine() throws -> String {
        guard let line = try connection.readLine() else { throw PipelineClosed() }
        return line
    }
}

/// The server closed the connection before answering every request of a batch.
public struct PipelineClosed: Error, CustomStringConvertible {
    public var description: String { "the server closed the connection before answering" }
}

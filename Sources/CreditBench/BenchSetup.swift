import CreditClient
import CreditProtocol

/// Makes sure the bench's customers `BENCH-0 … BENCH-<k-1>` exist before a run, so every CHECK
/// has an account to evaluate. It asks first (pipelined CHECKs) and creates only the missing
/// ones, so a second run adds nothing and needs no clerk.
enum BenchSetup {
    static let batchSize = 500
    /// High enough that no bench CHECK is held for being over the limit.
    static let limit = "1000000000.00"

    /// Returns how many customers were created. Creating needs a clerk: without a signed-in
    /// user and with customers missing, it fails with a message saying so.
    static func ensureCustomers(keyspace: Int, settings: ConnectionSettings) throws(ClientError) -> Int {
        let (client, refusal) = try settings.connect()
        defer { client.close() }
        if let refusal { throw ClientError.authenticationRefused(refusal.lines[0]) }
        var missing: [Int] = []
        for start in stride(from: 0, to: keyspace, by: batchSize) {
            let keys = start..<min(start + batchSize, keyspace)
            let replies = try client.send(batch: keys.map { "CHECK BENCH-\($0)" })
            for (key, reply) in zip(keys, replies) where reply.lines[0].hasPrefix("ERR UNKNOWN_CUSTOMER") {
                missing.append(key)
            }
        }
        guard !missing.isEmpty else { return 0 }
        guard settings.user != nil else {
            throw ClientError.configuration(
                "\(missing.count) of the \(keyspace) BENCH-<n> customers are missing; give --user (a clerk) to create them"
            )
        }
        for start in stride(from: 0, to: missing.count, by: batchSize) {
            let keys = missing[start..<min(start + batchSize, missing.count)]
            let replies = try client.send(batch: keys.map(creation))
            if let failed = replies.first(where: { $0.status != .ok }) {
                throw ClientError.protocolViolation("creating bench customers: \(failed.lines[0])")
            }
        }
        return missing.count
    }

    /// `CUSTOMER BENCH-<key> limit=… note="bench set-up"`.
    private static func creation(_ key: Int) -> String {
        var line = RequestBuilder("CUSTOMER")
        // Nothing here can be refused: an id, a fixed amount and a fixed note.
        try? line.add("BENCH-\(key)", name: "customer")
        try? line.add(key: "limit", limit)
        try? line.add(key: "note", quoted: "bench set-up")
        return line.line
    }
}

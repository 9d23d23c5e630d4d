import CreditClient
import CreditProtocol

/// Makes sure the bench's customers `BENCH-0 … BENCH-<k-1>` exist before a run, so every CHECK
/// has an account to evaluate. It asks first (pipelined CHECKs) and creates only the missing
/// ones, so a second run adds nothing and needs no clerk. They are made in the default class
/// with its limit (B: 10,000.00, far above the bench's 1.00 amounts): a limit of their own
/// would raise risk, which since the controls only a manager may do, and a clerk should do.
enum BenchSetup {
    static let batchSize = 500

    /// Returns how many customers were created. Creating needs a clerk (or above): without a
    /// signed-in user and with customers missing, it fails with a message saying so.
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
                "\(missing.count) of the \(keyspace) BENCH-<n> customers are missing; give --user (a clerk or above) to create them"
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

    /// `CUSTOMER BENCH-<key> note="bench set-up"`.
    private static func creation(_ key: Int) -> String {
        var line = RequestBuilder("CUSTOMER")
        // Nothing here can be refused: an id and a fixed note.
        try? line.add("BENCH-\(key)", name: "customer")
        try? line.add(key: "note", quoted: "bench set-up")
        return line.line
    }
}

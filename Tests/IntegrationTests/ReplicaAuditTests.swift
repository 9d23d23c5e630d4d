import Foundation
import Testing

/// A HOLD answered by a replica is audited on its primary (protocol.md §8): the replica forwards
/// the entry (identical repeats counted into one) as HELD, the primary journals it marked
/// `on=<replica>`, and it streams back to the replica like any record.
@Suite struct ReplicaAuditTests {
    /// The HISTORY line of F1's held CHECK, polled until it is there.
    static func heldLine(_ client: TestClient, _ what: String) throws -> String {
        var found: String?
        try ServerProcess.waitUntil(what) {
            found = try client.reply("HISTORY H1").first { $0.contains(" action=CHECK ") }
            return found != nil
        }
        return found!
    }

    /// `at=` and `last=` of an entry: the replica's clock, not known in advance.
    static func instants(_ line: String) -> [String] {
        line.split(separator: " ").filter { $0.hasPrefix("at=") || $0.hasPrefix("last=") }.map {
            String($0.split(separator: "=")[1])
        }
    }

    @Test func holdOnAReplica_ReachesThePrimarysHistory_AndStreamsBack() throws {
        let pair = try ReplicationTests.Pair()
        try pair.admin.expect("CUSTOMER H1 name=\"Held\" limit=100.00 terms=30", startsWith: "OK H1")
        let replica = try pair.startReplica()
        try pair.waitForCatchUp()
        let onReplica = try pair.clerk(replica)
        let hold = "HOLD H1 reasons=OVER_LIMIT available=100.00 exposure=0.00 limit=100.00 amount=500.00"
        // One write, so one turn: the three are counted into one entry before any is sent.
        try onReplica.send(Array(repeating: "CHECK H1 500", count: 3).joined(separator: "\n"))
        for _ in 0..<3 { #expect(try onReplica.readLine() == hold) }

        let onPrimary = try pair.clerk(pair.primary)
        let line = try Self.heldLine(onPrimary, "the replica's HOLD in the primary's HISTORY")
        let times = Self.instants(line)
        #expect(times.count == 2)
        let expected =
            "history at=\(times[0]) by=desk action=CHECK HOLD reasons=OVER_LIMIT amount=500.00 on=rep"
            + " count=3 last=\(times.last!)"
        #expect(line == expected)
        // Streamed back: the replica's own HISTORY has the same entry.
        #expect(try Self.heldLine(onReplica, "the entry streamed back to the replica") == expected)
        // Journaled on the primary: it survives a SIGKILL.
        _ = pair.primary.stop(signal: SIGKILL)
        try pair.primary.restart()
        #expect(try pair.clerk(pair.primary).reply("HISTORY H1").contains(expected))
    }
}

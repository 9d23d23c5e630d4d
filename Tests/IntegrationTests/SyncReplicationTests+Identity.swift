import CreditProtocol
import Foundation
import Testing

extension SyncReplicationTests {
    static func notReplicated(confirmedBy count: Int, of wanted: Int) -> String {
        """
        ERR NOT_REPLICATED the change is durable here, but \(count) of the \(wanted) replicas asked for \
        (--sync-replicas) confirmed it within 1 s; it may still reach them: check, or retry (a PAY with the same ref \
        is applied once)
        """
    }

    /// The `id=` of each replica streaming from the primary, from its INFO.
    static func streamingReplicas(_ pair: ReplicationTests.Pair) throws -> [String] {
        try pair.admin.reply("INFO").filter { $0.hasPrefix("replica user=rep ") && $0.contains(" state=streaming ") }
            .compactMap { ReplyWord.value("id", in: $0) }
    }

    /// `--sync-replicas 2` counts replicas, not connections: a connection that syncs with the
    /// `replica=` of a streaming replica (its old connection not yet seen closed here, or a
    /// duplicate) replaces that replica's feed, so one replica acknowledging on two connections
    /// confirms nothing; two replica processes do.
    @Test func oneReplicaOnTwoConnections_CountsOnce_TwoReplicasConfirm() throws {
        let pair = try ReplicationTests.Pair()
        try pair.admin.expect("CUSTOMER S1 limit=1000", startsWith: "OK ")
        let port = pair.primary.port
        pair.primary.stop()
        try pair.primary.start(extra: ["--listen", "127.0.0.1:\(port)", "--sync-replicas", "2", "--sync-timeout", "1"])
        pair.admin = try pair.primary.admin()
        let first = try pair.startReplica()
        var ids: [String] = []
        try ServerProcess.waitUntil("the replica streams") {
            ids = try Self.streamingReplicas(pair)
            return ids.count == 1
        }
        let epochs = try #require(
            try pair.admin.reply("INFO").first { $0.hasPrefix("replication epochs=") }?.dropFirst(19))
        // The same replica on a second connection, syncing and acknowledging as it does.
        let duplicate = try pair.primary.connect()
        try duplicate.expect("AUTH rep \(pair.replicaSecret)", "OK rep role=replica")
        let last = try #require(UInt64(pair.primarySequence().dropFirst(9)))
        // A malformed id is refused, and the connection stays usable.
        try duplicate.expect(
            "SYNC \(last) replica=bad!id", "ERR BAD_ID replica= must be 1-64 characters from A-Z a-z 0-9 . _ - / :")
        try duplicate.expect(
            "SYNC \(last) replica=\(ids[0])", "OK SYNC journal from=\(last + 1) epoch=1 history=\(epochs)")
        let payer = try pair.primary.admin()
        try payer.send("PAY S1 5.00 ref=TWICE")
        try ServerProcess.waitUntil("the PAY is durable on the primary") {
            try pair.primarySequence() == "sequence=\(last + 1)"
        }
        // Closed already when the fix works (the replica's reconnect replaced it): nothing to send on.
        try? duplicate.send("ACK \(last + 1)")
        let answer = try payer.readLine()
        // However the two connections took turns, no more than one replica confirmed it.
        #expect(
            [Self.notReplicated(confirmedBy: 0, of: 2), Self.notReplicated(confirmedBy: 1, of: 2)].contains(answer),
            "\(answer)")
        #expect(pair.primary.newLog().contains("(replica=\(ids[0])) syncs again from 127.0.0.1:"))

        // Two replica processes: two ids, and the change is confirmed.
        duplicate.connection.close()
        let second = try pair.startReplica()
        try ServerProcess.waitUntil("both replicas stream") { Set(try Self.streamingReplicas(pair)).count == 2 }
        #expect(try payer.request("PAY S1 5.00 ref=TWO").hasPrefix("OK S1 ref=TWO paid=5.00 "))
        #expect(first.process.isRunning && second.process.isRunning)
    }
}

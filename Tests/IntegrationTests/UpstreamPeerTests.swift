import CreditProtocol
import Foundation
import Glibc
import Testing

/// A replica facing a primary that misbehaves (a `FakePrimary` socket in the test) never crashes:
/// it drops the connection, logs why, and connects again a second later.
@Suite struct UpstreamPeerTests {
    static func replica(of fake: FakePrimary, _ extra: [String] = []) throws -> ServerProcess {
        try ServerProcess(
            ["--replica-of", "127.0.0.1:\(fake.port)", "--replica-user", "rep", "--snapshot-every", "0"] + extra,
            adminSecret: nil, environment: ["CREDITGATE_REPLICA_SECRET": "rep-secret"])
    }

    /// The `replica=` of the SYNC line the fake received: the replica process's id, kept on reconnects.
    static func replicaID(_ lines: [String]) throws -> String {
        try #require(lines.count == 2 ? ReplyWord.value("replica", in: lines[1]) : nil, "\(lines)")
    }

    @Test func aBadSnapshotSize_DropsTheLink_AndTheReplicaSyncsAgain() throws {
        let fake = try FakePrimary()
        let replica = try Self.replica(of: fake)
        var id: String?
        for size in ["-1", "17179869185", "99999999999999999999999"] {
            let (fd, lines) = try fake.takeReplica()
            id = try id ?? Self.replicaID(lines)
            #expect(lines == ["AUTH rep rep-secret", "SYNC 0 replica=\(id!)"])
            let line = "OK SYNC snapshot=5 bytes=\(size) epoch=1 history=1:abc:1"
            try fake.send("OK rep role=replica\n\(line)\n", on: fd)
            try ServerProcess.waitUntil("the replica logs the bad line") {
                replica.newLog().contains("the primary answered SYNC with '\(line)', not what was asked")
            }
            #expect(replica.process.isRunning)
        }
        // It is still connecting again: the link was dropped, not the server.
        _ = try fake.takeReplica()
        #expect(replica.process.isRunning)
    }

    /// A primary gone without FIN or RST (here: one that answers SYNC, then says nothing, not even
    /// a heartbeat) is given up after --replica-timeout; the replica connects again by itself.
    @Test func aSilentPrimary_IsDroppedAfterReplicaTimeout_AndTheReplicaConnectsAgain() throws {
        let fake = try FakePrimary()
        let replica = try Self.replica(of: fake, ["--replica-timeout", "1"])
        let (fd, lines) = try fake.takeReplica()
        let id = try Self.replicaID(lines)
        #expect(lines == ["AUTH rep rep-secret", "SYNC 0 replica=\(id)"])
        try fake.send("OK rep role=replica\nOK SYNC journal from=1 epoch=1 history=1:abc:1\n", on: fd)
        try ServerProcess.waitUntil("the replica streams") {
            replica.newLog().contains("streaming from 127.0.0.1:\(fake.port) from record 1")
        }
        // The first connection stays open on this side: a second one means the replica gave it up.
        let (_, again) = try fake.takeReplica(within: 5)
        #expect(again == ["AUTH rep rep-secret", "SYNC 0 history=1:abc:1 replica=\(id)"])
        #expect(
            replica.newLog().contains(
                "replication from 127.0.0.1:\(fake.port): nothing heard from the primary for over 1 s (--replica-timeout)"
            ))
    }

    /// A server that FOLLOWs and is sent a snapshot with `diverged=` that proves damaged sets
    /// nothing aside: its journal, and so its books after a restart, stay as they were; the link
    /// drops and it syncs again.
    @Test func aDamagedSnapshotWithDiverged_SetsNothingAside_AndTheLinkSyncsAgain() throws {
        let fake = try FakePrimary()
        let server = try ServerProcess(
            ["--replica-user", "rep", "--snapshot-every", "0"], environment: ["CREDITGATE_REPLICA_SECRET": "rep-secret"]
        )
        let admin = try server.admin()
        try admin.expect("CUSTOMER KEPT1 limit=100", startsWith: "OK ")
        let status = try admin.reply("STATUS KEPT1")
        let last = PromoteFollowTests.Group.sequence(try admin.request("ROLE"))
        try admin.send("FOLLOW 127.0.0.1:\(fake.port) note=\"the fake is the primary now\"")
        let (fd, lines) = try fake.takeReplica()
        let history = try #require(lines.count == 2 ? ReplyWord.value("history", in: lines[1]) : nil, "\(lines)")
        let id = try Self.replicaID(lines)
        #expect(lines == ["AUTH rep rep-secret", "SYNC \(last) history=\(history) replica=\(id)"])
        // Its last record (the CUSTOMER) is not the fake's history; the snapshot fails its CRC-32C.
        let damaged = "CGSNAP01" + String(repeating: "x", count: 32)
        try fake.send(
            "OK rep role=replica\nOK SYNC snapshot=\(last - 1) bytes=\(damaged.utf8.count) epoch=2"
                + " history=\(history),2:fake:\(last) diverged=\(last - 1)\n\(damaged)", on: fd)
        #expect(
            try admin.readLine()
                == "ERR REPLICA 127.0.0.1:\(fake.port) this server now follows it, but the sync failed (the snapshot "
                + "received from the primary fails its CRC-32C check (damaged); nothing here was set aside or "
                + "replaced); it keeps trying every second")
        let (_, again) = try fake.takeReplica(within: 5)
        #expect(again == lines)
        #expect(
            server.newLog().contains(
                "replication from 127.0.0.1:\(fake.port): the snapshot received from the primary fails its CRC-32C "
                    + "check (damaged); nothing here was set aside or replaced; trying again every second"))
        let names = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory)
        #expect(
            !names.contains { $0.hasPrefix("diverged-") } && names.contains { $0.hasPrefix("journal-") }, "\(names)")
        try server.restart()
        #expect(try server.admin().reply("STATUS KEPT1") == status)
    }
}

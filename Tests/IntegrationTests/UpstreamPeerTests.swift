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

    @Test func aBadSnapshotSize_DropsTheLink_AndTheReplicaSyncsAgain() throws {
        let fake = try FakePrimary()
        let replica = try Self.replica(of: fake)
        for size in ["-1", "17179869185", "99999999999999999999999"] {
            let (fd, lines) = try fake.takeReplica()
            #expect(lines == ["AUTH rep rep-secret", "SYNC 0"])
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
        #expect(lines == ["AUTH rep rep-secret", "SYNC 0"])
        try fake.send("OK rep role=replica\nOK SYNC journal from=1 epoch=1 history=1:abc:1\n", on: fd)
        try ServerProcess.waitUntil("the replica streams") {
            replica.newLog().contains("streaming from 127.0.0.1:\(fake.port) from record 1")
        }
        // The first connection stays open on this side: a second one means the replica gave it up.
        let (_, again) = try fake.takeReplica(within: 5)
        #expect(again == ["AUTH rep rep-secret", "SYNC 0 history=1:abc:1"])
        #expect(
            replica.newLog().contains(
                "replication from 127.0.0.1:\(fake.port): nothing heard from the primary for over 1 s (--replica-timeout)"
            ))
    }
}

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
}

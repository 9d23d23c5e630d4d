import Foundation
import Glibc
import Testing

/// A replica's journal holds its primary's records under the primary's numbers and nothing of
/// its own; a fenced primary is no one's source.
@Suite struct ReplicaOwnRecordsTests {
    @Test func snapshotOnAReplica_JournalsNothing_AndItGoesOnHoldingThePrimarysRecords() throws {
        let pair = try ReplicationTests.Pair()
        let customers = try ReplicationTests.writeLoad(pair.admin, seed: 31, count: 20)
        let port = pair.primary.port
        pair.primary.stop()
        try pair.primary.start(extra: ["--listen", "127.0.0.1:\(port)", "--sync-replicas", "1", "--sync-timeout", "5"])
        pair.admin = try pair.primary.admin()
        let replica = try pair.startReplica()
        try pair.waitForCatchUp()
        let replicaAdmin = try replica.connect()
        try replicaAdmin.expect(
            "AUTH admin \(ServerProcess.adminSecret)", "OK admin role=admin")
        // A record after the snapshot the replica started from, so that its SNAPSHOT has something to write.
        #expect(try pair.admin.request("PAY \(customers[0]) 1.00 ref=OWN0").hasPrefix("OK "))
        try pair.waitForCatchUp()
        let held = try pair.primarySequence()
        let snapshot = try replicaAdmin.request("SNAPSHOT")
        #expect(snapshot == "OK snapshot started \(held)")
        // Each change is answered once the replica holds it: the primary's own record, not one of the replica's.
        for index in 1...5 {
            let reply = try pair.admin.request("PAY \(customers[0]) 1.00 ref=OWN\(index)")
            #expect(reply.hasPrefix("OK \(customers[0]) ref=OWN\(index) paid=1.00 "), "\(reply)")
        }
        try pair.waitForCatchUp()
        #expect(
            try replicaAdmin.request("ROLE").hasPrefix(
                "OK role=replica primary=127.0.0.1:\(port) epoch=1 \(pair.primarySequence()) "))
        try pair.expectSameBooks(customers)
        let clerkHere = try pair.clerk(pair.primary)
        let clerkThere = try pair.clerk(replica)
        #expect(try clerkThere.reply("HISTORY \(customers[0])") == clerkHere.reply("HISTORY \(customers[0])"))
        #expect(try replicaAdmin.reply("AUDIT") == pair.admin.reply("AUDIT"))
        #expect(!replica.newLog().contains("syncing again"))
    }

    @Test func aPrimaryStartedFenced_ServesNoSync_UntilPromoted() throws {
        let pair = try ReplicationTests.Pair()
        let port = pair.primary.port
        pair.primary.stop()
        try pair.primary.start(extra: ["--listen", "127.0.0.1:\(port)", "--start-fenced"])
        let rep = try pair.primary.connect()
        try rep.expect("AUTH rep \(pair.replicaSecret)", "OK rep role=replica")
        #expect(
            try rep.request("SYNC 0")
                == "ERR FENCED this primary of epoch 1 is fenced (started with --start-fenced; waiting for PROMOTE or FOLLOW); "
                + "send changes to the new primary")
        let admin = try pair.primary.admin()
        #expect(try admin.request("PROMOTE note=\"elected\"").hasPrefix("OK role=primary epoch=2 "))
        pair.admin = admin
        try pair.startReplica()
        try pair.waitForCatchUp()
    }
}

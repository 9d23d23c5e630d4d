import Foundation
import Glibc
import Testing

/// FENCE on the real binaries: the primary a supervisor is about to replace stops taking changes
/// at once while its replica keeps what it committed; PROMOTE (or FOLLOW) ends it.
@Suite struct FenceTests {
    @Test func fencedPrimary_RefusesChanges_AnswersReads_UntilPromoted() throws {
        let (group, customers, replica) = try PromoteFollowTests.Group.followed(seed: 41, count: 30)
        let primary = group.pair.primary
        let admin = group.pair.admin
        let before = try PromoteFollowTests.Group.sequence(admin.request("ROLE"))
        // Its last record: the HOLDs' audit entries still waiting are journaled first.
        let reply = try admin.request("FENCE note=\"db2 takes over\"")
        let sequence = PromoteFollowTests.Group.sequence(reply)
        #expect(reply == "OK fenced role=primary epoch=1 sequence=\(sequence)" && sequence >= before, "\(reply)")
        #expect(try admin.request("ROLE") == "OK role=primary epoch=1 sequence=\(sequence) replicas=1")
        try group.waitUntilEqual(replica, primary)
        let replicaAdmin = try replica.admin()
        #expect(
            try replicaAdmin.request("FENCE note=\"drill\"") == "OK fenced role=replica epoch=1 sequence=\(sequence)")
        let fenced =
            "ERR FENCED this primary of epoch 1 is fenced (FENCE by admin note=\"db2 takes over\"); send changes to the new primary"
        #expect(try admin.request("PAY \(customers[0]) 1.00 ref=FN1") == fenced)
        #expect(try admin.request("CHECK \(customers[0]) 1.00 order=FO1") == fenced)
        #expect(try admin.request("FENCE note=\"again\"") == "OK fenced role=primary epoch=1 sequence=\(sequence)")
        let clerk = try group.pair.clerk(primary)
        #expect(try clerk.reply("STATUS \(customers[0])")[0].hasPrefix("OK *"))
        let check = try clerk.request("CHECK \(customers[0]) 1.00")
        #expect(check.hasPrefix("OK \(customers[0]) ") || check.hasPrefix("HOLD \(customers[0]) "), "\(check)")
        let info = try admin.reply("INFO")
        #expect(info.contains("replication role=primary epoch=1 replicas=1 fenced=yes"), "\(info)")
        let rep = try primary.connect()
        try rep.expect("AUTH rep \(group.pair.replicaSecret)", "OK rep role=replica")
        #expect(try rep.request("SYNC 0") == fenced)
        let roles = try String(contentsOfFile: primary.dataDirectory + "/roles.log", encoding: .utf8)
        #expect(
            roles.contains(
                "by=admin action=FENCE old=\"role=primary epoch=1\" new=\"role=primary epoch=1 sequence=\(sequence) fenced\" note=\"db2 takes over\""
            ), "\(roles)")
        // Nothing was journaled after the fence: the replica still holds the primary's last record.
        #expect(try PromoteFollowTests.Group.sequence(replicaAdmin.request("ROLE")) == sequence)
        // PROMOTE ends it: a new epoch, changes taken again, and the replica still follows.
        #expect(try admin.request("PROMOTE note=\"stays\"") == "OK role=primary epoch=2 sequence=\(sequence + 1)")
        #expect(try admin.request("PAY \(customers[0]) 1.00 ref=FN2").hasPrefix("OK \(customers[0]) ref=FN2 "))
        #expect(try admin.reply("INFO").contains("replication role=primary epoch=2 replicas=1 fenced=no"))
        try group.waitUntilEqual(replica, primary)
        #expect(
            try replicaAdmin.request("ROLE").hasPrefix("OK role=replica primary=127.0.0.1:\(primary.port) epoch=2 "))
    }
}

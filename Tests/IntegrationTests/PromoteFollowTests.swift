import CreditProtocol
import Foundation
import Glibc
import Testing

/// PROMOTE, FOLLOW and fencing on the real binaries: a replica promoted after its primary died
/// takes changes in epoch 2; the old primary, back with changes it never shipped, FOLLOWs it,
/// sets those records aside in a file and holds the new primary's books; a primary that meets a
/// replica of a higher epoch refuses every change with ERR FENCED.
@Suite struct PromoteFollowTests {
    /// A primary that may FOLLOW later (started with the replica user's secret), and servers
    /// that replicate it.
    final class Group {
        let pair: ReplicationTests.Pair
        var servers: [ServerProcess] = []

        /// With a replica of the primary that holds all `seed`'s load has written.
        static func followed(seed: UInt64, count: Int) throws -> (Group, [String], ServerProcess) {
            let group = try Group()
            let customers = try ReplicationTests.writeLoad(group.pair.admin, seed: seed, count: count)
            let replica = try group.replica(of: group.pair.primary)
            try group.waitUntilEqual(replica, group.pair.primary)
            return (group, customers, replica)
        }

        init() throws {
            pair = try ReplicationTests.Pair()
            pair.primary.environment = ["CREDITGATE_REPLICA_SECRET": pair.replicaSecret]
            let port = pair.primary.port
            pair.primary.stop()
            try pair.primary.start(extra: ["--listen", "127.0.0.1:\(port)", "--replica-user", "rep"])
            pair.admin = try pair.primary.admin()
        }

        func replica(of primary: ServerProcess) throws -> ServerProcess {
            let server = try ServerProcess(
                ["--replica-of", "127.0.0.1:\(primary.port)", "--replica-user", "rep", "--snapshot-every", "0"],
                environment: ["CREDITGATE_REPLICA_SECRET": pair.replicaSecret])
            servers.append(server)
            return server
        }

        /// Polls `server`'s ROLE until its last record is `primary`'s.
        func waitUntilEqual(_ server: ServerProcess, _ primary: ServerProcess) throws {
            let target = try Self.sequence(primary.admin().request("ROLE"))
            let admin = try server.connect()
            var signedIn = false
            try ServerProcess.waitUntil("\(server.port) holds record \(target)") {
                if !signedIn {
                    signedIn = try admin.request("AUTH admin \(ServerProcess.adminSecret)") == "OK admin role=admin"
                }
                return try signedIn && Self.sequence(admin.request("ROLE")) == target
            }
        }

        static func sequence(_ role: String) -> UInt64 {
            ReplyWord.value("sequence", in: role).flatMap { UInt64($0) } ?? 0
        }
    }

    @Test func promotedReplica_TakesChanges_AndTheOldPrimarySetsAsideWhatItNeverShipped() throws {
        let (group, customers, replica) = try Group.followed(seed: 21, count: 60)
        let old = group.pair.primary
        // The replica stops; the primary acknowledges three changes no replica has, then dies.
        replica.stop()
        for line in [
            "CUSTOMER LOST1 limit=100", "INVOICE \(customers[0]) LOST-I1 10.00", "PAY \(customers[1]) 1.00 ref=LOST-P1",
        ] {
            #expect(try group.pair.admin.request(line).hasPrefix("OK "), "\(line)")
        }
        let lastOld = try Group.sequence(group.pair.admin.request("ROLE"))
        old.stop(signal: SIGKILL)
        try replica.start()
        let promoted = try replica.admin()
        let shared = try Group.sequence(promoted.request("ROLE"))
        #expect(shared == lastOld - 3)
        #expect(
            try promoted.request("PROMOTE note=\"primary lost\"") == "OK role=primary epoch=2 sequence=\(shared + 1)")
        #expect(try promoted.request("ROLE") == "OK role=primary epoch=2 sequence=\(shared + 1) replicas=0")
        #expect(
            try promoted.request("PROMOTE note=\"again\"")
                == "ERR NOT_REPLICA this server is the primary of epoch 2 already; PROMOTE is for a replica")
        #expect(
            try promoted.request("PAY \(customers[2]) 2.00 ref=NEW-P1").hasPrefix(
                "OK \(customers[2]) ref=NEW-P1 paid=2.00 "))
        let audit = try promoted.reply("AUDIT limit=1")
        #expect(
            audit.count == 2
                && audit[1].hasSuffix(
                    #"by=admin action=PROMOTE"#) == false
                && audit[1].contains(#" by=admin action=PROMOTE epoch=2 id="#)
                && audit[1].hasSuffix(
                    #" old="role=replica primary=127.0.0.1:\#(old.port) epoch=1" note="primary lost""#),
            "\(audit)")

        // The old primary comes back as it was (a primary of epoch 1) and is told to follow.
        try old.start(extra: ["--replica-user", "rep"])
        let oldAdmin = try old.admin()
        #expect(try oldAdmin.request("ROLE") == "OK role=primary epoch=1 sequence=\(lastOld) replicas=0")
        let first = shared + 1
        let followed = try oldAdmin.request("FOLLOW 127.0.0.1:\(replica.port) note=\"epoch 2 is on \(replica.port)\"")
        #expect(
            followed
                == "OK role=replica primary=127.0.0.1:\(replica.port) epoch=2 sequence=\(shared + 2) diverged=3 set_aside=diverged-1-\(first).journal",
            "\(followed)")
        // The three records are in the file, framed as in the journal, and in no book.
        let aside = try #require(
            FileManager.default.contents(atPath: old.dataDirectory + "/diverged-1-\(first).journal"))
        let text = String(decoding: aside, as: UTF8.self)
        #expect(
            aside.starts(with: Array("CGJOURN1".utf8)) && text.contains("CUSTOMER LOST1") && text.contains("LOST-I1")
                && text.contains("LOST-P1"))
        let info = try oldAdmin.reply("INFO")
        #expect(
            info.contains("replication set_aside epoch=1 after=\(shared) records=3 file=diverged-1-\(first).journal"),
            "\(info)")
        #expect(
            info.contains {
                $0.hasPrefix("replication change at=") && $0.contains(#"action=FOLLOW old="role=primary epoch=1""#)
            })
        let roles = try String(contentsOfFile: old.dataDirectory + "/roles.log", encoding: .utf8)
        #expect(
            roles.contains(
                #"by=admin action=FOLLOW old="role=primary epoch=1" new="role=replica primary=127.0.0.1:\#(replica.port)""#
            ))
        #expect(try oldAdmin.request("STATUS LOST1") == "ERR UNKNOWN_CUSTOMER LOST1 is not a customer")
        #expect(
            try oldAdmin.request("INVOICE LOST1 X 1.00")
                == "ERR REPLICA 127.0.0.1:\(replica.port) this server is a replica; send changes to its primary")
        // It streams from the new primary: the same books, record for record.
        _ = try ReplicationTests.writeLoad(promoted, seed: 22, count: 40)
        try group.waitUntilEqual(old, replica)
        for customer in customers {
            for verb in ["STATUS", "AGING"] {
                #expect(
                    try oldAdmin.reply("\(verb) \(customer)") == promoted.reply("\(verb) \(customer)"),
                    "\(verb) \(customer)")
            }
        }
        // A restart goes on following (`following`), in epoch 2 (`epochs`), with the same books.
        try old.restart(extra: ["--replica-user", "rep"])
        try group.waitUntilEqual(old, replica)
        #expect(try old.admin().request("ROLE").hasPrefix("OK role=replica primary=127.0.0.1:\(replica.port) epoch=2 "))
    }

    @Test func aPrimaryThatMeetsAHigherEpoch_IsFenced_UntilItFollows() throws {
        let (group, customers, promoted) = try Group.followed(seed: 23, count: 30)
        let old = group.pair.primary
        let newAdmin = try promoted.admin()
        #expect(try newAdmin.request("PROMOTE note=\"switchover\"").hasPrefix("OK role=primary epoch=2 "))
        // A replica of the new primary, pointed at the old one, shows it epoch 2.
        let third = try group.replica(of: promoted)
        try group.waitUntilEqual(third, promoted)
        let thirdAdmin = try third.admin()
        #expect(try thirdAdmin.request("ROLE").hasPrefix("OK role=replica primary=127.0.0.1:\(promoted.port) epoch=2 "))
        let refused = try thirdAdmin.request("FOLLOW 127.0.0.1:\(old.port) note=\"wrong primary\"")
        #expect(
            refused.hasPrefix(
                "ERR REPLICA 127.0.0.1:\(old.port) this server now follows it, but the sync failed (the primary refused: "
                    + "ERR FENCED this primary of epoch 1 is fenced (a replica at 127.0.0.1:"), "\(refused)")
        let fenced = try group.pair.admin.request("PAY \(customers[0]) 1.00 ref=F1")
        #expect(
            fenced.hasPrefix("ERR FENCED this primary of epoch 1 is fenced (a replica at 127.0.0.1:")
                && fenced.hasSuffix(" follows epoch 2, above this primary's 1); send changes to the new primary"),
            "\(fenced)")
        #expect(try group.pair.admin.request("CHECK \(customers[0]) 1.00 order=O1").hasPrefix("ERR FENCED "))
        #expect(
            try group.pair.admin.reply("INFO").contains { $0.hasPrefix("replication fenced=\"a replica at 127.0.0.1:") }
        )
        // Both follow the new primary; the old one had nothing of its own, so nothing is set aside
        // (its reply says where it stood as the sync began: before the PROMOTE record).
        let sequence = try Group.sequence(newAdmin.request("ROLE"))
        let followed = try group.pair.admin.request("FOLLOW 127.0.0.1:\(promoted.port) note=\"back in line\"")
        #expect(
            followed
                == "OK role=replica primary=127.0.0.1:\(promoted.port) epoch=2 sequence=\(sequence - 1) diverged=0",
            "\(followed)")
        #expect(
            try thirdAdmin.request("FOLLOW 127.0.0.1:\(promoted.port) note=\"back\"").hasPrefix(
                "OK role=replica primary=127.0.0.1:\(promoted.port) epoch=2 "))
        #expect(try newAdmin.request("PAY \(customers[0]) 1.00 ref=F2").hasPrefix("OK \(customers[0]) ref=F2 "))
        try group.waitUntilEqual(old, promoted)
        try group.waitUntilEqual(third, promoted)
        #expect(
            try old.admin().request("ROLE").hasPrefix("OK role=replica primary=127.0.0.1:\(promoted.port) epoch=2 "))
    }

    @Test func aPrimaryStartedFenced_TakesNothing_UntilPromoted() throws {
        let server = try ServerProcess(["--start-fenced"])
        let admin = try server.admin()
        let fenced =
            "ERR FENCED this primary of epoch 1 is fenced (started with --start-fenced; waiting for PROMOTE or FOLLOW); "
            + "send changes to the new primary"
        #expect(try admin.request("CUSTOMER SF1 limit=100") == fenced)
        let sequence = try Group.sequence(admin.request("ROLE"))
        #expect(try admin.request("ROLE") == "OK role=primary epoch=1 sequence=\(sequence) replicas=0")
        #expect(try admin.request("PROMOTE note=\"elected\"") == "OK role=primary epoch=2 sequence=\(sequence + 1)")
        #expect(try admin.request("CUSTOMER SF1 limit=100") == "OK SF1 created")
        #expect(
            try admin.request("PROMOTE note=\"again\"")
                == "ERR NOT_REPLICA this server is the primary of epoch 2 already; PROMOTE is for a replica")
    }

    /// A FOLLOW still waiting for its first sync (its primary is down) is answered when a PROMOTE
    /// on another connection ends the wait — after that PROMOTE's own answer, in a turn of its
    /// own: it was answered inside the PROMOTE's, which crashed the server. Both stay usable.
    @Test func promoteWhileAFollowWaits_AnswersTheFollow_AndTheServerStaysUp() throws {
        let server = try ServerProcess(
            ["--replica-user", "rep"], environment: ["CREDITGATE_REPLICA_SECRET": "unused-secret-of-rep"])
        let follower = try server.admin()
        let other = try server.admin()
        try follower.send("FOLLOW 127.0.0.1:1 note=\"the primary is down\"")
        try ServerProcess.waitUntil("the server follows 127.0.0.1:1") {
            try other.request("ROLE").hasPrefix("OK role=replica primary=127.0.0.1:1 ")
        }
        let sequence = try Group.sequence(other.request("ROLE"))
        #expect(
            try other.request("PROMOTE note=\"back to primary\"")
                == "OK role=primary epoch=2 sequence=\(sequence + 1)")
        #expect(
            try follower.readLine() == "ERR NOT_REPLICA PROMOTE came first; this server is now the primary")
        try follower.expect("PING", "PONG")
        try other.expect("PING", "PONG")
        #expect(try other.request("CUSTOMER PF1 limit=100") == "OK PF1 created")
    }
}

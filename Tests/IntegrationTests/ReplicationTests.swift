import CreditProtocol
import Foundation
import Glibc
import Testing

/// Replicas on the real binaries over loopback: a replica catches up (from nothing, from a
/// snapshot, after a restart of either side), follows a random write load to the same STATUS and
/// AGING as its primary, redirects changes, and answers CHECK with ERR STALE once its primary
/// has been silent for --max-lag.
@Suite struct ReplicationTests {
    /// A primary with a replica user and a clerk whose secret works on both.
    final class Pair {
        let primary: ServerProcess
        var admin: TestClient
        let replicaSecret: String
        let clerkSecret: String
        var replica: ServerProcess?

        init(primaryArguments: [String] = []) throws {
            primary = try ServerProcess(["--snapshot-every", "0"] + primaryArguments)
            admin = try primary.admin()
            replicaSecret = try admin.addUser("rep", role: "replica")
            clerkSecret = try admin.addUser("desk", role: "clerk")
        }

        @discardableResult
        func startReplica(maxLag: Int = 30) throws -> ServerProcess {
            let replica = try ServerProcess(
                [
                    "--replica-of", "127.0.0.1:\(primary.port)", "--replica-user", "rep",
                    "--max-lag", String(maxLag), "--snapshot-every", "0",
                ],
                adminSecret: nil, environment: ["CREDITGATE_REPLICA_SECRET": replicaSecret])
            self.replica = replica
            return replica
        }

        func clerk(_ server: ServerProcess) throws -> TestClient {
            let client = try server.connect()
            try client.expect("AUTH desk \(clerkSecret)", "OK desk role=clerk")
            return client
        }

        /// The primary's last durable record, from ROLE.
        func primarySequence() throws -> String {
            let words = try admin.request("ROLE").split(separator: " ")
            return String(words.first { $0.hasPrefix("sequence=") }!)
        }

        /// Polls the replica's ROLE until it holds the primary's last record.
        func waitForCatchUp(seconds: Double = 10) throws {
            let target = try primarySequence()
            let client = try replica!.connect()
            // The clerk exists on the replica once the records that made it have arrived.
            var signedIn = false
            try ServerProcess.waitUntil("the replica holds \(target)", seconds: seconds) {
                if !signedIn { signedIn = try client.request("AUTH desk \(clerkSecret)") == "OK desk role=clerk" }
                return try signedIn && client.request("ROLE").split(separator: " ").contains { $0 == target }
            }
        }

        /// STATUS and AGING of every customer, whole replies, the same on both.
        func expectSameBooks(_ customers: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
            let onPrimary = try clerk(primary)
            let onReplica = try clerk(replica!)
            for customer in customers {
                for verb in ["STATUS", "AGING"] {
                    #expect(
                        try onReplica.reply("\(verb) \(customer)") == onPrimary.reply("\(verb) \(customer)"),
                        "\(verb) \(customer)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    /// A seeded random mix of changes, pipelined; returns the customers touched.
    static func writeLoad(_ client: TestClient, seed: UInt64, count: Int, customers: Int = 8) throws -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let names = (0..<customers).map { "R\(seed)C\($0)" }
        var lines = names.map { "CUSTOMER \($0) name=\"Shop \($0)\" limit=\(1000 + next(9000)).00 terms=30" }
        for index in 0..<count {
            let customer = names[next(customers)]
            switch next(4) {
            case 0, 1:
                lines.append(
                    "INVOICE \(customer) I\(seed)-\(index) \(1 + next(900)).\(10 + next(89)) date=2026-1\(next(2))-0\(1 + next(3))"
                )
            case 2: lines.append("PAY \(customer) \(1 + next(300)).00 ref=P\(seed)-\(index)")
            default: lines.append("CHECK \(customer) \(next(5000)).00")
            }
        }
        for line in lines { try client.send(line) }
        for line in lines {
            let reply = try client.readLine()
            guard reply.hasPrefix("OK") || reply.hasPrefix("HOLD") || reply.hasPrefix("ERR UNKNOWN_INVOICE") else {
                throw TestFailure("\(line) answered \(reply)")
            }
        }
        return names
    }

    @Test func catchesUpFromEmpty_FollowsARandomLoad_AndRedirectsChanges() throws {
        let pair = try Pair()
        let first = try Self.writeLoad(pair.admin, seed: 1, count: 200)
        let replica = try pair.startReplica()
        try pair.waitForCatchUp()
        try pair.expectSameBooks(first)
        // Streaming: what the primary commits now arrives without a new SYNC.
        let second = try Self.writeLoad(pair.admin, seed: 2, count: 400)
        try pair.waitForCatchUp()
        try pair.expectSameBooks(first + second)
        #expect(try pair.admin.request("ROLE") == "OK role=primary epoch=1 \(pair.primarySequence()) replicas=1")
        let clerk = try pair.clerk(replica)
        let redirect =
            "ERR REPLICA 127.0.0.1:\(pair.primary.port) this server is a replica; send changes to its primary"
        #expect(try clerk.request("INVOICE \(first[0]) X1 10.00") == redirect)
        #expect(try clerk.request("CHECK \(first[0]) 1.00 order=O1") == redirect)
        #expect(
            try clerk.request("USER ADD x role=terminal")
                == "ERR FORBIDDEN USER ADD needs the admin role; desk is clerk")
        #expect(try clerk.request("CHECK NOBODY 1.00") == "ERR UNKNOWN_CUSTOMER NOBODY is not a customer")
        // A CHECK that would pass only through an override would use it: a change. A held CHECK
        // is answered as on the primary (its audit entry is the primary's to keep).
        for line in [
            "CUSTOMER OV1 limit=100", "BLOCK OV1 reason=TEST note=\"t\"",
            "CUSTOMER HB1 limit=100", "BLOCK HB1 reason=TEST note=\"t\"",
        ] {
            #expect(try pair.admin.request(line).hasPrefix("OK "), "\(line)")
        }
        // Overrides are a manager's (an admin issues none).
        let manager = try pair.primary.user("mgr", role: "manager", via: pair.admin)
        #expect(try manager.request("OVERRIDE OV1 for=2h note=\"n\"").hasPrefix("OK "))
        try pair.waitForCatchUp()
        #expect(try clerk.request("CHECK OV1 10.00") == redirect)
        #expect(try clerk.request("CHECK HB1 10.00") == pair.clerk(pair.primary).request("CHECK HB1 10.00"))
        // The replica user may replicate and ask ROLE, nothing else.
        let rep = try pair.primary.connect()
        try rep.expect("AUTH rep \(pair.replicaSecret)", "OK rep role=replica")
        #expect(
            try rep.request("CHECK \(first[0]) 1.00") == "ERR FORBIDDEN CHECK needs the terminal role; rep is replica")
        #expect(try pair.admin.request("SYNC 0") == "ERR FORBIDDEN SYNC needs the replica role; admin is admin")
    }

    @Test func catchesUpFromASnapshot_WhenTheJournalNoLongerReachesBack() throws {
        let pair = try Pair(primaryArguments: ["--snapshots-kept", "1"])
        let first = try Self.writeLoad(pair.admin, seed: 3, count: 150)
        let sequence = try pair.primarySequence().dropFirst(9)
        // SNAPSHOT is journaled (for AUDIT): the snapshot holds that record too.
        #expect(try pair.admin.request("SNAPSHOT") == "OK snapshot started sequence=\(UInt64(sequence)! + 1)")
        let firstJournal = pair.primary.dataDirectory + "/journal-00000000000000000001.cgj"
        try ServerProcess.waitUntil("the snapshot made the first journal file redundant") {
            !FileManager.default.fileExists(atPath: firstJournal)
        }
        let second = try Self.writeLoad(pair.admin, seed: 4, count: 50)
        // The replica lacks record 1, which no journal file holds any more: it gets a fresh
        // snapshot of everything durable when it asks, as Redis sends a new RDB.
        let now = try pair.primarySequence().dropFirst(9)
        let replica = try pair.startReplica()
        try pair.waitForCatchUp()
        try pair.expectSameBooks(first + second)
        #expect(replica.newLog().contains("took snapshot \(now) ("))
        let padded = String(repeating: "0", count: 20 - now.count) + now
        #expect(FileManager.default.fileExists(atPath: replica.dataDirectory + "/snapshot-\(padded).cgs"))
        // Killed, the replica recovers from the snapshot it was sent and its journal after it,
        // and goes on from there without another snapshot.
        replica.stop(signal: SIGKILL)
        let third = try Self.writeLoad(pair.admin, seed: 9, count: 50)
        try replica.start()
        try pair.waitForCatchUp()
        try pair.expectSameBooks(first + second + third)
        let log = replica.newLog()
        #expect(
            log.contains("streaming from 127.0.0.1:\(pair.primary.port) from record") && !log.contains("took snapshot"),
            "\(log)")
    }

    @Test func catchesUpAfterARestartOfEitherSide() throws {
        let pair = try Pair()
        let first = try Self.writeLoad(pair.admin, seed: 5, count: 100)
        let replica = try pair.startReplica()
        try pair.waitForCatchUp()
        // The replica is killed, the primary goes on, the replica comes back from its own folder.
        replica.stop(signal: SIGKILL)
        let second = try Self.writeLoad(pair.admin, seed: 6, count: 100)
        try replica.start()
        try pair.waitForCatchUp()
        try pair.expectSameBooks(first + second)
        #expect(replica.newLog().contains("streaming from 127.0.0.1:\(pair.primary.port) from record"))
        // The primary is killed and comes back on the same port: the replica reconnects by itself.
        let port = pair.primary.port
        pair.primary.stop(signal: SIGKILL)
        try pair.primary.start(extra: ["--listen", "127.0.0.1:\(port)"])
        let admin = try pair.primary.admin()
        let third = try Self.writeLoad(admin, seed: 7, count: 100)
        func sequence(_ role: String) -> UInt64? {
            ReplyWord.value("sequence", in: role).flatMap { UInt64($0) }
        }
        // At least as far as the primary was: held CHECKs' audit entries may be journaled after it.
        let target = try #require(sequence(try admin.request("ROLE")))
        let client = try pair.clerk(replica)
        try ServerProcess.waitUntil("the replica follows the restarted primary") {
            (sequence(try client.request("ROLE")) ?? 0) >= target
        }
        try pair.expectSameBooks(first + second + third)
    }

    @Test func answersStale_OnceThePrimaryIsSilentForMaxLag() throws {
        let pair = try Pair()
        let customers = try Self.writeLoad(pair.admin, seed: 8, count: 10)
        let replica = try pair.startReplica(maxLag: 1)
        try pair.waitForCatchUp()
        let clerk = try pair.clerk(replica)
        let answer = try clerk.request("CHECK \(customers[0]) 0.00")
        #expect(answer.hasPrefix("OK") || answer.hasPrefix("HOLD"), "\(answer)")
        let port = pair.primary.port
        pair.primary.stop(signal: SIGKILL)
        let stale =
            "ERR STALE this replica has not heard from its primary 127.0.0.1:\(port) for over 1 s (--max-lag); follow the offline rule"
        try ServerProcess.waitUntil("CHECK on the replica answers ERR STALE", seconds: 5) {
            try clerk.request("CHECK \(customers[0]) 0.00") == stale
        }
        // Reads that are no credit decision still answer from the replica's state.
        #expect(try clerk.reply("STATUS \(customers[0])")[0].hasPrefix("OK *"))
        #expect(try clerk.request("ROLE").hasPrefix("OK role=replica primary=127.0.0.1:\(port) epoch=1 "))
    }
}

/// `--sync-replicas 1`: a change is answered OK only once a replica has it durable; without one
/// it is refused after `--sync-timeout`, and retrying it once a replica is back is safe.
@Suite struct SyncReplicationTests {
    static let refused = """
        ERR NOT_REPLICATED the change is durable here, but 0 of the 1 replicas asked for (--sync-replicas) \
        confirmed it within 1 s; it may still reach them: check, or retry (a PAY with the same ref is applied once)
        """

    /// The users first (USER ADD is a change like any other: it would wait for a replica too),
    /// then the primary restarts asking for one synchronous replica, waiting 1 s for it.
    static func pairWaitingForOneReplica() throws -> ReplicationTests.Pair {
        let pair = try ReplicationTests.Pair()
        let port = pair.primary.port
        pair.primary.stop()
        try pair.primary.start(extra: ["--listen", "127.0.0.1:\(port)", "--sync-replicas", "1", "--sync-timeout", "1"])
        pair.admin = try pair.primary.admin()
        return pair
    }

    @Test func changesWaitForTheReplica_AndAreRefusedWithoutOne() throws {
        let pair = try Self.pairWaitingForOneReplica()
        let refused = Self.refused
        let started = Date()
        #expect(try pair.admin.request("CUSTOMER S1 limit=1000") == refused)
        #expect(Date().timeIntervalSince(started) >= 1)
        // A read in a later turn is not held; the refused change stands on the primary.
        #expect(try pair.admin.request("CHECK S1 10.00") == "OK S1 available=1000.00 exposure=0.00")
        let replica = try pair.startReplica()
        try pair.waitForCatchUp()
        // With the replica streaming, each OK means the replica holds the change: its ROLE shows it at once.
        let onReplica = try pair.clerk(replica)
        for index in 1...20 {
            let reply = try pair.admin.request("INVOICE S1 SI\(index) 1.00")
            #expect(
                reply.hasPrefix("OK S1 invoice=SI\(index) amount=1.00 open=1.00 due=")
                    && reply.hasSuffix(" exposure=\(index).00"), "\(reply)")
            let sequence = try pair.primarySequence()
            let role = try onReplica.request("ROLE").split(separator: " ")
            let held = UInt64(role.first { $0.hasPrefix("sequence=") }!.dropFirst(9))!
            #expect(held >= UInt64(sequence.dropFirst(9))!, "\(role)")
        }
        #expect(try pair.admin.request("PAY S1 5.00 ref=SP1").hasPrefix("OK S1 ref=SP1 paid=5.00 "))
        // The replica is killed: changes are refused again, and a retried PAY is applied once.
        replica.stop(signal: SIGKILL)
        #expect(try pair.admin.request("PAY S1 3.00 ref=SP2") == refused)
        // Retried while no replica is back, it is not answered OK either: what it reports is on no replica.
        #expect(try pair.admin.request("PAY S1 3.00 ref=SP2") == refused)
        try replica.start()
        try pair.waitForCatchUp()
        #expect(try pair.admin.request("PAY S1 3.00 ref=SP2").hasPrefix("OK S1 ref=SP2 "))
        try pair.expectSameBooks(["S1"])
    }

    /// An ACK counts only for records the primary has sent: a replica acknowledging more is dropped,
    /// and what it claimed releases no change waiting for a synchronous replica.
    @Test func anAckBeyondTheLastRecord_DropsTheFeed_AndReleasesNoChange() throws {
        let pair = try Self.pairWaitingForOneReplica()
        let rep = try pair.primary.connect()
        try rep.expect("AUTH rep \(pair.replicaSecret)", "OK rep role=replica")
        try rep.expect("SYNC 0", startsWith: "OK SYNC snapshot=")
        try ServerProcess.waitUntil("the feed streams") {
            try pair.admin.reply("INFO").contains {
                $0.hasPrefix("replica user=rep ") && $0.contains(" state=streaming ")
            }
        }
        let last = try pair.primarySequence().dropFirst("sequence=".count)
        try rep.send("ACK 999999")
        // An open feed would send heartbeats for good: the wait is for the close, bounded.
        try ServerProcess.waitUntil("the primary closes the feed", seconds: 5) { rep.connection.peerHasClosed() }
        // The stream's records come before the reply, and the last one ends in no newline.
        var lines: [String] = []
        while let line = try rep.connection.readLine() { lines.append(line) }
        let answer = "ERR BAD_VALUE ACK 999999 is beyond record \(last), the last this primary sent; the stream ends"
        #expect(lines.last?.hasSuffix(answer) == true, "\(lines.suffix(2))")
        #expect(try pair.admin.request("CUSTOMER S1 limit=1000") == Self.refused)
        #expect(pair.primary.newLog().contains("acknowledged record 999999, beyond \(last), the last sent; dropped"))
    }
}

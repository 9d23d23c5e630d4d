import CreditProtocol
import Foundation
import Glibc
import Testing

/// BACKUP under a write load, then a server started on the copy: the copy holds exactly the
/// changes up to the sequence it names, in the same order, and nothing after.
@Suite struct BackupTests {
    @Test func backupUnderWriteLoad_RestoresToExactlyItsSequence() throws {
        let server = try ServerProcess(["--demo"])
        let admin = try server.admin()
        try admin.expect(#"CUSTOMER LOAD limit=100000 note="fixture""#, "OK LOAD created")
        try admin.expect("INVOICE LOAD L-1 50000 date=2026-11-01", startsWith: "OK LOAD invoice=L-1 ")

        // A writer pipelines payments on its own connection: half before BACKUP is asked on
        // another, half after its reply; the backup holds some of the first half and none of the rest.
        let writer = try server.admin()
        let payments = 3000
        let half = payments / 2
        try writer.send((1...half).map { "PAY LOAD 0.01 ref=B-\($0)" }.joined(separator: "\n"))
        #expect(try writer.readLine().hasPrefix("OK LOAD ref=B-1 "))
        let target = server.directory + "/backup/data"
        let reply = try admin.request("BACKUP \(target)")
        #expect(reply.hasPrefix("OK backup dir=\"\(target)\" sequence="), "\(reply)")
        try writer.send((half + 1...payments).map { "PAY LOAD 0.01 ref=B-\($0)" }.joined(separator: "\n"))
        for number in 2...payments {
            #expect(try writer.readLine().hasPrefix("OK LOAD ref=B-\(number) "))
        }
        let sequence = try #require(ReplyWord.value("sequence", in: reply).flatMap { Int($0) })

        // The copy starts as a server of its own, with the same admin.
        let restored = try ServerProcess(["--demo"], directory: server.directory + "/backup")
        let copy = try restored.admin()
        let info = try copy.reply("INFO")
        #expect(info.contains { $0.hasPrefix("journal ") && $0.contains(" next=\(sequence + 1) ") }, "\(info)")

        // Its trail of LOAD is a prefix of the live one, cut where the backup was taken.
        let live = try admin.reply("HISTORY LOAD").dropFirst()
        let restoredTrail = try copy.reply("HISTORY LOAD").dropFirst()
        let paid = restoredTrail.filter { $0.contains(" action=PAY ") }.count
        #expect(paid >= 1 && paid <= half, "the backup was taken mid-load: \(paid) of \(payments)")
        #expect(Array(restoredTrail) == Array(live.prefix(restoredTrail.count)))
        let open = 5_000_000 - paid
        #expect(
            try copy.reply("STATUS LOAD").contains {
                $0.hasPrefix("credit ") && $0.contains(" open=\(open / 100).\(String(format: "%02d", open % 100)) ")
            })

        // Every other customer and the users are as they were.
        for customer in ["C1001", "C1002", "C1003", "C1004", "C1005"] {
            #expect(try copy.reply("STATUS \(customer)") == admin.reply("STATUS \(customer)"), "\(customer)")
        }
        #expect(try copy.reply("USER LIST") == admin.reply("USER LIST"))
    }

    @Test func backupFolder_MustBeNewOrEmpty_AndNotTheDataFolder() throws {
        let server = try ServerProcess(["--demo"])
        let admin = try server.admin()
        let busy = server.directory + "/busy"
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: true)
        try "x".write(toFile: busy + "/file", atomically: true, encoding: .utf8)
        try admin.expect("BACKUP \(busy)", startsWith: "ERR READONLY backup to \(busy) failed: \(busy) is not empty")
        try admin.expect(
            "BACKUP \(server.dataDirectory)", startsWith: "ERR BAD_VALUE \(server.dataDirectory) is the data folder")
        try admin.expect("BACKUP \(server.dataDirectory)/inside", startsWith: "ERR BAD_VALUE ")
        try admin.expect("BACKUP \(server.directory)", startsWith: "ERR BAD_VALUE ")
        // The connection goes on after each refusal, and an empty folder is taken.
        let empty = server.directory + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try admin.expect("BACKUP \(empty)", startsWith: "OK backup dir=\"\(empty)\" sequence=")
        try admin.expect("PING", "PONG")
    }

    static func verify(_ folder: String) throws -> (status: Int32, output: String) {
        try ScriptProcess.run([ServerProcess.binary("creditgated"), "--verify", folder])
    }

    @Test func verify_PassesABackup_AndNamesTheDamageOfACopy_ChangingNothing() throws {
        let server = try ServerProcess(["--demo"])
        let admin = try server.admin()
        try admin.expect("PAY C1003 10 ref=V-1", startsWith: "OK C1003 ")
        let backup = server.directory + "/backup"
        try admin.expect("BACKUP \(backup)", startsWith: "OK backup dir=")
        let good = try Self.verify(backup)
        #expect(good.status == 0)
        #expect(good.output.hasSuffix("ledger customers=5 users=1\nverified \(backup): intact\n"), "\(good.output)")

        // The live folder after more changes and a SNAPSHOT: two snapshots, two journal files.
        try admin.expect("SNAPSHOT", startsWith: "OK snapshot started ")
        try admin.expect("PAY C1003 10 ref=V-2", startsWith: "OK C1003 ")
        try ServerProcess.waitUntil("the snapshot is written") {
            try admin.reply("INFO").contains { $0.hasPrefix("snapshot ") && $0.contains(" running=no") }
        }
        server.stop(signal: SIGKILL)
        let live = try Self.verify(server.dataDirectory)
        #expect(live.status == 0, "\(live.output)")
        #expect(live.output.contains("journal records "), "\(live.output)")

        // A torn last record: named, and left as it is.
        let names = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory).sorted()
        let snapshot = server.dataDirectory + "/" + names.last { $0.hasPrefix("snapshot-") }!
        let journal = server.dataDirectory + "/" + names.last { $0.hasPrefix("journal-") }!
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0, 0, 0, 40, 1, 2]))
        try handle.close()
        let size = try FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int
        let torn = try Self.verify(server.dataDirectory)
        #expect(torn.status == 1)
        #expect(torn.output.contains("damaged: \(journal): an incomplete last record at offset "), "\(torn.output)")
        #expect(torn.output.hasSuffix("verified \(server.dataDirectory): DAMAGED\n"))
        #expect(try FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int == size, "verify cuts nothing")

        // A flipped byte in the only snapshot: it is named, and so are the records it held.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: snapshot))
        let flipped = try Self.verify(server.dataDirectory)
        #expect(flipped.status == 1)
        #expect(flipped.output.contains("snapshot \(snapshot) damaged: "), "\(flipped.output)")
        #expect(flipped.output.contains("Missing: records 1 to "), "\(flipped.output)")
        #expect(!FileManager.default.fileExists(atPath: backup + "/creditgated.lock"), "verify locks nothing")

        let missing = try Self.verify(server.directory + "/nowhere")
        #expect(missing.status == 1)
        #expect(missing.output.hasSuffix("DAMAGED\n"))
    }
}

import Foundation
import Testing

/// Snapshots and journal files must join: a journal file deleted or cut short stops start-up
/// with the files and the records missing; `--force` starts without them, says what it lost,
/// and saves what remains so the next start needs no `--force`.
@Suite struct JournalContinuityTests {
    static let remedy = """
        Restore what is missing from a backup and start again. To start without it, start once with --force: what \
        is missing is lost for good, a later record that depended on it is skipped (each one logged), and a snapshot \
        of what remains is written at once, so the next start needs no --force.
        """

    /// The length of the last record of a journal file's bytes (after the 8-byte magic, each
    /// record: the payload's length as 4 bytes little-endian, its CRC, its sequence, the payload).
    static func lastRecordLength(_ bytes: [UInt8]) -> Int {
        var offset = 8
        var last = 0
        while offset + 4 <= bytes.count {
            let length = bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
            last = 4 + 4 + 8 + length
            offset += last
        }
        return last
    }

    static func journalPath(in directory: String, first: UInt64) -> String {
        let digits = String(first)
        return directory + "/journal-" + String(repeating: "0", count: 20 - digits.count) + digits + ".cgj"
    }

    /// Deleting the newest journal file (the one started by the newest snapshot) used to lose
    /// its changes in silence.
    @Test func newestJournalFileDeleted_StopsStartUp_ForceStartsFromTheSnapshot() throws {
        let server = try ServerProcess(["--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1 limit=1000", "OK C1 created")
        // SNAPSHOT is journaled (for AUDIT) as record 3, the last the snapshot holds.
        #expect(try CrashTests.snapshot(via: admin) == 3)
        try admin.expect("CUSTOMER C2 limit=500", "OK C2 created")
        server.stop(signal: SIGKILL)
        let newest = JournalContinuityTests.journalPath(in: server.dataDirectory, first: 4)
        try FileManager.default.removeItem(atPath: newest)

        let message = """
            \(CrashTests.snapshotPath(in: server.dataDirectory, sequence: 3)) holds the records up to 3, but no \
            journal file starts after it: \(newest), started when that snapshot was taken, is missing, and with it \
            every change after record 3.
            """
        let (status, output) = try ServerProcess.runToExit(dataDirectory: server.dataDirectory)
        #expect(status == 1)
        #expect(
            output.hasSuffix("creditgated: cannot start: \(message) \(JournalContinuityTests.remedy)\n"), "\(output)")

        try server.start(extra: ["--force"])
        let log = server.newLog()
        #expect(log.contains("warning: --force: \(message) Starting without the changes after record 3.\n"), "\(log)")
        #expect(
            log.contains(
                "warning: --force: started without the missing records (0 later records skipped); snapshot 3 holds what remains\n"
            ), "\(log)")
        let client = try server.admin()
        try client.expect("CHECK C1", "OK C1 available=1000.00 exposure=0.00")
        try client.expect("CHECK C2", "ERR UNKNOWN_CUSTOMER C2 is not a customer")
        try client.expect("CUSTOMER C3 limit=300", "OK C3 created")

        try server.restart()
        #expect(
            server.newLog().contains("recovered 2 customers, 1 users: snapshot 3 + 1 journal records"),
            "\(server.newLog())")
        try server.connect().expect("CHECK C3", "OK C3 available=300.00 exposure=0.00")
    }

    /// A journal file between the snapshot and the newest file deleted, or cut in mid-record: the
    /// message names both files and the record missing; `--force` skips the later record that
    /// needed it (logged) and keeps the rest.
    @Test(arguments: ["deleted", "cut"])
    func journalFileInTheMiddle_Missing_StopsStartUp_NamingTheGap(damage: String) throws {
        let server = try ServerProcess(["--snapshot-every", "0", "--snapshots-kept", "3"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        // Each SNAPSHOT is itself journaled (for AUDIT), as the last record its snapshot holds.
        try admin.expect("CUSTOMER C1 limit=1000", "OK C1 created")  // record 2
        #expect(try CrashTests.snapshot(via: admin) == 3)
        try admin.expect("CUSTOMER C2 limit=500", "OK C2 created")  // record 4
        #expect(try CrashTests.snapshot(via: admin) == 5)
        try admin.expect("INVOICE C2 I1 100 date=2026-03-01 due=2099-12-31", startsWith: "OK C2 invoice=I1 ")  // 6
        try admin.expect("CUSTOMER C3 limit=300", "OK C3 created")  // record 7
        server.stop(signal: SIGKILL)

        // The newest snapshot damaged, so recovery needs the journal from the older one on.
        let newestSnapshot = CrashTests.snapshotPath(in: server.dataDirectory, sequence: 5)
        var snapshot = try CrashTests.bytes(newestSnapshot)
        snapshot[snapshot.count - 1] ^= 0x01
        try Data(snapshot).write(to: URL(fileURLWithPath: newestSnapshot))
        let middle = JournalContinuityTests.journalPath(in: server.dataDirectory, first: 4)
        let newest = JournalContinuityTests.journalPath(in: server.dataDirectory, first: 6)
        let message: String
        let lost: String
        if damage == "deleted" {
            lost = "records 4 to 5"
            try FileManager.default.removeItem(atPath: middle)
            message = """
                the journal does not join: the snapshot loaded holds the records up to 3, but the oldest journal file \
                after it, \(newest), starts at record 6. Missing: records 4 to 5; a journal file was deleted, or a newer \
                snapshot deleted or damaged.
                """
        } else {
            // Cut into its last record, the SNAPSHOT's: record 4 (C2) stays.
            lost = "record 5"
            let bytes = try CrashTests.bytes(middle)
            let last = bytes.count - Self.lastRecordLength(bytes)
            try Data(bytes[0..<(bytes.count - 5)]).write(to: URL(fileURLWithPath: middle))
            message = """
                the journal does not join: \(middle) is cut short at offset \(last) (its last record is incomplete) after \
                record 4, yet a newer journal file, \(newest), follows from record 6: the older file was damaged, not \
                cut by a crash in mid-write. Missing: record 5.
                """
        }
        let (status, output) = try ServerProcess.runToExit(dataDirectory: server.dataDirectory)
        #expect(status == 1)
        #expect(
            output.hasSuffix("creditgated: cannot start: \(message) \(JournalContinuityTests.remedy)\n"), "\(output)")
        #expect(
            !FileManager.default.fileExists(
                atPath: JournalContinuityTests.journalPath(in: server.dataDirectory, first: 8)),
            "a refused start-up changes nothing")

        try server.start(extra: ["--force"])
        let log = server.newLog()
        #expect(log.contains("warning: --force: \(message) Starting without \(lost).\n"), "\(log)")
        let client = try server.connect()
        try client.expect("CHECK C1", "OK C1 available=1000.00 exposure=0.00")
        if damage == "deleted" {
            // C2 went with records 4 to 5, so its invoice (record 6) no longer applies.
            #expect(
                log.contains(
                    """
                    warning: --force: \(newest): record 6 skipped: it no longer applies (UNKNOWN_CUSTOMER C2 is not a customer) \
                    without the records lost before it\n
                    """), "\(log)")
            #expect(
                log.contains(
                    "warning: --force: started without the missing records (1 later records skipped); snapshot 7 holds what remains\n"
                ), "\(log)")
            try client.expect("CHECK C2", "ERR UNKNOWN_CUSTOMER C2 is not a customer")
        } else {
            // Only the SNAPSHOT's audit record is lost: C2 and its invoice stand.
            #expect(
                log.contains(
                    "warning: --force: started without the missing records (0 later records skipped); snapshot 7 holds what remains\n"
                ), "\(log)")
            try client.expect("CHECK C2", "OK C2 available=400.00 exposure=100.00")
        }
        try client.expect("CHECK C3", "OK C3 available=300.00 exposure=0.00")

        try server.restart()
        #expect(
            server.newLog().contains(
                "recovered \(damage == "deleted" ? 2 : 3) customers, 1 users: snapshot 7 + 0 journal records"),
            "\(server.newLog())")
        try server.connect().expect("CHECK C3", "OK C3 available=300.00 exposure=0.00")
    }

    /// A folder that has served (its lock file is there) with every journal file and snapshot
    /// gone is not mistaken for a new one: start-up stops; `--force` starts it empty.
    @Test func everyJournalFileDeleted_IsNotANewFolder() throws {
        let server = try ServerProcess(["--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        try server.admin().expect("CUSTOMER C1 limit=1000", "OK C1 created")
        server.stop(signal: SIGKILL)
        try FileManager.default.removeItem(
            atPath: JournalContinuityTests.journalPath(in: server.dataDirectory, first: 1))

        let message = """
            the data folder \(server.dataDirectory) has served before (it holds \(server.dataDirectory)/creditgated.lock) \
            but has no journal file and no snapshot: every change is missing. If it never held data (a first start \
            that was killed), --force is safe.
            """
        let (status, output) = try ServerProcess.runToExit(dataDirectory: server.dataDirectory)
        #expect(status == 1)
        #expect(output == "creditgated: cannot start: \(message) \(JournalContinuityTests.remedy)\n", "\(output)")

        try server.start(extra: ["--force"])
        #expect(
            server.newLog().contains(
                """
                warning: --force: \(message) Starting without any change: the ledger starts empty, with a new first admin.\n
                """), "\(server.newLog())")
        try server.admin().expect("CHECK C1", "ERR UNKNOWN_CUSTOMER C1 is not a customer")
        try server.restart()
        try server.admin().expect("CHECK C1", "ERR UNKNOWN_CUSTOMER C1 is not a customer")
    }
}

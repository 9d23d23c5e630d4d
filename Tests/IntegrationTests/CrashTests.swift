import Foundation
import Glibc
import Synchronization
import Testing

/// Crash tests on the real binary, in the manner of Redis's `tests/integration/aof.tcl` and
/// beanstalkd's `cttest_binlog_*` (STYLE rules 6 and 11): write, SIGKILL, damage the files,
/// restart, and assert exact replies — acknowledged writes survive, torn tails are cut and
/// reported, real damage stops start-up loudly.
@Suite struct CrashTests {
    static let clock = "2026-03-02T09:00:00Z"
    static let clockReply = "OK clock=2026-03-02T09:00:00Z today=2026-03-02"

    /// The seed of every round; set CREDITGATE_CRASH_SEED to replay a failing run.
    static let baseSeed: UInt64 =
        ProcessInfo.processInfo.environment["CREDITGATE_CRASH_SEED"].flatMap { UInt64($0) }
        ?? 0xC4ED_17_6A7E

    // MARK: SIGKILL under load, against a reference replay

    /// One round: three writers, each owning three customers (so the order between connections
    /// never matters; only writer 0, a manager, creates overrides, whose ids are global), write
    /// until a seeded number of writes is acknowledged — sometimes followed by a SNAPSHOT — and
    /// the server is SIGKILLed. After the restart every customer's STATUS and CHECK must equal a
    /// fresh server's after replaying the acknowledged requests in order, each writer's one
    /// unanswered request either wholly applied or not at all; the replay must answer every
    /// request exactly as the crashed server did; every acknowledged PAY retried answers its
    /// original receipt; a second SIGKILL changes nothing.
    @Test(.serialized, arguments: 0..<20)
    func sigkillUnderLoad_KeepsEveryAcknowledgedWrite_AndMatchesReplay(round: Int) throws {
        let seed = CrashTests.baseSeed &+ UInt64(round) &* 0x9E37_79B9_7F4A_7C15
        var random = SplitMix64(seed: seed)
        let fsync = ["always", "batch", "everysec"][Int(random.next() % 3)]
        let context = "round \(round) seed \(seed) fsync \(fsync)"
        let server = try ServerProcess([
            "--test-clock", "--fsync", fsync, "--snapshot-records", "50",
            "--snapshots-kept", "3", "--snapshot-every", "0",
        ])
        let admin = try server.admin()
        try admin.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        let acknowledged = Counter()
        let writers = try (0..<3).map { index in
            let writer = CrashWriter(index: index)
            let secret = try CrashTests.addUser(writer.user, role: writer.role, via: admin)
            writer.start(port: server.port, secret: secret, seed: random.next(), acknowledged: acknowledged)
            return writer
        }
        try ServerProcess.waitUntil("the writers are signed in (\(context))") {
            writers.allSatisfy { $0.isSignedIn || $0.isFinished }
        }
        let target = 40 + Int(random.next() % 400)
        let snapshotsDuring = (0..<random.next() % 3).map { _ in Int(random.next() % UInt64(target)) }.sorted()
        let snapshotFirst = random.next() % 3 == 0
        defer { server.stop(signal: SIGKILL) }
        func waitForWrites(_ count: Int) throws {
            try ServerProcess.waitUntil("\(count) writes are acknowledged (\(context))") {
                acknowledged.value.load(ordering: .relaxed) >= count || writers.allSatisfy(\.isFinished)
            }
        }
        // Snapshots while the writers go on, finished before the kill: recovery then loads one,
        // and the journal has rotated and been pruned.
        for count in snapshotsDuring {
            try waitForWrites(count)
            try CrashTests.snapshotWritten(via: admin)
        }
        try waitForWrites(target)
        if snapshotFirst {
            do {
                try admin.expect("SNAPSHOT", startsWith: "OK snapshot ")
            } catch {
                Issue.record("\(context): SNAPSHOT: \(error)\nserver log:\n\(server.newLog())")
            }
        }
        server.stop(signal: SIGKILL)
        for writer in writers { writer.join() }
        for writer in writers {
            #expect(writer.failure == nil, "\(context): writer \(writer.index): \(writer.failure ?? "")")
        }

        do {
            try verify(server, writers, context: context)
        } catch {
            Issue.record("\(context): \(error)\nserver log since the restart:\n\(server.newLog())")
        }
    }

    func verify(_ server: ServerProcess, _ writers: [CrashWriter], context: String) throws {
        try server.start()
        let recoveryLog = server.newLog()
        #expect(recoveryLog.contains(" info: recovered "), "\(context): \(recoveryLog)")
        #expect(!recoveryLog.contains(" error: "), "\(context): \(recoveryLog)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory).filter {
            $0.hasSuffix(".tmp")
        }
        #expect(leftovers.isEmpty, "\(context): a snapshot the kill interrupted is left behind")
        let live = try server.admin()
        try live.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)

        let reference = try ServerProcess(["--test-clock", "--fsync", "everysec"])
        defer { reference.stop(signal: SIGKILL) }
        let referenceAdmin = try reference.admin()
        try referenceAdmin.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        var recovered: [String: [String]] = [:]
        for writer in writers {
            let client = try reference.user(writer.user, role: writer.role, via: referenceAdmin)
            for (request, _) in writer.answered { try client.send(request) }
            for (request, reply) in writer.answered {
                #expect(try client.readLine() == reply, "\(context): writer \(writer.index) replayed \(request)")
            }
            let acknowledgedState = try CrashTests.state(of: writer.customers, via: referenceAdmin)
            var withUnanswered = acknowledgedState
            if let unanswered = writer.unanswered {
                _ = try client.request(unanswered)
                withUnanswered = try CrashTests.state(of: writer.customers, via: referenceAdmin)
            }
            let state = try CrashTests.state(of: writer.customers, via: live)
            #expect(
                state == acknowledgedState || state == withUnanswered,
                """
                \(context): writer \(writer.index) after \(writer.answered.count) answered, unanswered \
                \(writer.unanswered ?? "-")
                recovered: \(state)
                acknowledged only: \(acknowledgedState)
                with unanswered: \(withUnanswered)
                log: \(recoveryLog)
                """)
            recovered.merge(state) { $1 }
        }

        // A PAY sent again answers its original receipt: the payment is there, once.
        let payments = writers.flatMap(\.answered).filter { $0.request.hasPrefix("PAY ") && $0.reply.hasPrefix("OK ") }
        for payment in payments { try live.send(payment.request) }
        for payment in payments {
            #expect(try live.readLine() == payment.reply, "\(context): retried \(payment.request)")
        }

        // Recovering what recovery wrote gives the same state again.
        try server.restart()
        let again = try server.admin()
        try again.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        #expect(
            try CrashTests.state(of: writers.flatMap(\.customers), via: again) == recovered,
            "\(context): second restart")
    }

    /// Every customer's STATUS and CHECK, whole replies, keyed by customer.
    static func state(of customers: [String], via client: TestClient) throws -> [String: [String]] {
        var state: [String: [String]] = [:]
        for customer in customers {
            state[customer] = try client.reply("STATUS \(customer)") + client.reply("CHECK \(customer) 100")
        }
        return state
    }

    static func addUser(_ name: String, role: String, via admin: TestClient) throws -> String {
        let reply = try admin.request("USER ADD \(name) role=\(role)")
        guard reply.hasPrefix("OK \(name) role=\(role) secret="), let secret = reply.split(separator: "=").last else {
            throw TestFailure("USER ADD \(name) answered \(reply)")
        }
        return String(secret)
    }

    // MARK: a torn last record

    /// SIGKILL in mid-write leaves part of the last record: for a cut at every byte offset inside
    /// it, the server starts, says which file it cut and where, and has lost only that record.
    @Test func journalCutAtEveryOffsetOfLastRecord_LosesOnlyThatRecord_AndSaysSo() throws {
        let server = try ServerProcess(["--test-clock", "--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        try admin.expect("CUSTOMER C1 limit=1000", "OK C1 created")
        try admin.expect(
            "INVOICE C1 I1 400 date=2026-03-01 due=2099-12-31",
            "OK C1 invoice=I1 amount=400.00 open=400.00 due=2099-12-31 exposure=400.00")
        try admin.expect("PAY C1 150 ref=P1", "OK C1 ref=P1 paid=150.00 settled=I1:150.00 unapplied=0.00")
        server.stop(signal: SIGKILL)

        let path = try CrashTests.onlyJournal(in: server.dataDirectory)
        let whole = try CrashTests.bytes(path)
        let last = try #require(CrashTests.recordOffsets(whole).last)
        for cut in last..<whole.count {
            try Data(whole[0..<cut]).write(to: URL(fileURLWithPath: path))
            try server.start()
            let log = server.newLog()
            let notice = """
                \(path): an incomplete last record at offset \(last) (a crash in mid-write) was cut off. Its write never \
                finished, so under --fsync batch or always it was never acknowledged (a reply waits for the write and \
                the sync) unless the disk lost writes it had confirmed; under --fsync everysec the same holds when only \
                the server stopped, but after a power cut or a crash of the machine it may have been acknowledged, and \
                is lost.
                """
            #expect(log.contains(notice) == (cut > last), "cut at \(cut): \(log)")
            let client = try server.connect()
            try client.expect("CHECK C1", "OK C1 available=600.00 exposure=400.00")
            server.stop(signal: SIGKILL)
            #expect(try CrashTests.bytes(path).count == last, "cut at \(cut): the torn record is cut off on disk")
        }

        // The lost payment can be sent again, and this time it is kept.
        try server.start()
        let again = try server.admin()
        try again.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        try again.expect("PAY C1 150 ref=P1", "OK C1 ref=P1 paid=150.00 settled=I1:150.00 unapplied=0.00")
        try server.restart()
        try server.connect().expect("CHECK C1", "OK C1 available=750.00 exposure=250.00")
    }

    /// Preallocated blocks: a crash can leave zeros after the last record. They are a torn tail.
    @Test func journalZeroTail_IsCut_AndNothingIsLost() throws {
        let server = try ServerProcess(["--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1 limit=1000", "OK C1 created")
        try admin.expect("INVOICE C1 I1 400 date=2026-03-01 due=2099-12-31", startsWith: "OK C1 invoice=I1 ")
        server.stop(signal: SIGKILL)
        let path = try CrashTests.onlyJournal(in: server.dataDirectory)
        let whole = try CrashTests.bytes(path)
        try Data(whole + [UInt8](repeating: 0, count: 4096)).write(to: URL(fileURLWithPath: path))
        try server.start()
        #expect(
            server.newLog().contains(
                "\(path): an incomplete last record at offset \(whole.count) (a crash in mid-write) was cut off"))
        try server.connect().expect("CHECK C1", "OK C1 available=600.00 exposure=400.00")
        #expect(try CrashTests.bytes(path) == whole)
    }

    // MARK: real damage

    /// A flipped byte with intact records after it is damage: start-up fails, naming the file,
    /// the offset and the `truncate -s` that would start anyway — which then works as it says.
    @Test func flippedByteInEarlierRecord_StopsStartUp_WithFileOffsetAndTruncate() throws {
        let server = try ServerProcess(["--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1 limit=1000", "OK C1 created")  // record 2 (1 is the first admin)
        try admin.expect("INVOICE C1 I1 400 date=2026-03-01 due=2099-12-31", startsWith: "OK C1 invoice=I1 ")
        try admin.expect("INVOICE C1 I2 100 date=2026-03-01 due=2099-12-31", startsWith: "OK C1 invoice=I2 ")
        server.stop(signal: SIGKILL)

        let path = try CrashTests.onlyJournal(in: server.dataDirectory)
        var bytes = try CrashTests.bytes(path)
        let offset = CrashTests.recordOffsets(bytes)[2]
        bytes[offset + 30] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let (status, output) = try ServerProcess.runToExit(dataDirectory: server.dataDirectory)
        #expect(status == 1, "\(output)")
        #expect(
            output.contains(
                """
                creditgated: cannot start: \(path): the record at offset \(offset) fails its length or CRC-32C check, \
                and intact records follow it. This is damage, not a crash in mid-write, so start-up stops rather than \
                lose them. To start anyway, keep a copy of the file, then cut it at the damage with \
                `truncate -s \(offset) \(path)`: every change from record 3 on is then lost.
                """), "\(output)")
        #expect(try CrashTests.bytes(path) == bytes, "a refused start-up leaves the file as it was")

        let truncate = try Process.run(URL(fileURLWithPath: "/usr/bin/truncate"), arguments: ["-s", "\(offset)", path])
        truncate.waitUntilExit()
        #expect(truncate.terminationStatus == 0)
        try server.start()
        try server.connect().expect("CHECK C1", "OK C1 available=1000.00 exposure=0.00")
    }

    /// A snapshot that fails its CRC is skipped for the one before it plus the journal since:
    /// nothing is lost (`--snapshots-kept 3` keeps the journal files that needs).
    @Test func damagedSnapshot_FallsBackToThePreviousOne_AndLosesNothing() throws {
        let server = try ServerProcess(["--test-clock", "--snapshot-every", "0", "--snapshots-kept", "3"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        let customers = ["C1", "C2", "C3"]
        var snapshots: [UInt64] = []
        for batch in 1...3 {
            for customer in customers {
                try admin.expect("CUSTOMER \(customer) limit=\(batch)000 note=fixture", startsWith: "OK \(customer) ")
                try admin.expect(
                    "INVOICE \(customer) I\(batch) \(batch)00 date=2026-01-0\(batch) due=2026-01-2\(batch)",
                    startsWith: "OK \(customer) invoice=I\(batch) ")
                try admin.expect("PAY \(customer) 5\(batch) ref=P\(batch)", startsWith: "OK \(customer) ref=P\(batch) ")
            }
            try admin.expect(
                "BLOCK C\(batch) reason=B\(batch) note=\"batch \(batch)\"", startsWith: "OK C\(batch) blocked ")
            if batch < 3 { snapshots.append(try CrashTests.snapshot(via: admin)) }
        }
        let before = try CrashTests.state(of: customers, via: admin)
        server.stop(signal: SIGKILL)

        let newest = CrashTests.snapshotPath(in: server.dataDirectory, sequence: snapshots[1])
        var bytes = try CrashTests.bytes(newest)
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: newest))

        try server.start()
        let log = server.newLog()
        #expect(
            log.contains(
                "\(newest) fails its CRC-32C check (damaged); falling back to the snapshot before it and the journal"),
            "\(log)")
        #expect(log.contains("recovered 3 customers, 1 users: snapshot \(snapshots[0]) + "), "\(log)")
        let after = try server.admin()
        try after.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        #expect(try CrashTests.state(of: customers, via: after) == before)
    }

    /// With no older snapshot to fall back on and the journal before it pruned, start-up stops
    /// and says what is missing rather than start with less.
    @Test func damagedOnlySnapshot_WithoutTheJournalBeforeIt_StopsStartUp() throws {
        let server = try ServerProcess(["--snapshot-every", "0", "--snapshots-kept", "1"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1 limit=1000", "OK C1 created")
        _ = try CrashTests.snapshot(via: admin)
        try admin.expect("CUSTOMER C2 limit=1000", "OK C2 created")
        let sequence = try CrashTests.snapshot(via: admin)
        try admin.expect("CUSTOMER C3 limit=1000", "OK C3 created")
        server.stop(signal: SIGKILL)
        #expect(try CrashTests.snapshotCount(in: server.dataDirectory) == 1)

        let path = CrashTests.snapshotPath(in: server.dataDirectory, sequence: sequence)
        var bytes = try CrashTests.bytes(path)
        bytes[bytes.count - 1] ^= 0x80
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (status, output) = try ServerProcess.runToExit(dataDirectory: server.dataDirectory)
        #expect(status == 1, "\(output)")
        #expect(output.contains("\(path) fails its CRC-32C check (damaged)"), "\(output)")
        #expect(
            output.contains(
                """
                creditgated: cannot start: the journal does not join: no snapshot could be loaded, so the journal must \
                start at record 1, but its oldest file, \(JournalContinuityTests.journalPath(in: server.dataDirectory, first: sequence + 1)), \
                starts at record \(sequence + 1). Missing: records 1 to \(sequence); a journal file was deleted, or a newer snapshot deleted or \
                damaged. \(JournalContinuityTests.remedy)\n
                """), "\(output)")
    }

    /// SNAPSHOT in the same read as changes (pipelined): they are not durable until the turn's
    /// group commit, so the snapshot starts after it — it used to rotate the journal mid-turn
    /// and stop the server on `precondition(pending.isEmpty)`.
    @Test func snapshotPipelinedAfterChanges_StartsAfterTheGroupCommit() throws {
        let server = try ServerProcess(["--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.send("CUSTOMER C1 limit=1000\nCUSTOMER C2 limit=500\nSNAPSHOT")
        #expect(try admin.readLine() == "OK C1 created")
        #expect(try admin.readLine() == "OK C2 created")
        // Record 4 is the SNAPSHOT itself, kept for AUDIT: the snapshot covers it.
        #expect(try admin.readLine() == "OK snapshot started sequence=4")
        try ServerProcess.waitUntil("snapshot 4 is written") {
            try admin.reply("INFO").contains { $0.hasPrefix("snapshot sequence=4 ") && $0.hasSuffix(" running=no") }
        }
        try admin.expect("CUSTOMER C3 limit=100", "OK C3 created")
        try server.restart()
        #expect(
            server.newLog().contains("recovered 3 customers, 1 users: snapshot 4 + 1 journal records"),
            "\(server.newLog())")
        try server.connect().expect("CHECK C2 0", "OK C2 available=500.00 exposure=0.00")
    }

    /// SIGTERM: requests already received are answered, a last snapshot is written, and the
    /// next start loads it with nothing left to replay.
    @Test func sigterm_WritesAShutdownSnapshot_AndTheNextStartLoadsIt() throws {
        let server = try ServerProcess(["--test-clock", "--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        try admin.expect("CUSTOMER C1 limit=1000", "OK C1 created")
        try admin.expect(
            "INVOICE C1 I1 400 date=2026-01-01 due=2026-01-10",
            "OK C1 invoice=I1 amount=400.00 open=400.00 due=2026-01-10 exposure=400.00")
        try admin.expect("BLOCK C1 reason=FRAUD note=\"forged cheque\"", "OK C1 blocked reason=FRAUD exposure=400.00")
        // Records: the admin, CLOCK SET (kept for AUDIT), CUSTOMER, INVOICE, BLOCK, and the held CHECK.
        let before = try CrashTests.state(of: ["C1"], via: admin)
        #expect(server.stop(signal: SIGTERM) == 0)
        #expect(server.newLog().contains("info: snapshot 6: "), "\(server.newLog())")
        #expect(server.newLog().hasSuffix("info: stopped\n"), "\(server.newLog())")

        try server.start()
        #expect(
            server.newLog().contains("recovered 1 customers, 1 users: snapshot 6 + 0 journal records"),
            "\(server.newLog())")
        let after = try server.admin()
        try after.expect("CLOCK SET \(CrashTests.clock)", CrashTests.clockReply)
        #expect(try CrashTests.state(of: ["C1"], via: after) == before)
    }

    /// A snapshot being written when the process died is only a `.tmp`: start-up removes it
    /// (it used to stay, a ledger's size of disk per crash) and never loads it.
    @Test func unfinishedSnapshot_IsRemovedAtStart() throws {
        let server = try ServerProcess(["--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        try server.admin().expect("CUSTOMER C1 limit=1000", "OK C1 created")
        server.stop(signal: SIGKILL)
        let unfinished = CrashTests.snapshotPath(in: server.dataDirectory, sequence: 2) + ".tmp"
        try Data("CGSNAP01 cut short".utf8).write(to: URL(fileURLWithPath: unfinished))
        try server.start()
        #expect(
            server.newLog().contains("info: removed \(unfinished), a snapshot interrupted by a crash"),
            "\(server.newLog())")
        #expect(!FileManager.default.fileExists(atPath: unfinished))
        try server.connect().expect("CHECK C1", "OK C1 available=1000.00 exposure=0.00")
    }

    // MARK: files

    /// Asks for a snapshot and waits (by INFO) until one holding everything journaled before the
    /// request is written — the one it started, or the one already running and a next one.
    static func snapshotWritten(via admin: TestClient) throws {
        for _ in 0..<2 {
            let reply = try admin.request("SNAPSHOT")
            guard reply.hasPrefix("OK snapshot "), let sequence = UInt64(reply.split(separator: "=").last!) else {
                throw TestFailure("SNAPSHOT answered \(reply)")
            }
            if reply.hasPrefix("OK snapshot up-to-date ") { return }
            try ServerProcess.waitUntil("snapshot \(sequence) is written") {
                try admin.reply("INFO").contains { line in
                    guard line.hasPrefix("snapshot sequence="), line.hasSuffix(" running=no") else { return false }
                    return UInt64(line.dropFirst(18).prefix { $0.isNumber }).map { $0 >= sequence } ?? false
                }
            }
            if reply.hasPrefix("OK snapshot started ") { return }
        }
    }

    /// Asks for a snapshot and waits (by INFO) until it is written; returns its sequence number.
    static func snapshot(via admin: TestClient) throws -> UInt64 {
        let reply = try admin.request("SNAPSHOT")
        guard reply.hasPrefix("OK snapshot started sequence="), let sequence = UInt64(reply.split(separator: "=").last!)
        else {
            throw TestFailure("SNAPSHOT answered \(reply)")
        }
        try ServerProcess.waitUntil("snapshot \(sequence) is written") {
            try admin.reply("INFO").contains {
                $0.hasPrefix("snapshot sequence=\(sequence) ") && $0.hasSuffix(" running=no")
            }
        }
        return sequence
    }

    static func snapshotPath(in directory: String, sequence: UInt64) -> String {
        let digits = String(sequence)
        return directory + "/snapshot-" + String(repeating: "0", count: 20 - digits.count) + digits + ".cgs"
    }

    static func snapshotCount(in directory: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".cgs") }.count
    }

    static func onlyJournal(in directory: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".cgj") }
        guard names.count == 1 else { throw TestFailure("expected one journal file in \(directory), found \(names)") }
        return directory + "/" + names[0]
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Where each record starts: after the 8-byte magic, records of a 16-byte header (u32 LE
    /// payload length first) and the payload.
    static func recordOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var offset = 8
        while offset + 4 <= bytes.count {
            offsets.append(offset)
            offset += 16 + (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        return offsets
    }
}

/// Acknowledged writes of all writers, for the test thread to poll.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

/// One writer thread with its own connection, user and customers. It sends one request at a
/// time and keeps every answered request with its reply, in order, until the connection dies.
///
/// `@unchecked Sendable`: `answered`, `unanswered` and `failure` are written only by the
/// writer's thread, and read by the test thread only after `join()` (a semaphore the thread
/// signals last, which orders the writes before the reads).
final class CrashWriter: @unchecked Sendable {
    let index: Int
    let user: String
    let role: String
    let customers: [String]
    private(set) var answered: [(request: String, reply: String)] = []
    /// The request sent when the connection died: it may or may not have been applied.
    private(set) var unanswered: String?
    /// Why the writer stopped, when it was not the connection dying.
    private(set) var failure: String?
    private let finished = Atomic<Bool>(false)
    private let signedIn = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(index: Int) {
        self.index = index
        user = "writer\(index)"
        role = index == 0 ? "manager" : "clerk"
        customers = (0..<3).map { "W\(index)C\($0)" }
    }

    var isFinished: Bool { finished.load(ordering: .acquiring) }
    var isSignedIn: Bool { signedIn.load(ordering: .acquiring) }

    func start(port: UInt16, secret: String, seed: UInt64, acknowledged: Counter) {
        let thread = Thread { [self] in
            run(port: port, secret: secret, seed: seed, acknowledged: acknowledged)
            finished.store(true, ordering: .releasing)
            done.signal()
        }
        thread.name = "writer\(index)"
        thread.start()
    }

    func join() {
        done.wait()
        done.signal()
    }

    private func run(port: UInt16, secret: String, seed: UInt64, acknowledged: Counter) {
        var random = SplitMix64(seed: seed)
        let client: TestClient
        do {
            client = try TestClient(port: port)
            let reply = try client.request("AUTH \(user) \(secret)")
            guard reply == "OK \(user) role=\(role)" else {
                failure = "AUTH answered \(reply)"
                return
            }
        } catch {
            failure = "could not sign in: \(error)"
            return
        }
        signedIn.store(true, ordering: .releasing)
        for number in 0..<5_000 {
            let request =
                number < customers.count
                ? "CUSTOMER \(customers[number]) limit=2000 note=fixture"
                : nextRequest(number, &random)
            unanswered = request
            guard let reply = try? client.request(request) else { return }
            unanswered = nil
            answered.append((request, reply))
            acknowledged.value.add(1, ordering: .relaxed)
        }
        failure = "the server was not killed after 5000 requests"
    }

    /// A seeded mix of every kind of change, some refused (a BLOCK of a blocked customer), some
    /// retries of earlier ones.
    private func nextRequest(_ number: Int, _ random: inout SplitMix64) -> String {
        let customer = customers[Int(random.next() % UInt64(customers.count))]
        let amount = "\(1 + random.next() % 900).\(String(format: "%02d", Int(random.next() % 100)))"
        switch random.next() % 100 {
        case 0..<10:
            return "CUSTOMER \(customer) limit=\((1 + random.next() % 40) * 100)"
        case 10..<38:
            let dates = random.next() % 4 == 0 ? " date=2026-01-05 due=2026-01-20" : ""
            return "INVOICE \(customer) I\(index)-\(number) \(amount)\(dates)"
        case 38..<60:
            return "PAY \(customer) \(amount) ref=P\(index)-\(number)"
        case 60..<68:
            let earlier = answered.filter { $0.request.hasPrefix("PAY ") || $0.request.hasPrefix("INVOICE ") }
            guard !earlier.isEmpty else { return "PAY \(customer) \(amount) ref=P\(index)-\(number)" }
            return earlier[Int(random.next() % UInt64(earlier.count))].request
        case 68..<78:
            return "BLOCK \(customer) reason=DISPUTE note=\"writer \(index) request \(number)\""
        case 78..<88:
            return "UNBLOCK \(customer) note=\"cleared \(number)\""
        default:
            guard index == 0 else { return "INVOICE \(customer) I\(index)-\(number) \(amount)" }
            if random.next() % 2 == 0 {
                return "OVERRIDE \(customer) for=2h amount=\(amount) uses=2 note=\"manager \(number)\""
            }
            return "CHECK \(customer) \(amount) order=O\(number)"
        }
    }
}

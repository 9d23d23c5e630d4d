import Foundation
import Glibc
import Testing

/// Issue 13 item 1: a held CHECK is answered without waiting for the disk; its audit entry is
/// journaled with the next change's group commit, or within about a second, identical repeats
/// counted into one entry (protocol.md §7).
@Suite struct RefusalAuditTests {
    static let clock = "2026-06-15T09:00:00Z"
    static let hold = "HOLD C1 reasons=MANUAL available=1000.00 exposure=0.00 limit=1000.00 amount=10.00 block=LEGAL"
    static let entry = "history at=2026-06-15T09:00:00Z by=pos1 action=CHECK HOLD reasons=MANUAL amount=10.00"

    /// A server with a blocked customer C1, an admin, a clerk and a terminal signed in.
    static func blockedCustomer(_ arguments: [String]) throws -> (ServerProcess, TestClient, TestClient, TestClient) {
        let server = try ServerProcess(["--test-clock"] + arguments)
        let admin = try server.admin()
        try admin.expect("CLOCK SET \(clock)", "OK clock=\(clock) today=2026-06-15")
        let clerk = try server.user("carla", role: "clerk", via: admin)
        let terminal = try server.user("pos1", role: "terminal", via: admin)
        try clerk.expect("CUSTOMER C1 limit=1000", "OK C1 created")
        try clerk.expect(#"BLOCK C1 reason=LEGAL note="letter""#, "OK C1 blocked reason=LEGAL exposure=0.00")
        return (server, admin, clerk, terminal)
    }

    /// INFO's journal line as key=value pairs.
    static func journal(_ admin: TestClient) throws -> [String: String] {
        let line = try #require(try admin.reply("INFO").first { $0.hasPrefix("journal ") })
        return Dictionary(
            uniqueKeysWithValues: line.split(separator: " ").dropFirst().compactMap { word in
                word.firstIndex(of: "=").map { (String(word[..<$0]), String(word[word.index(after: $0)...])) }
            })
    }

    /// Polls INFO until no refusal's audit entry waits in memory.
    static func waitUntilJournaled(_ admin: TestClient) throws {
        try ServerProcess.waitUntil("the refusals are journaled", seconds: 5) {
            try journal(admin)["audits_pending"] == "0"
        }
    }

    /// The refusals of pos1 that HISTORY C1 counts, each of their lines asserted whole.
    static func countedRefusals(_ client: TestClient, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        var total = 0
        for line in try client.reply("HISTORY C1") where line.contains("by=pos1 action=CHECK HOLD") {
            if line == entry {
                total += 1
            } else if line.hasPrefix(entry + " count="), line.hasSuffix(" last=\(clock)"),
                let count = Int(line.dropFirst(entry.count + 7).prefix { $0.isNumber }), count > 1,
                line == entry + " count=\(count) last=\(clock)"
            {
                total += count
            } else {
                Issue.record("unexpected history line: \(line)", sourceLocation: sourceLocation)
            }
        }
        return total
    }

    @Test func heldChecks_AreAnsweredWithoutAnFsyncEach_AndCountedIntoADurableEntry() throws {
        let (server, admin, _, terminal) = try Self.blockedCustomer(["--fsync", "always"])
        defer { server.stop(signal: SIGKILL) }
        let before = try Self.journal(admin)
        for _ in 0..<20 { try terminal.expect("CHECK C1 10", Self.hold) }
        let after = try Self.journal(admin)
        // Each reply above was read before the next CHECK was sent. Had any waited for its audit
        // entry's fsync, there would be 20 more; only the once-a-second write may have run.
        let fsyncs = try #require(Int(after["fsyncs"] ?? "")) - (try #require(Int(before["fsyncs"] ?? "")))
        #expect(fsyncs < 20, "\(fsyncs) fsyncs for 20 held CHECKs")
        try Self.waitUntilJournaled(admin)
        #expect(try Self.countedRefusals(admin) == 20)
        let history = try admin.reply("HISTORY C1")
        #expect(history.count < 20, "\(history)")
        server.stop(signal: SIGKILL)
        try server.restart()
        #expect(try server.admin().reply("HISTORY C1") == history)
    }

    @Test func aChange_JournalsTheRefusalsBeforeIt_AndACrashLosesNoAcknowledgedChange() throws {
        let (server, admin, clerk, terminal) = try Self.blockedCustomer([])
        defer { server.stop(signal: SIGKILL) }
        let manager = try server.user("dana", role: "manager", via: admin)
        for _ in 0..<5 { try terminal.expect("CHECK C1 10", Self.hold) }
        try clerk.expect("CUSTOMER C2 limit=5", "OK C2 created")
        // The change's group commit took the refusals made before it.
        #expect(try Self.journal(admin)["audits_pending"] == "0")
        for _ in 0..<3 { try terminal.expect("CHECK C1 10", Self.hold) }
        try manager.expect(
            #"OVERRIDE C1 for=2h order=O1 note="truck loaded""#,
            "OK C1 override=OV-1 manager=dana until=2026-06-15T11:00:00Z order=O1 reasons=MANUAL")
        // A CHECK that uses an override for an order is a change: its reply waits for the disk.
        try terminal.expect(
            "CHECK C1 10 order=O1",
            "OK C1 available=1000.00 exposure=0.00 override=OV-1 held=MANUAL block=LEGAL")
        for _ in 0..<2 {
            try terminal.expect(
                "CHECK C1 10",
                "HOLD C1 reasons=MANUAL available=990.00 exposure=0.00 reserved=10.00 limit=1000.00 amount=10.00 block=LEGAL"
            )
        }
        server.stop(signal: SIGKILL)
        try server.restart()
        let again = try server.admin()
        try again.expect("CHECK C2", "OK C2 available=5.00 exposure=0.00")
        let history = try again.reply("HISTORY C1")
        #expect(
            history.contains(
                "history at=2026-06-15T09:00:00Z by=pos1 action=CHECK OK override=OV-1 held=MANUAL amount=10.00 order=O1"
            ),
            "\(history)")
        // The 8 refusals before the last change are kept; the 2 after it may have been lost with the process.
        #expect((8...10).contains(try Self.countedRefusals(again)))
    }

    @Test func refusalsOfDifferentQuestionsOrUsers_AreCountedApart() throws {
        let (server, admin, clerk, terminal) = try Self.blockedCustomer([])
        defer { server.stop(signal: SIGKILL) }
        for _ in 0..<4 { try terminal.expect("CHECK C1 10", Self.hold) }
        for _ in 0..<3 { try clerk.expect("CHECK C1 10", Self.hold) }
        try Self.waitUntilJournaled(admin)
        let lines = try admin.reply("HISTORY C1").filter { $0.contains("action=CHECK") }
        #expect(try Self.countedRefusals(admin) == 4)
        let clerkCount = lines.filter { $0.contains("by=carla") }.reduce(0) { total, line in
            total + (line.split(separator: " ").first { $0.hasPrefix("count=") }.flatMap { Int($0.dropFirst(6)) } ?? 1)
        }
        #expect(clerkCount == 3, "\(lines)")
    }

    /// Refusals of two customers asked in turn are each counted into their own customer's entry:
    /// the entry noted last is only a shortcut to the newest one of its customer.
    @Test func refusalsOfTwoCustomersInTurn_AreCountedIntoEach() throws {
        let (server, admin, clerk, terminal) = try Self.blockedCustomer([])
        defer { server.stop(signal: SIGKILL) }
        try clerk.expect("CUSTOMER C2 limit=1000", "OK C2 created")
        try clerk.expect(#"BLOCK C2 reason=LEGAL note="letter""#, "OK C2 blocked reason=LEGAL exposure=0.00")
        for _ in 0..<3 {
            try terminal.expect("CHECK C1 10", Self.hold)
            try terminal.expect("CHECK C2 10", Self.hold.replacingOccurrences(of: "C1", with: "C2"))
        }
        try terminal.expect("CHECK C1 10", Self.hold)
        try Self.waitUntilJournaled(admin)
        #expect(try Self.countedRefusals(admin) == 4)
        let second = try admin.reply("HISTORY C2").filter { $0.contains("by=pos1 action=CHECK HOLD") }
        #expect(second == [Self.entry + " count=3 last=\(Self.clock)"], "\(second)")
    }
}

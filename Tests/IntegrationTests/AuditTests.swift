import Foundation
import Testing

/// AUDIT: every administrative act, who and when, kept in the ledger and its snapshots — so it
/// survives a crash and the pruning of the journal files it was first written to.
@Suite struct AuditTests {
    @Test func audit_KeepsEveryAdministrativeAct_AcrossRestartsAndJournalPruning() throws {
        let server = try ServerProcess(["--test-clock", "--snapshot-every", "0", "--snapshots-kept", "1"])
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CLOCK SET 2026-06-15T09:00:00Z", "OK clock=2026-06-15T09:00:00Z today=2026-06-15")
        let added = try admin.request("USER ADD dana role=manager override_max=500")
        #expect(added.hasPrefix("OK dana role=manager override_max=500.00 secret="))
        let clerk = try server.user("carla", role: "clerk", via: admin)
        try admin.expect("POLICY SET override.count_max=2", "OK policy override.count_max=2")
        try admin.expect("USER DEL dana", "OK dana deleted")
        let first = try CrashTests.snapshot(via: admin)
        try admin.expect("CUSTOMER C1", "OK C1 created")
        let second = try CrashTests.snapshot(via: admin)
        #expect(second > first)
        // With one snapshot kept, the journal file that held the first acts is pruned.
        let firstJournal = server.dataDirectory + "/journal-" + String(repeating: "0", count: 19) + "1.cgj"
        try ServerProcess.waitUntil("the first journal file is pruned") {
            !FileManager.default.fileExists(atPath: firstJournal)
        }
        try clerk.expect("AUDIT", "ERR FORBIDDEN AUDIT needs the admin role; carla is clerk")
        try server.restart()
        let again = try server.admin()
        // CLOCK SET is recorded at the moment it was asked for, before the clock moved.
        let expected = [
            "audit at=2026-06-15T09:00:00Z by=admin action=USER_ADD user=dana role=manager override_max=500.00",
            "audit at=2026-06-15T09:00:00Z by=admin action=USER_ADD user=carla role=clerk",
            #"audit at=2026-06-15T09:00:00Z by=admin action=POLICY_SET override.count_max="2" override.count_max.was="3""#,
            "audit at=2026-06-15T09:00:00Z by=admin action=USER_DEL user=dana role=manager",
            "audit at=2026-06-15T09:00:00Z by=admin action=SNAPSHOT sequence=\(first)",
            "audit at=2026-06-15T09:00:00Z by=admin action=SNAPSHOT sequence=\(second)",
        ]
        let all = try again.reply("AUDIT")
        #expect(all.first == "OK *8 audit")
        #expect(
            all.count == 9 && all[1].hasPrefix("audit at=")
                && all[1].hasSuffix(" by=system action=USER_ADD user=admin role=admin"))
        #expect(all[2].hasSuffix(" by=admin action=CLOCK_SET clock=2026-06-15T09:00:00Z"))
        #expect(Array(all.dropFirst(3)) == expected)
        #expect(try again.reply("AUDIT limit=2") == ["OK *2 audit"] + expected.suffix(2))
        #expect(all.allSatisfy { !$0.contains("secret") && !$0.contains("credential") })
    }
}

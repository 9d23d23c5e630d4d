import Testing

/// Issue 15, items 8 and 9 on the real binary: a resent change answers as the
/// first time did, on any later day; a note must say something visible; the
/// server's own names are no user's; a deleted user's name is never reused
/// and their authority ends with them — kept across SIGKILL, restart and
/// snapshot.
@Suite struct ResendAndAuthorityTests {
    static func clock(_ admin: TestClient, _ instant: String) throws {
        try admin.expect("CLOCK SET \(instant)", "OK clock=\(instant) today=\(instant.prefix(10))")
    }

    @Test func resentChanges_AfterTheirDates_AnswerAsTheFirstTime() throws {
        let server = try ServerProcess(["--test-clock"])
        let admin = try server.admin()
        let manager = try server.user("dana", role: "manager", via: admin)
        try Self.clock(admin, "2026-03-02T09:00:00Z")
        try admin.expect("CUSTOMER C1", "OK C1 created")
        let resends = [
            "INVOICE C1 I1 100 date=2026-03-01 due=2026-03-10", "INVOICE C1 I2 100 due=2026-03-10",
            "PAY C1 30 ref=R1 invoice=I1", "CREDIT C1 N1 20 invoice=I1", "INSTRUMENT C1 Q1 10 due=2026-03-20",
        ]
        #expect(try resends.map { try admin.request($0) }.allSatisfy { $0.hasPrefix("OK C1 ") })
        // Resent the same day, each answers the change as it stands.
        let first = try resends.map { try admin.request($0) }
        // C1 is not held: the approval names the reason it pre-approves.
        try admin.expect(
            #"OVERRIDE C1 for=2d reasons=OVER_LIMIT by=dana via=phone note="dana phoned""#,
            "OK C1 override=OV-1 manager=dana until=2026-03-04T09:00:00Z reasons=OVER_LIMIT lapses=2026-03-03T09:00:00Z"
        )
        try manager.expect("CONFIRM OV-1", "OK C1 override=OV-1 confirmed until=2026-03-04T09:00:00Z")
        // A month later: I2's due date is before today, which a new invoice without date= may not have.
        try Self.clock(admin, "2026-04-02T09:00:00Z")
        let later = try resends.map { try admin.request($0) }
        #expect(later == first, "\(later) \(first)")
        try manager.expect("CONFIRM OV-1", "OK C1 override=OV-1 confirmed until=2026-03-04T09:00:00Z")
        try admin.expect(
            "INVOICE C1 I3 100 due=2026-03-10",
            "ERR BAD_DATE due date 2026-03-10 is before invoice date 2026-04-02")
        // A manager recording a phone approval in their own name: documented under OVERRIDE.
        try manager.expect(
            "OVERRIDE C1 for=1h by=dana via=phone note=x",
            "ERR BAD_VALUE a manager issues an override in their own name, without by= and via=phone")
    }

    @Test func notes_NeedVisibleCharacters() throws {
        let server = try ServerProcess()
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1", "OK C1 created")
        let refusal = #"ERR NOTE_REQUIRED a written note with visible characters is required: note="...""#
        for blank in ["\u{200B}", "   ", "\u{3164}", "\u{FEFF}\u{200D}", "\u{2800}", "\t"] {
            try admin.expect(#"BLOCK C1 reason=X note=""# + blank + #"""#, refusal)
            try admin.expect(#"OVERRIDE C1 for=1h note=""# + blank + #"""#, refusal)
        }
        try admin.expect(#"BLOCK C1 reason=X note="\#u{200B}ok""#, "OK C1 blocked reason=X exposure=0.00")
    }

    @Test func userNames_ReservedOnes_AndDeletedOnes_AreNeverGiven() throws {
        let server = try ServerProcess(["--test-clock", "--snapshot-every", "0"])
        let admin = try server.admin()
        let clerk = try server.user("carla", role: "clerk", via: admin)
        let mo = try server.user("mo", role: "manager", via: admin)
        try Self.clock(admin, "2026-03-02T09:00:00Z")
        for name in ["system", "SERVER", "System"] {
            try admin.expect(
                "USER ADD \(name) role=clerk",
                "ERR BAD_VALUE \(name) is reserved for the server; choose another user name")
        }
        try admin.expect("CUSTOMER C1", "OK C1 created")
        try admin.expect("BLOCK C1 reason=X note=x", "OK C1 blocked reason=X exposure=0.00")
        try clerk.expect(
            #"OVERRIDE C1 for=2d by=mo via=phone note="mo phoned""#,
            "OK C1 override=OV-1 manager=mo until=2026-03-04T09:00:00Z reasons=MANUAL lapses=2026-03-03T09:00:00Z")
        try mo.expect(
            "OVERRIDE C1 for=1d note=mine", "OK C1 override=OV-2 manager=mo until=2026-03-03T09:00:00Z reasons=MANUAL")
        try Self.clock(admin, "2026-03-02T10:00:00Z")
        // Deleting mo ends both: the pending phone approval and the live override, each in C1's trail.
        try admin.expect("USER DEL mo", "OK mo deleted")
        let trail = try admin.reply("HISTORY C1 limit=2")
        #expect(
            trail == [
                "OK *2 C1",
                #"history at=2026-03-02T10:00:00Z by=admin action=REVOKE override=OV-1 note="user mo was deleted""#,
                #"history at=2026-03-02T10:00:00Z by=admin action=REVOKE override=OV-2 note="user mo was deleted""#,
            ])
        try admin.expect(
            "CHECK C1 10", "HOLD C1 reasons=MANUAL available=10000.00 exposure=0.00 limit=10000.00 amount=10.00 block=X"
        )
        // A refusal's audit entry reaches the disk within about a second (protocol.md §7).
        try RefusalAuditTests.waitUntilJournaled(admin)
        let whole = try admin.reply("HISTORY C1")
        let refused = "ERR USER_EXISTS user mo was deleted at 2026-03-02T10:00:00Z; a user name is never reused"
        try admin.expect("USER ADD mo role=manager", refused)
        // Kept by the journal across a SIGKILL, then by a snapshot across another.
        try server.restart()
        try server.admin().expect("USER ADD mo role=manager", refused)
        try CrashTests.snapshotWritten(via: try server.admin())
        try server.restart()
        let again = try server.admin()
        try again.expect("USER ADD mo role=manager", refused)
        #expect(try again.reply("HISTORY C1") == whole)
        let other = try server.user("mo2", role: "manager", via: again)
        try other.expect("CONFIRM OV-1", "ERR NOT_YOUR_OVERRIDE OV-1 was approved in the name of mo")
    }
}

import Testing

/// Blocks belong to a level, and terminals see codes and figures, not notes — over TCP.
@Suite struct BlockLevelTests {
    @Test func managersBlock_IsLiftedOnlyByAManager_AClerksByAnyClerk() throws {
        let (server, admin) = try ServerProcess.pinned(at: "2026-06-15T09:00:00Z")
        let manager = try server.user("dana", role: "manager", via: admin)
        let clerk = try server.user("carla", role: "clerk", via: admin)
        let other = try server.user("olga", role: "clerk", via: admin)
        try clerk.expect("CUSTOMER Q4", "OK Q4 created")
        try manager.expect(
            #"BLOCK Q4 reason=FRAUD note="forged signature""#, "OK Q4 blocked reason=FRAUD exposure=0.00")
        try other.expect(
            #"UNBLOCK Q4 note="looks fine to me""#,
            "ERR FORBIDDEN Q4 was blocked by dana, a manager; only a manager lifts it")
        try clerk.expect(
            "CHECK Q4", "HOLD Q4 reasons=MANUAL available=10000.00 exposure=0.00 limit=10000.00 amount=0.00 block=FRAUD"
        )
        try manager.expect(#"UNBLOCK Q4 note="bank confirmed the signature""#, "OK Q4 unblocked exposure=0.00")
        try clerk.expect(#"BLOCK Q4 reason=CALL note="no answer""#, "OK Q4 blocked reason=CALL exposure=0.00")
        try other.expect(#"UNBLOCK Q4 note="reached them""#, "OK Q4 unblocked exposure=0.00")
    }

    @Test func status_HidesNoteTexts_FromTerminals() throws {
        let (server, admin) = try ServerProcess.pinned(at: "2026-06-15T09:00:00Z")
        let manager = try server.user("dana", role: "manager", via: admin)
        let clerk = try server.user("carla", role: "clerk", via: admin)
        let terminal = try server.user("pos1", role: "terminal", via: admin)
        try clerk.expect("CUSTOMER C1", "OK C1 created")
        try clerk.expect(
            #"PROMISE C1 100 by=2026-06-20 note="CFO's private number 555-0101""#,
            "OK C1 promise amount=100.00 by=2026-06-20")
        try manager.expect(
            #"BLOCK C1 reason=FRAUD note="police case 42/2026""#, "OK C1 blocked reason=FRAUD exposure=0.00")
        try manager.expect(
            #"OVERRIDE C1 for=1h note="owner is a friend of the CEO""#,
            "OK C1 override=OV-1 manager=dana until=2026-06-15T10:00:00Z reasons=MANUAL")
        let common = [
            #"customer C1 name="C1" class=B strategic=no limit=10000.00 terms=30 stage=none review=2027-06-15"#,
            "credit state=HOLD exposure=0.00 available=10000.00 open=0.00 unapplied=0.00 instruments=0.00 guarantees=0.00 reserved=0.00 reasons=MANUAL",
        ]
        #expect(
            try terminal.reply("STATUS C1") == ["OK *5 C1"] + common + [
                "block reason=FRAUD by=dana level=manager at=2026-06-15T09:00:00Z exposure=0.00",
                "promise amount=100.00 by=2026-06-20 state=pending",
                "override OV-1 manager=dana until=2026-06-15T10:00:00Z reasons=MANUAL exposure=0.00 recorded_by=dana",
            ])
        #expect(
            try clerk.reply("STATUS C1") == ["OK *5 C1"] + common + [
                #"block reason=FRAUD by=dana level=manager at=2026-06-15T09:00:00Z exposure=0.00 note="police case 42/2026""#,
                #"promise amount=100.00 by=2026-06-20 state=pending note="CFO's private number 555-0101""#,
                #"override OV-1 manager=dana until=2026-06-15T10:00:00Z reasons=MANUAL exposure=0.00 recorded_by=dana note="owner is a friend of the CEO""#,
            ])
    }
}

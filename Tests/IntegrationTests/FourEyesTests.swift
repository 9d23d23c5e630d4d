import Testing

/// Four eyes over limits, classes, terms and strategic — over TCP against the real server: a
/// clerk's change that would lift a hold is refused, REQUEST → APPROVE by another manager works,
/// and HISTORY keeps old → new with who asked, who approved and why.
@Suite struct FourEyesTests {
    @Test func clerksRiskRaisingChanges_AreRefused_AndTheRequestPathWorks_AcrossARestart() throws {
        let (server, admin) = try ServerProcess.pinned(at: "2026-06-15T09:00:00Z")
        let clerk = try server.user("carla", role: "clerk", via: admin)
        let dana = try server.user("dana", role: "manager", via: admin)
        try clerk.expect("CUSTOMER L2 limit=1000", "OK L2 created")
        try clerk.expect("INVOICE L2 I1 900 date=2026-06-01", startsWith: "OK L2 invoice=I1")
        try clerk.expect("CUSTOMER D3", "OK D3 created")
        try clerk.expect("INVOICE D3 I2 500 date=2026-03-01 due=2026-03-31", startsWith: "OK D3 invoice=I2")
        try clerk.expect("CUSTOMER Q1 class=C", "OK Q1 created")
        try clerk.expect("INVOICE Q1 I3 2500 date=2026-06-01", startsWith: "OK Q1 invoice=I3")
        let held = "HOLD L2 reasons=OVER_LIMIT available=100.00 exposure=900.00 limit=1000.00 amount=500.00"
        try clerk.expect("CHECK L2 500", held)
        func refused(_ fields: String, _ id: String) -> String {
            "ERR APPROVAL_REQUIRED raising \(fields) of \(id) needs a manager's approval: send REQUEST \(id) … note=\"…\" for a manager to APPROVE"
        }
        try clerk.expect("CUSTOMER L2 limit=999999999", refused("limit", "L2"))
        try clerk.expect("CUSTOMER D3 strategic=yes", refused("strategic", "D3"))
        try clerk.expect("CUSTOMER Q1 class=A", refused("limit, class, review", "Q1"))
        try clerk.expect("CUSTOMER L2 terms=60", refused("terms", "L2"))
        try clerk.expect("CUSTOMER NEW1 limit=20000", refused("limit", "NEW1"))
        try clerk.expect("CHECK L2 500", held)
        // Lowering risk stays a clerk's, and the old value is kept.
        try clerk.expect("CUSTOMER L2 limit=950 terms=20", "OK L2 updated")
        // A manager changes directly, only with a note.
        try dana.expect("CUSTOMER D3 strategic=yes", "ERR NOTE_REQUIRED raising strategic needs a written note=")
        try dana.expect(#"CUSTOMER D3 strategic=yes note="group company, guaranteed by the parent""#, "OK D3 updated")
        // Four eyes: the requester may not approve; another manager may.
        try clerk.expect(#"REQUEST L2 limit=5000 note="bigger season orders""#, "OK L2 request=RQ-1 pending")
        try dana.expect(#"REQUEST Q1 class=A note="three clean years""#, "OK Q1 request=RQ-2 pending")
        try dana.expect(
            #"APPROVE RQ-2 note="mine""#,
            "ERR FORBIDDEN RQ-2 was requested by dana: a request cannot be approved by its requester")
        try clerk.expect(#"APPROVE RQ-1 note="me""#, "ERR FORBIDDEN APPROVE needs the manager role; carla is clerk")
        try admin.expect("SNAPSHOT", startsWith: "OK snapshot")
        try server.restart()
        let again = try server.admin()
        try again.expect("CLOCK SET 2026-06-15T10:00:00Z", "OK clock=2026-06-15T10:00:00Z today=2026-06-15")
        #expect(
            try again.reply("REQUESTS") == [
                "OK *2 requests",
                #"request RQ-1 customer=L2 limit=5000.00 requested_by=carla at=2026-06-15T09:00:00Z note="bigger season orders""#,
                #"request RQ-2 customer=Q1 class=A requested_by=dana at=2026-06-15T09:00:00Z note="three clean years""#,
            ])
        let moAgain = try server.user("mo", role: "manager", via: again)
        try moAgain.expect(#"APPROVE RQ-1 note="payment record checked""#, "OK L2 request=RQ-1 approved")
        try moAgain.expect(#"REJECT RQ-2 note="not before the audit""#, "OK Q1 request=RQ-2 rejected")
        try moAgain.expect(#"APPROVE RQ-1 note="again""#, "ERR UNKNOWN_REQUEST no pending request RQ-1")
        try again.expect("CHECK L2 500", "OK L2 available=4100.00 exposure=900.00")
        #expect(try again.reply("REQUESTS") == ["OK *0 requests"])
        let history = try again.reply("HISTORY L2 limit=3")
        #expect(
            history == [
                "OK *3 L2",
                #"history at=2026-06-15T09:00:00Z by=carla action=CUSTOMER limit=1000.00 → 950.00 terms=30 → 20"#,
                #"history at=2026-06-15T09:00:00Z by=carla action=REQUEST request=RQ-1 limit=5000.00 note="bigger season orders""#,
                #"history at=2026-06-15T10:00:00Z by=mo action=CUSTOMER limit=950.00 → 5000.00 requested_by=carla request=RQ-1 approved_by=mo note="bigger season orders" approval="payment record checked""#,
            ])
        #expect(
            try again.reply("HISTORY D3 limit=1") == [
                "OK *1 D3",
                #"history at=2026-06-15T09:00:00Z by=dana action=CUSTOMER strategic=no → yes approved_by=dana note="group company, guaranteed by the parent""#,
            ])
        #expect(
            try again.reply("HISTORY Q1 limit=1") == [
                "OK *1 Q1",
                #"history at=2026-06-15T10:00:00Z by=mo action=REJECT request=RQ-2 requested_by=dana note="not before the audit""#,
            ])
    }
}

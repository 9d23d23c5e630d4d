import Testing

/// Temporary limits and credit reviews — over TCP against the real server.
@Suite struct ReviewTests {
    @Test func temporaryLimit_EndsByItself_AndReviewsComeDueInTheWorklist() throws {
        let (server, admin) = try ServerProcess.pinned(at: "2026-06-15T09:00:00Z")
        let clerk = try server.user("carla", role: "clerk", via: admin)
        let dana = try server.user("dana", role: "manager", via: admin)
        let mo = try server.user("mo", role: "manager", via: admin)
        try clerk.expect("CUSTOMER T1 limit=1000 class=C", "OK T1 created")
        try clerk.expect("INVOICE T1 I1 900", startsWith: "OK T1 invoice=I1")
        try clerk.expect(
            "CUSTOMER T1 limit=3000 until=2026-06-30",
            "ERR APPROVAL_REQUIRED raising limit of T1 needs a manager's approval: send REQUEST T1 … note=\"…\" for a manager to APPROVE"
        )
        try clerk.expect("CUSTOMER T1 until=2026-06-30", "ERR BAD_VALUE until= goes with limit=: a temporary limit")
        try clerk.expect(#"REQUEST T1 limit=3000 until=2026-06-30 note="summer season""#, "OK T1 request=RQ-1 pending")
        try dana.expect(#"APPROVE RQ-1 note="seasonal, ends in June""#, "OK T1 request=RQ-1 approved")
        try clerk.expect("CHECK T1 2000", "OK T1 available=2100.00 exposure=900.00")
        #expect(try clerk.reply("STATUS C9") == ["ERR UNKNOWN_CUSTOMER C9 is not a customer"])
        #expect(
            try clerk.reply("STATUS T1")[1]
                == #"customer T1 name="T1" class=C strategic=no limit=3000.00 terms=30 stage=none until=2026-06-30 review=2026-12-15"#
        )
        try admin.expect("CLOCK SET 2026-06-30T23:59:59Z", "OK clock=2026-06-30T23:59:59Z today=2026-06-30")
        try clerk.expect("CHECK T1 2000", "OK T1 available=2100.00 exposure=900.00")
        try admin.expect("CLOCK SET 2026-07-01T00:00:00Z", "OK clock=2026-07-01T00:00:00Z today=2026-07-01")
        try clerk.expect(
            "CHECK T1 2000", "HOLD T1 reasons=OVER_LIMIT available=100.00 exposure=900.00 limit=1000.00 amount=2000.00")
        #expect(
            try clerk.reply("HISTORY T1 limit=2") == [
                "OK *2 T1",
                #"history at=2026-06-15T09:00:00Z by=dana action=CUSTOMER limit=1000.00 → 3000.00 until=2026-06-30 requested_by=carla request=RQ-1 approved_by=dana note="summer season" approval="seasonal, ends in June""#,
                "history at=2026-07-01T00:00:00Z by=carla action=CHECK HOLD reasons=OVER_LIMIT amount=2000.00",
            ])
        // Class C is reviewed every 6 months: due on 2026-12-15, in the worklist from that day
        // (paid up, so the review is T1's most urgent action: the worklist gives one per customer).
        try clerk.expect("PAY T1 900 ref=P1", "OK T1 ref=P1 paid=900.00 settled=I1:900.00 unapplied=0.00")
        try admin.expect("CLOCK SET 2026-12-15T09:00:00Z", "OK clock=2026-12-15T09:00:00Z today=2026-12-15")
        #expect(
            try clerk.reply("WORKLIST").contains(
                #"work rank=1 customer=T1 name="T1" action=REVIEW amount=0.00 reason="credit review due 2026-12-15""#))
        try clerk.expect(#"REVIEWED T1 note="fine""#, "ERR FORBIDDEN REVIEWED needs the manager role; carla is clerk")
        try mo.expect(
            #"REVIEWED T1 note="paid on time since June; limit kept""#, "OK T1 reviewed next_review=2027-06-15")
        #expect(try clerk.reply("WORKLIST").allSatisfy { !$0.contains("action=REVIEW") })
        // Postponing a review is a manager's call too.
        try clerk.expect(
            "CUSTOMER T1 review=2028-01-01",
            "ERR APPROVAL_REQUIRED raising review of T1 needs a manager's approval: send REQUEST T1 … note=\"…\" for a manager to APPROVE"
        )
        try clerk.expect("CUSTOMER T1 review=2027-01-01", "OK T1 updated")
    }
}

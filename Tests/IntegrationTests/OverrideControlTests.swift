import Testing

/// Overrides cover what they were granted for, and no more — over TCP against the real server:
/// each bypass of the old lenient rules is refused with its code or holds, and a manager's
/// override within its bounds still lets a held customer through.
@Suite struct OverrideControlTests {
    static let clock = "CLOCK SET 2026-06-15T09:00:00Z"

    /// A server at a fixed moment with an admin, a clerk, manager dana and customer C1 (limit 1000).
    static func desk() throws -> (server: ServerProcess, admin: TestClient, clerk: TestClient, manager: TestClient) {
        let server = try ServerProcess(["--test-clock"])
        let admin = try server.admin()
        try admin.expect(clock, "OK clock=2026-06-15T09:00:00Z today=2026-06-15")
        let clerk = try server.user("carla", role: "clerk", via: admin)
        let manager = try server.user("dana", role: "manager", via: admin)
        try clerk.expect("CUSTOMER C1 limit=1000", "OK C1 created")
        return (server, admin, clerk, manager)
    }

    @Test func admin_NeitherIssuesNorConfirmsOverrides() throws {
        let (server, admin, clerk, manager) = try Self.desk()
        defer { withExtendedLifetime(server) {} }
        try clerk.expect(#"BLOCK C1 reason=FRAUD note="forged cheque""#, "OK C1 blocked reason=FRAUD exposure=0.00")
        try admin.expect(
            #"OVERRIDE C1 for=1h note="I am the admin""#,
            "ERR FORBIDDEN an admin does not issue overrides; only a manager does")
        try clerk.expect(
            #"OVERRIDE C1 for=1h by=admin via=phone note="admin called""#, "ERR NOT_A_MANAGER admin is not a manager")
        try clerk.expect(
            #"OVERRIDE C1 for=1h by=dana via=phone note="dana called""#,
            "OK C1 override=OV-1 manager=dana until=2026-06-15T10:00:00Z reasons=MANUAL lapses=2026-06-16T09:00:00Z")
        try admin.expect("CONFIRM OV-1", "ERR FORBIDDEN only a manager confirms an override")
        try manager.expect("CONFIRM OV-1", "OK C1 override=OV-1 confirmed until=2026-06-15T10:00:00Z")
    }

    @Test func override_CoversOnlyTheReasonsItWasGrantedFor() throws {
        let (server, _, clerk, manager) = try Self.desk()
        defer { withExtendedLifetime(server) {} }
        try manager.expect(
            #"OVERRIDE C1 for=1h note="just in case""#,
            "ERR NOT_HELD C1 is not held; name the reasons to pre-approve with reasons=<CODE,…>")
        try manager.expect(
            #"OVERRIDE C1 for=1h reasons=OVER_LIMIT note="big order approved""#,
            "OK C1 override=OV-1 manager=dana until=2026-06-15T10:00:00Z reasons=OVER_LIMIT")
        try clerk.expect("CHECK C1 1500", "OK C1 available=1000.00 exposure=0.00 override=OV-1 held=OVER_LIMIT")
        // A block placed later is a new reason: it holds, and BLOCKED shows no override letting it through.
        try clerk.expect(#"BLOCK C1 reason=FRAUD note="forged cheque""#, "OK C1 blocked reason=FRAUD exposure=0.00")
        try clerk.expect(
            "CHECK C1 1500",
            "HOLD C1 reasons=MANUAL,OVER_LIMIT available=1000.00 exposure=0.00 limit=1000.00 amount=1500.00 block=FRAUD"
        )
        try clerk.expect(
            "CHECK C1 10",
            "HOLD C1 reasons=MANUAL available=1000.00 exposure=0.00 limit=1000.00 amount=10.00 block=FRAUD")
        #expect(
            try clerk.reply("BLOCKED")
                == [
                    "OK *1 blocked",
                    #"blocked customer=C1 name="C1" reasons=MANUAL since=2026-06-15T09:00:00Z exposure=0.00 limit=1000.00 block=FRAUD"#,
                ])
        // An override for the block names it in BLOCKED, and the CHECK it passes says block=.
        try manager.expect(
            #"OVERRIDE C1 for=2h note="cheque verified""#,
            "OK C1 override=OV-2 manager=dana until=2026-06-15T11:00:00Z reasons=MANUAL")
        try clerk.expect("CHECK C1 10", "OK C1 available=1000.00 exposure=0.00 override=OV-2 held=MANUAL block=FRAUD")
        #expect(
            try clerk.reply("BLOCKED")
                == [
                    "OK *1 blocked",
                    #"blocked customer=C1 name="C1" reasons=MANUAL since=2026-06-15T09:00:00Z exposure=0.00 limit=1000.00 block=FRAUD override=OV-2"#,
                ])
    }

    @Test func total_IsSpentByTheOrdersThatPass_AndSurvivesARestart() throws {
        let (server, _, clerk, manager) = try Self.desk()
        try clerk.expect(#"BLOCK C1 reason=FRAUD note="forged cheque""#, "OK C1 blocked reason=FRAUD exposure=0.00")
        try manager.expect(
            #"OVERRIDE C1 for=1d amount=500 total=1000 note="three trucks at most""#,
            "OK C1 override=OV-1 manager=dana until=2026-06-16T09:00:00Z amount=500.00 total=1000.00 reasons=MANUAL")
        let held = "HOLD C1 reasons=MANUAL available=1000.00 exposure=0.00 limit=1000.00 amount=400.00 block=FRAUD"
        try clerk.expect("CHECK C1 400", held)  // a total is spent by orders: none named
        try clerk.expect(
            "CHECK C1 400 order=SO-1", "OK C1 available=1000.00 exposure=0.00 override=OV-1 held=MANUAL block=FRAUD")
        try clerk.expect(
            "CHECK C1 400 order=SO-2",
            "OK C1 available=600.00 exposure=0.00 reserved=400.00 override=OV-1 held=MANUAL block=FRAUD")
        try server.restart()
        let again = try server.connect()
        try again.expect("AUTH admin \(ServerProcess.adminSecret)", "OK admin role=admin")
        try again.expect(Self.clock, "OK clock=2026-06-15T09:00:00Z today=2026-06-15")
        try again.expect(
            "CHECK C1 400 order=SO-3",
            "HOLD C1 reasons=MANUAL,OVER_LIMIT available=200.00 exposure=0.00 reserved=800.00 limit=1000.00 amount=400.00 block=FRAUD"
        )
        try again.expect(
            "CHECK C1 200 order=SO-3",
            "OK C1 available=200.00 exposure=0.00 reserved=800.00 override=OV-1 held=MANUAL block=FRAUD")
        #expect(
            try again.reply("OVERRIDES C1")
                == [
                    "OK *1 overrides",
                    "override OV-1 customer=C1 manager=dana until=2026-06-16T09:00:00Z amount=500.00 total=1000.00 reasons=MANUAL"
                        + " spent=1000.00 exposure=0.00 issued=2026-06-15T09:00:00Z recorded_by=dana",
                ])
    }

    @Test func phoneApproval_AboveThePhoneMaximum_WaitsForConfirmation() throws {
        let (server, _, clerk, manager) = try Self.desk()
        defer { withExtendedLifetime(server) {} }
        try clerk.expect(#"BLOCK C1 reason=FRAUD note="forged cheque""#, "OK C1 blocked reason=FRAUD exposure=0.00")
        try clerk.expect(
            #"OVERRIDE C1 for=3d reasons=MANUAL,OVER_LIMIT by=dana via=phone note="dana phoned at 09:00""#,
            "OK C1 override=OV-1 manager=dana until=2026-06-18T09:00:00Z reasons=MANUAL,OVER_LIMIT lapses=2026-06-16T09:00:00Z"
        )
        try clerk.expect("CHECK C1 1000", "OK C1 available=1000.00 exposure=0.00 override=OV-1 held=MANUAL block=FRAUD")
        try clerk.expect(
            "CHECK C1 1000.01",
            "HOLD C1 reasons=MANUAL,OVER_LIMIT available=1000.00 exposure=0.00 limit=1000.00 amount=1000.01 block=FRAUD"
        )
        #expect(
            try clerk.reply("OVERRIDES")
                == [
                    "OK *1 overrides",
                    "override OV-1 customer=C1 manager=dana until=2026-06-18T09:00:00Z reasons=MANUAL,OVER_LIMIT exposure=0.00"
                        + " issued=2026-06-15T09:00:00Z recorded_by=carla awaiting=dana lapses=2026-06-16T09:00:00Z",
                ])
        try manager.expect("CONFIRM OV-1", "OK C1 override=OV-1 confirmed until=2026-06-18T09:00:00Z")
        try clerk.expect(
            "CHECK C1 5000", "OK C1 available=1000.00 exposure=0.00 override=OV-1 held=MANUAL,OVER_LIMIT block=FRAUD")
        #expect(
            try clerk.reply("OVERRIDES C1")
                == [
                    "OK *1 overrides",
                    "override OV-1 customer=C1 manager=dana until=2026-06-18T09:00:00Z reasons=MANUAL,OVER_LIMIT exposure=0.00"
                        + " issued=2026-06-15T09:00:00Z recorded_by=carla",
                ])
    }

    @Test func managerCeiling_BoundsAmountAndTotal_AlsoByPhone() throws {
        let (server, admin, clerk, _) = try Self.desk()
        try admin.expect(
            "USER ADD pat role=clerk override_max=100", "ERR BAD_VALUE override_max= is for role=manager only")
        let reply = try admin.request("USER ADD vic role=manager override_max=1500")
        #expect(reply.hasPrefix("OK vic role=manager override_max=1500.00 secret="))
        let vic = try server.connect()
        try vic.expect("AUTH vic \(reply.split(separator: "=").last!)", "OK vic role=manager")
        try clerk.expect(#"BLOCK C1 reason=FRAUD note="forged cheque""#, "OK C1 blocked reason=FRAUD exposure=0.00")
        try vic.expect(
            #"OVERRIDE C1 for=1h total=2000 note="n""#,
            "ERR ABOVE_CEILING total=2000.00 is above vic's override ceiling 1500.00")
        try clerk.expect(
            #"OVERRIDE C1 for=1h amount=1600 by=vic via=phone note="vic called""#,
            "ERR ABOVE_CEILING amount=1600.00 is above vic's override ceiling 1500.00")
        try vic.expect(
            #"OVERRIDE C1 for=1h reasons=MANUAL,OVER_LIMIT note="within my ceiling""#,
            "OK C1 override=OV-1 manager=vic until=2026-06-15T10:00:00Z total=1500.00 reasons=MANUAL,OVER_LIMIT")
        try clerk.expect(
            "CHECK C1 1500 order=SO-1",
            "OK C1 available=1000.00 exposure=0.00 override=OV-1 held=MANUAL,OVER_LIMIT block=FRAUD")
        try clerk.expect(
            "CHECK C1 1 order=SO-2",
            "HOLD C1 reasons=MANUAL,OVER_LIMIT available=-500.00 exposure=0.00 reserved=1500.00 limit=1000.00 amount=1.00 block=FRAUD"
        )
        #expect(try admin.reply("USER LIST").contains("user vic role=manager override_max=1500.00"))
    }

    @Test func renewals_AreBounded_AndTheNarrowestOverrideIsSpent() throws {
        let (server, admin, clerk, manager) = try Self.desk()
        defer { withExtendedLifetime(server) {} }
        try clerk.expect(#"BLOCK C1 reason=FRAUD note="forged cheque""#, "OK C1 blocked reason=FRAUD exposure=0.00")
        try manager.expect(
            #"OVERRIDE C1 for=7d note="broad""#,
            "OK C1 override=OV-1 manager=dana until=2026-06-22T09:00:00Z reasons=MANUAL")
        try manager.expect(
            #"OVERRIDE C1 for=7d total=300 note="narrow""#,
            "OK C1 override=OV-2 manager=dana until=2026-06-22T09:00:00Z total=300.00 reasons=MANUAL")
        // The narrow one is spent first; the broad one is kept for what the narrow cannot cover.
        try clerk.expect(
            "CHECK C1 200 order=SO-1", "OK C1 available=1000.00 exposure=0.00 override=OV-2 held=MANUAL block=FRAUD")
        try clerk.expect(
            "CHECK C1 200 order=SO-2",
            "OK C1 available=800.00 exposure=0.00 reserved=200.00 override=OV-1 held=MANUAL block=FRAUD")
        try manager.expect(
            #"OVERRIDE C1 for=7d note="third""#,
            "OK C1 override=OV-3 manager=dana until=2026-06-22T09:00:00Z reasons=MANUAL")
        try manager.expect(
            #"OVERRIDE C1 for=7d note="fourth""#,
            "ERR OVERRIDE_LIMIT C1 had 3 overrides within 30d (at most 3): the hold needs a decision, not another exception"
        )
        try admin.expect("CLOCK SET 2026-07-15T09:00:01Z", "OK clock=2026-07-15T09:00:01Z today=2026-07-15")
        try manager.expect(
            #"OVERRIDE C1 for=1d note="a month later""#,
            "OK C1 override=OV-4 manager=dana until=2026-07-16T09:00:01Z reasons=MANUAL")
        let history = try clerk.reply("HISTORY C1 limit=1")
        #expect(
            history == [
                "OK *1 C1",
                #"history at=2026-07-15T09:00:01Z by=dana action=OVERRIDE override=OV-4 manager=dana until=2026-07-16T09:00:01Z reasons=MANUAL exposure=0.00 note="a month later""#,
            ])
    }
}

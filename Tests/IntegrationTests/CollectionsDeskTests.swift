import Foundation
import Testing

/// Issue 10, items 8–11 over the wire: late charges, contacts and follow-ups,
/// strategic exceptions on the desk, and the credit manager's figures.
@Suite struct CollectionsDeskTests {
    @Test func watch_ShowsAStrategicCustomerPassingWithWarnings_WithTheFigures() throws {  // R-BLK-9
        let (server, admin) = try CollectionsTests.server(at: "2026-06-15")
        defer { withExtendedLifetime(server) {} }
        for line in [
            #"CUSTOMER S1 limit=1000 strategic=yes note="the group's distributor""#,
            "INVOICE S1 I1 50000 date=2026-06-01 due=2026-07-01",
            #"CUSTOMER S2 limit=100000 strategic=yes note="the group's distributor""#,
            "INVOICE S2 I1 900 date=2026-03-01 due=2026-03-31",
        ] {
            try admin.expect(line, startsWith: "OK ")
        }
        try admin.expect("CHECK S1 10", "OK S1 available=-49000.00 exposure=50000.00 warn=OVER_LIMIT")
        try admin.expect("BLOCKED", "OK *0 blocked")
        #expect(
            try admin.reply("WATCH") == [
                "OK *2 watch",
                #"watch customer=S1 name="S1" reason=STRATEGIC warn=OVER_LIMIT exposure=50000.00 limit=1000.00 over=49000.00"#,
                #"watch customer=S2 name="S2" reason=STRATEGIC warn=OVERDUE exposure=900.00 limit=100000.00 over=0.00 overdue_days=76 oldest=I1"#,
            ])
    }

    @Test func contacts_OwnerAndFollowUps_ReachStatusAndTheWorklist_AndTheDeskListsCarryNames() throws {  // R-COL-10
        let (server, admin) = try CollectionsTests.server(at: "2026-06-15")
        _ = try server.user("carla", role: "clerk", via: admin)
        _ = try server.user("pos1", role: "terminal", via: admin)
        try admin.expect(
            #"CUSTOMER K1 name="Kibbutz Dairy" contact="Yossi Levi, CFO" phone=+972-3-5551234 email=yossi@example.co.il owner=carla"#,
            "OK K1 created")
        try admin.expect("CUSTOMER K1 owner=ghost", "ERR UNKNOWN_USER no user ghost to own K1")
        try admin.expect("CUSTOMER K1 owner=pos1", "ERR BAD_VALUE owner= is a collector: pos1 is a terminal")
        try admin.expect("CUSTOMER K1 email=yossi", "ERR BAD_VALUE email= is an address like accounts@example.com")
        try admin.expect(
            "CUSTOMER K1 phone=call-me",
            "ERR BAD_VALUE phone= is digits with + - ( ) . or spaces, at most 32, like +972-3-5551234")
        for line in [
            "INVOICE K1 I1 300 date=2026-06-10", "CUSTOMER K2 owner=admin",
            "INVOICE K2 I1 200 date=2026-04-01 due=2026-05-01",
        ] {
            try admin.expect(line, startsWith: "OK ")
        }
        try admin.expect(
            #"NOTE K1 channel=call note="CFO on leave" follow_up=2026-06-20"#,
            "OK K1 noted channel=call follow_up=2026-06-20")
        try admin.expect(
            #"NOTE K1 channel=call note="late" follow_up=2026-06-14"#,
            "ERR BAD_DATE follow_up=2026-06-14 is in the past")
        try admin.expect(#"CUSTOMER K1 phone="""#, "OK K1 updated")
        #expect(
            try admin.reply("STATUS K1")[1]
                == #"customer K1 name="Kibbutz Dairy" class=B strategic=no limit=10000.00 terms=30 stage=none review=2027-06-15 contact="Yossi Levi, CFO" email="yossi@example.co.il" owner=carla follow_up=2026-06-20"#
        )
        #expect(
            try admin.reply("HISTORY K1").last == #"history at=2026-06-15T09:00:00Z by=admin action=CUSTOMER phone="""#)

        let admin2 = try CollectionsTests.again(server, at: "2026-06-20")
        let due =
            #"work rank=1 customer=K1 name="Kibbutz Dairy" action=FOLLOW_UP amount=300.00 reason="follow-up due 2026-06-20""#
        #expect(
            try admin2.reply("WORKLIST") == [
                "OK *2 worklist", due,
                #"work rank=2 customer=K2 name="K2" action=LETTER amount=200.00 reason="200.00 overdue, 50 days: reminder by letter or e-mail""#,
            ])
        #expect(try admin2.reply("WORKLIST owner=carla") == ["OK *1 worklist", due])
        try admin2.expect("WORKLIST owner=ghost", "ERR UNKNOWN_USER no user ghost")
        #expect(
            try admin2.reply("BLOCKED") == [
                "OK *1 blocked",
                #"blocked customer=K2 name="K2" reasons=OVERDUE since=2026-06-01 exposure=200.00 limit=10000.00 overdue_days=50 oldest=I1"#,
            ])
        #expect(
            try admin2.reply("AGING detail=yes") == [
                "OK *3 aging",
                #"aging customer=K1 name="Kibbutz Dairy" current=300.00 d1_30=0.00 d31_60=0.00 d61_90=0.00 d91_120=0.00 d120_plus=0.00 total=300.00 instruments=0.00 charges=0.00"#,
                #"aging customer=K2 name="K2" current=0.00 d1_30=0.00 d31_60=200.00 d61_90=0.00 d91_120=0.00 d120_plus=0.00 total=200.00 instruments=0.00 charges=0.00"#,
                "aging customer=* current=300.00 d1_30=0.00 d31_60=200.00 d61_90=0.00 d91_120=0.00 d120_plus=0.00 total=500.00 instruments=0.00 charges=0.00",
            ])
        try admin2.expect(#"NOTE K1 channel=call note="paid on Monday, confirmed""#, "OK K1 noted channel=call")
        try admin2.expect("SNAPSHOT", startsWith: "OK ")
        let admin3 = try CollectionsTests.again(server, at: "2026-06-20")
        try admin3.expect("WORKLIST owner=carla", "OK *0 worklist")
        #expect(
            try admin3.reply("STATUS K1")[1]
                == #"customer K1 name="Kibbutz Dairy" class=B strategic=no limit=10000.00 terms=30 stage=none review=2027-06-15 contact="Yossi Levi, CFO" email="yossi@example.co.il" owner=carla"#
        )
        let terminal = try server.user("pos2", role: "terminal", via: admin3)
        #expect(
            try terminal.reply("STATUS K1")[1]
                == #"customer K1 name="Kibbutz Dairy" class=B strategic=no limit=10000.00 terms=30 stage=none review=2027-06-15"#
        )
    }

    @Test func charges_ProposeInterestPerDayAndTheFeeOnce_ChargePostsOne_AndItIsNotProposedAgain() throws {  // R-COL-9
        let (server, admin) = try CollectionsTests.server(at: "2026-06-15")
        for line in [
            "POLICY SET class.B.interest=12 class.B.late_fee=25", "CUSTOMER L1 limit=100000 note=fixture",
            "INVOICE L1 I1 10000 date=2026-02-01 due=2026-03-03", "INVOICE L1 I2 500 date=2026-06-01",
            "INVOICE L1 I3 800 date=2026-03-01 due=2026-04-01", #"DISPUTE L1 I3 note="short delivery""#,
        ] {
            try admin.expect(line, startsWith: "OK ")
        }
        // 10000.00 × 12% × 104 days / 365 = 341.917… → 341.92; the fee once; I2 not due, I3 disputed.
        let first =
            #"charge LC-2-20260615 customer=L1 name="L1" invoice=I1 open=10000.00 due=2026-03-03 from=2026-03-03 to=2026-06-15 days=104 rate=12.00 interest=341.92 fee=25.00 amount=366.92"#
        #expect(try admin.reply("CHARGES L1") == ["OK *1 charges", first])
        #expect(try admin.reply("CHARGES") == ["OK *1 charges", first])
        try admin.expect(
            #"CHARGE L1 LC-2-20260615 400 note="contract §7""#, "ERR BAD_AMOUNT charge LC-2-20260615 is at most 366.92")
        try admin.expect(
            #"CHARGE L1 LC-2-20260616 1 note="contract §7""#,
            "ERR BAD_DATE charge LC-2-20260616 runs to 2026-06-16, after today")
        try admin.expect(
            #"CHARGE L1 LC-9-20260615 1 note="contract §7""#,
            "ERR UNKNOWN_INVOICE L1 has no item charge LC-9-20260615 is for")
        try admin.expect(
            #"CHARGE L1 I1 1 note="contract §7""#, "ERR DUPLICATE_INVOICE invoice I1 of L1 exists with other details")
        let posted =
            "OK L1 charge=LC-2-20260615 invoice=I1 amount=366.92 through=2026-06-15 due=2026-06-15 exposure=11666.92"
        try admin.expect(#"CHARGE L1 LC-2-20260615 366.92 note="contract §7: 12% a year and 25.00""#, posted)
        try admin.expect(#"CHARGE L1 LC-2-20260615 366.92 note="sent twice""#, posted)
        try admin.expect("CHARGES L1", "OK *0 charges")
        #expect(
            try admin.reply("STATUS L1").contains(
                "invoice LC-2-20260615 amount=366.92 open=366.92 date=2026-06-15 due=2026-06-15 days_past_due=0 kind=charge"
            ))

        let admin2 = try CollectionsTests.again(server, at: "2026-06-25")
        let later = try admin2.reply("CHARGES L1")
        #expect(
            later == [
                "OK *1 charges",
                #"charge LC-2-20260625 customer=L1 name="L1" invoice=I1 open=10000.00 due=2026-03-03 from=2026-06-15 to=2026-06-25 days=10 rate=12.00 interest=32.88 fee=0.00 amount=32.88"#,
            ])
        #expect(
            try admin2.reply("AGING L1") == [
                "OK *1 aging",
                "aging customer=L1 current=500.00 d1_30=366.92 d31_60=0.00 d61_90=800.00 d91_120=10000.00 d120_plus=0.00 total=11666.92 instruments=0.00 charges=366.92",
            ])
        #expect(
            try admin2.reply("HISTORY L1 limit=1") == [
                "OK *1 L1",
                #"history at=2026-06-15T09:00:00Z by=admin action=CHARGE charge=LC-2-20260615 invoice=I1 amount=366.92 through=2026-06-15 note="contract §7: 12% a year and 25.00""#,
            ])
        try admin2.expect("SNAPSHOT", startsWith: "OK ")
        let admin3 = try CollectionsTests.again(server, at: "2026-06-25")
        #expect(try admin3.reply("CHARGES L1") == later)
        try admin3.expect(
            #"VOID L1 LC-2-20260615 note="waived: a loyal customer""#, startsWith: "OK L1 invoice=LC-2-20260615 voided")
        #expect(
            try admin3.reply("CHARGES L1") == [
                "OK *1 charges",
                #"charge LC-2-20260625 customer=L1 name="L1" invoice=I1 open=10000.00 due=2026-03-03 from=2026-03-03 to=2026-06-25 days=114 rate=12.00 interest=374.79 fee=25.00 amount=399.79"#,
            ])
        #expect(try admin3.reply("POLICY").contains("policy class.B.interest=12.00"))
    }

    @Test func kpi_GivesDsoByCountback_Cei_TheOverdueShare_Held_AndOverrides_AsExactDecimals() throws {  // R-KPI-1
        let (server, admin) = try CollectionsTests.server(at: "2026-03-15")
        defer { withExtendedLifetime(server) {} }
        func at(_ day: String) throws { try admin.expect("CLOCK SET \(day)T09:00:00Z", startsWith: "OK clock=") }
        for line in [
            "USER ADD dana role=manager", "CUSTOMER K limit=100000 note=fixture", "CUSTOMER V note=fixture",
            "INVOICE K I1 3000 due=2026-04-14",
        ] {
            try admin.expect(line, startsWith: "OK ")
        }
        try at("2026-05-10")
        try admin.expect("INVOICE K I2 6000 due=2026-06-09", startsWith: "OK ")
        try admin.expect("PAY K 2000 ref=P1", "OK K ref=P1 paid=2000.00 settled=I1:2000.00 unapplied=0.00")
        try at("2026-06-20")
        try admin.expect("INVOICE K I3 9000 due=2026-07-20", startsWith: "OK ")
        try at("2026-06-30")
        try admin.expect(#"OVERRIDE K for=1h by=dana via=phone note="truck waiting""#, startsWith: "OK K override=OV-1")
        // Receivables 16000 (9000 not yet due); CEI (3000 + 15000 - 16000) / (3000 + 15000 - 9000) = 22.22%;
        // DSO: June's 31 days (9000), May's 30 (6000), April's 31 (none), then 1000 of March's 3000 over 30 days.
        #expect(
            try admin.reply("KPI from=2026-04-01 to=2026-06-30") == [
                "OK *1 kpi",
                "kpi from=2026-04-01 to=2026-06-30 receivables=16000.00 current=9000.00 overdue=7000.00 sales=15000.00 dso=102.0 cei=22.22 overdue_share=43.75 customers=2 held=1 overrides=1",
            ])
        #expect(
            try admin.reply("KPI from=2026-04-01 to=2026-05-31") == [
                "OK *1 kpi",
                "kpi from=2026-04-01 to=2026-05-31 receivables=7000.00 current=6000.00 overdue=1000.00 sales=6000.00 dso=71.3 cei=66.67 overdue_share=14.29 customers=2 held=1 overrides=0",
            ])
        try admin.expect("KPI to=2026-07-01", "ERR BAD_DATE to=2026-07-01 is after today (2026-06-30)")
        try admin.expect("KPI from=2026-06-01 to=2026-05-01", "ERR BAD_DATE from=2026-06-01 is after to=2026-05-01")
        #expect(try admin.reply("KPI")[1].hasPrefix("kpi from=2026-04-02 to=2026-06-30 receivables=16000.00 "))
    }

    /// A snapshot written by the server before version 6 (Tests/Fixtures/snapshot-v5: made with
    /// commit 16553f4's creditgated) still loads; the next snapshot is version 6 and keeps the new fields.
    @Test func aVersion5Snapshot_StillLoads_AndTheNextSnapshotKeepsTheNewFields() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("creditgate-v5-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        let fixture = ImportTests.repositoryRoot.appendingPathComponent("Tests/Fixtures/snapshot-v5").path
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture) {
            try FileManager.default.copyItem(atPath: fixture + "/" + name, toPath: folder + "/data/" + name)
        }
        let server = try ServerProcess(["--test-clock"], directory: folder)
        defer { _ = server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CLOCK SET 2026-06-15T09:00:00Z", "OK clock=2026-06-15T09:00:00Z today=2026-06-15")
        let status = [
            #"customer V5 name="Старият клиент" class=B strategic=no limit=20000.00 terms=eom+30 stage=none review=2027-06-15"#,
            "credit state=HOLD exposure=1300.00 available=18700.00 open=1000.00 unapplied=0.00 instruments=300.00 guarantees=0.00 reserved=0.00 reasons=OVERDUE overdue_days=46 oldest=I1",
            "invoice I1 amount=1000.00 open=500.00 date=2026-03-10 due=2026-04-30 days_past_due=46",
            "invoice I2 amount=500.00 open=500.00 date=2026-06-01 due=2026-07-30 days_past_due=0 disputed=2026-06-15T09:00:00Z",
            "instrument Q1 amount=300.00 due=2026-07-01 state=pending",
            "payment P1 amount=200.00 at=2026-06-15T09:00:00Z by=admin",
        ]
        #expect(try admin.reply("STATUS V5") == ["OK *6 V5"] + status)
        let policy = try admin.reply("POLICY")
        #expect(policy.contains("policy class.C.grace=15") && policy.contains("policy class.C.interest=0.00"))
        try admin.expect("CUSTOMER V5 owner=carla phone=+359-2-123456", "OK V5 updated")
        try admin.expect("SNAPSHOT", startsWith: "OK ")
        try server.restart()
        let again = try server.admin()
        try again.expect("CLOCK SET 2026-06-15T09:00:00Z", "OK clock=2026-06-15T09:00:00Z today=2026-06-15")
        #expect(
            try again.reply("STATUS V5") == ["OK *6 V5", status[0] + #" phone="+359-2-123456" owner=carla"#]
                + status.dropFirst())
    }
}

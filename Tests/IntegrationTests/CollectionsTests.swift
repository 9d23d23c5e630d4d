import Testing

/// Issue 10 over the wire: collections that add up — disputes keep their age,
/// the worklist chases what it should, promises, small debts and instruments.
@Suite struct CollectionsTests {
    static func server(at clock: String) throws -> (ServerProcess, TestClient) {
        let server = try ServerProcess(["--test-clock"])
        let admin = try server.admin()
        try admin.expect("CLOCK SET \(clock)T09:00:00Z", "OK clock=\(clock)T09:00:00Z today=\(clock)")
        return (server, admin)
    }

    static func again(_ server: ServerProcess, at clock: String) throws -> TestClient {
        try server.restart()
        let admin = try server.admin()
        try admin.expect("CLOCK SET \(clock)T09:00:00Z", "OK clock=\(clock)T09:00:00Z today=\(clock)")
        return admin
    }

    @Test func resolve_KeepsTheAge_AndTheItemIsDueAtOnce_OrAfterDisputePayDays() throws {  // R-COL-5
        let (server, admin) = try Self.server(at: "2026-01-01")
        for line in [
            "CUSTOMER R1 limit=100000 note=fixture", "CUSTOMER R2 limit=100000 note=fixture",
            "INVOICE R1 I1 500 date=2025-08-01 due=2025-09-01", "INVOICE R2 I1 500 date=2025-08-01 due=2025-09-01",
        ] {
            try admin.expect(line, startsWith: "OK ")
        }
        try admin.expect(
            #"DISPUTE R1 I1 note="short delivery""#, "OK R1 invoice=I1 disputed open=500.00 due=2025-09-01")
        try admin.expect(
            #"DISPUTE R2 I1 note="short delivery""#, "OK R2 invoice=I1 disputed open=500.00 due=2025-09-01")
        let admin2 = try Self.again(server, at: "2026-01-01")  // 122 days past due
        try admin2.expect("CHECK R1 10", "OK R1 available=99500.00 exposure=500.00")
        try admin2.expect(
            #"RESOLVE R1 I1 note="credit note agreed""#, "OK R1 invoice=I1 resolved open=500.00 due=2025-09-01")
        try admin2.expect(
            "CHECK R1 10",
            "HOLD R1 reasons=OVERDUE available=99500.00 exposure=500.00 limit=100000.00 amount=10.00 overdue_days=122 oldest=I1"
        )
        #expect(
            try admin2.reply("AGING R1") == [
                "OK *1 aging",
                "aging customer=R1 current=0.00 d1_30=0.00 d31_60=0.00 d61_90=0.00 d91_120=0.00 d120_plus=500.00 total=500.00 instruments=0.00 charges=0.00",
            ])
        try admin2.expect("POLICY SET dispute.pay_days=7", "OK policy dispute.pay_days=7")
        try admin2.expect(
            #"RESOLVE R2 I1 note="credit note agreed""#, "OK R2 invoice=I1 resolved open=500.00 due=2025-09-01")
        try admin2.expect("CHECK R2 10", "OK R2 available=99500.00 exposure=500.00")
        let admin3 = try Self.again(server, at: "2026-01-08")  // resolution + 7 days
        try admin3.expect(
            "CHECK R2 10",
            "HOLD R2 reasons=OVERDUE available=99500.00 exposure=500.00 limit=100000.00 amount=10.00 overdue_days=129 oldest=I1"
        )
        #expect(
            try admin3.reply("AGING R2") == [
                "OK *1 aging",
                "aging customer=R2 current=0.00 d1_30=0.00 d31_60=0.00 d61_90=0.00 d91_120=0.00 d120_plus=500.00 total=500.00 instruments=0.00 charges=0.00",
            ])
    }

    // R-COL-3, R-COL-6, R-COL-7
    @Test func worklist_SparesKeptPlansAndResidues_HandsOverPast120Days_OneActionPerCustomer() throws {
        let (server, admin) = try Self.server(at: "2026-06-01")
        let setup = [
            "CUSTOMER PLANK limit=100000 note=fixture", "INVOICE PLANK K1 1000 date=2026-01-01 due=2026-02-01",
            #"PLAN PLANK total=1000 instalments=10 every=30d first=2026-06-15 note="ten months""#,
            "PAY PLANK 100 ref=K-P1",
            "CUSTOMER PLANM limit=100000 note=fixture", "INVOICE PLANM M1 1000 date=2026-01-01 due=2026-02-01",
            #"PLAN PLANM total=1000 instalments=10 every=30d first=2026-06-15 note="ten months""#,
            "CUSTOMER RESID limit=100000 note=fixture", "INVOICE RESID R1 100 date=2025-12-01 due=2026-01-01",
            "PAY RESID 99.50 ref=R-P1",
            "CUSTOMER LATE limit=100000 note=fixture", "INVOICE LATE L1 500 date=2026-01-01 due=2026-01-29",
            "CUSTOMER OLD limit=100000 note=fixture", "INVOICE OLD O1 90 date=2026-02-01 due=2026-03-20",
            "CUSTOMER MULTI limit=100000 note=fixture", "INVOICE MULTI U1 2500 date=2026-04-01 due=2026-05-01",
            #"PROMISE MULTI 100 by=2026-06-10 note="a first part""#,
        ]
        for line in setup { try admin.expect(line, startsWith: "OK ") }
        let expected = [
            "OK *4 worklist",
            #"work rank=1 customer=LATE name="LATE" action=AGENCY amount=500.00 reason="invoice L1 due 2026-01-29, 153 days past due: hand over now""#,
            #"work rank=2 customer=OLD name="OLD" action=AGENCY amount=90.00 reason="103 days past due: to the agency before 120 days""#,
            #"work rank=3 customer=MULTI name="MULTI" action=CALL amount=100.00 reason="promise of 100.00 by 2026-06-10 broken""#,
            #"work rank=4 customer=PLANM name="PLANM" action=CALL amount=100.00 reason="PLAN_DEFAULT: payment plan instalment missed: 100.00 in arrears""#,
        ]
        try admin.expect("CLOCK SET 2026-07-01T09:00:00Z", "OK clock=2026-07-01T09:00:00Z today=2026-07-01")
        #expect(try admin.reply("WORKLIST") == expected)
        #expect(try Self.again(server, at: "2026-07-01").reply("WORKLIST") == expected)
    }

    @Test func onePayment_KeepsOnePromise_TheSecondIsBrokenWhenItsDayPasses() throws {  // R-UNB-6
        let (server, admin) = try Self.server(at: "2026-01-01")
        for line in [
            "CUSTOMER P1 limit=100000 note=fixture", "INVOICE P1 I1 5000 date=2026-01-01 due=2026-03-01",
            #"PROMISE P1 1000 by=2026-01-02 note="first half""#, #"PROMISE P1 1000 by=2026-01-09 note="second half""#,
            "PAY P1 1000 ref=R1",
        ] {
            try admin.expect(line, startsWith: "OK ")
        }
        let admin2 = try Self.again(server, at: "2026-01-10")
        try admin2.expect(
            "CHECK P1 10",
            "HOLD P1 reasons=BROKEN_PROMISE available=96000.00 exposure=4000.00 limit=100000.00 amount=10.00")
        #expect(
            try admin2.reply("STATUS P1").filter { $0.hasPrefix("promise ") }
                == [#"promise amount=1000.00 by=2026-01-09 state=broken note="second half""#])
        try admin2.expect("PAY P1 1000 ref=R2", "OK P1 ref=R2 paid=1000.00 settled=I1:1000.00 unapplied=0.00")
        try admin2.expect("CHECK P1 10", "OK P1 available=97000.00 exposure=3000.00")
    }

    @Test func smallDebts_AddUp_SixtyInvoicesOf4_99_122DaysPastDueHold() throws {  // R-BLK-8
        let (server, admin) = try Self.server(at: "2026-05-12")
        var lines = [
            "CUSTOMER SMALL limit=100000 note=fixture", "CUSTOMER DUST limit=100000 note=fixture",
            "INVOICE DUST D1 100 date=2025-12-01 due=2026-01-10", "PAY DUST 99.50 ref=D-P1",
        ]
        lines += (1...60).map { "INVOICE SMALL S\($0) 4.99 date=2025-12-01 due=2026-01-10" }
        #expect(try admin.send(batch: lines).allSatisfy { $0[0].hasPrefix("OK ") })
        let admin2 = try Self.again(server, at: "2026-05-12")
        try admin2.expect(
            "CHECK SMALL 10",
            "HOLD SMALL reasons=OVERDUE available=99700.60 exposure=299.40 limit=100000.00 amount=10.00 overdue_days=122 oldest=S1"
        )
        try admin2.expect("CHECK DUST 10", "OK DUST available=99999.50 exposure=0.50")
        try admin2.expect("POLICY SET class.b.minimum_overdue=299.41", "OK policy class.b.minimum_overdue=299.41")
        try admin2.expect("CHECK SMALL 10", "OK SMALL available=99700.60 exposure=299.40")
    }

    @Test func instruments_DueTooFarAheadAreRefused_AndAgingShowsThoseInHand() throws {  // R-UNB-2
        let (server, admin) = try Self.server(at: "2026-01-01")
        for line in ["CUSTOMER Q1 limit=100000 note=fixture", "INVOICE Q1 I1 1000 date=2025-08-01 due=2025-09-01"] {
            try admin.expect(line, startsWith: "OK ")
        }
        try admin.expect(
            "INSTRUMENT Q1 CHQ-FAR 600 due=2036-01-01",
            "ERR BAD_DATE due=2036-01-01 is more than instrument.max_days (120) days ahead: the latest accepted today is 2026-05-01"
        )
        try admin.expect(
            "CHECK Q1 10",
            "HOLD Q1 reasons=OVERDUE available=99000.00 exposure=1000.00 limit=100000.00 amount=10.00 overdue_days=122 oldest=I1"
        )
        try admin.expect(
            "INSTRUMENT Q1 CHQ-1 600 due=2026-05-01",
            "OK Q1 instrument=CHQ-1 amount=600.00 due=2026-05-01 state=pending settled=I1:600.00 exposure=1000.00")
        let admin2 = try Self.again(server, at: "2026-01-01")
        #expect(
            try admin2.reply("AGING Q1") == [
                "OK *1 aging",
                "aging customer=Q1 current=0.00 d1_30=0.00 d31_60=0.00 d61_90=0.00 d91_120=0.00 d120_plus=400.00 total=400.00 instruments=600.00 charges=0.00",
            ])
        try admin2.expect(
            "CLEARED CHQ-1",
            "OK Q1 instrument=CHQ-1 amount=600.00 due=2026-05-01 state=cleared settled=I1:600.00 exposure=400.00")
        #expect(
            try admin2.reply("AGING") == [
                "OK *1 aging",
                "aging customer=* current=0.00 d1_30=0.00 d31_60=0.00 d61_90=0.00 d91_120=0.00 d120_plus=400.00 total=400.00 instruments=0.00 charges=0.00",
            ])
        try admin2.expect("POLICY SET instrument.max_days=3650", "OK policy instrument.max_days=3650")
        try admin2.expect("INSTRUMENT Q1 CHQ-FAR 400 due=2035-12-01", startsWith: "OK Q1 instrument=CHQ-FAR")
    }

    @Test func endOfMonthTerms_SetTheDueDate_AndStatusShowsThem_AcrossASnapshotAndRestart() throws {  // R-COL-4
        let (server, admin) = try Self.server(at: "2026-02-10")
        try admin.expect("CUSTOMER E1 terms=eom+30 note=fixture", "OK E1 created")
        try admin.expect("CUSTOMER E2 class=C note=fixture", "OK E2 created")
        try admin.expect(
            "CUSTOMER E3 terms=eom+x note=fixture",
            "ERR BAD_VALUE terms= must be days from 0 to 3650, eom or eom+<days>")
        try admin.expect("POLICY SET class.c.terms=eom", "OK policy class.c.terms=eom")
        try admin.expect(
            "POLICY SET class.c.terms=eom-1",
            "ERR BAD_VALUE class.c.terms must be days from 0 to 3650, eom or eom+<days>")
        try admin.expect(
            "INVOICE E1 I1 100 date=2026-02-10",
            "OK E1 invoice=I1 amount=100.00 open=100.00 due=2026-03-30 exposure=100.00")
        try admin.expect(
            "INVOICE E2 I1 100 date=2026-02-10",
            "OK E2 invoice=I1 amount=100.00 open=100.00 due=2026-02-28 exposure=100.00")
        try admin.expect("SNAPSHOT", startsWith: "OK ")
        try admin.expect(
            "INVOICE E1 I2 100 date=2026-12-31",
            "OK E1 invoice=I2 amount=100.00 open=100.00 due=2027-01-30 exposure=200.00")
        let admin2 = try Self.again(server, at: "2026-02-10")
        #expect(
            try admin2.reply("STATUS E1")[1]
                == #"customer E1 name="E1" class=B strategic=no limit=10000.00 terms=eom+30 stage=none review=2027-02-10"#
        )
        #expect(
            try admin2.reply("STATUS E2")[1]
                == #"customer E2 name="E2" class=C strategic=no limit=2000.00 terms=eom stage=none review=2026-08-10"#)
        #expect(try admin2.reply("POLICY").contains("policy class.C.terms=eom"))
        try admin2.expect(
            "INVOICE E2 I2 50 date=2026-04-15",
            "OK E2 invoice=I2 amount=50.00 open=50.00 due=2026-04-30 exposure=150.00")
    }

    @Test func void_RemovesAWrongInvoice_ReturnsItsPaymentToCredit_AndTheIdIsUsedAgain() throws {
        let (server, admin) = try Self.server(at: "2026-06-15")
        for line in [
            "CUSTOMER V1 limit=100000 note=fixture",
            "INVOICE V1 I1 1000 date=2026-01-06 due=2026-02-05",  // day and month swapped: 06-01
            "INVOICE V1 I2 500 date=2026-06-01 due=2026-07-01", "PAY V1 300 ref=P1 invoice=I1",
        ] {
            try admin.expect(line, startsWith: "OK ")
        }
        try admin.expect(
            "CHECK V1 10",
            "HOLD V1 reasons=OVERDUE available=98800.00 exposure=1200.00 limit=100000.00 amount=10.00 overdue_days=130 oldest=I1"
        )
        try admin.expect(
            "INVOICE V1 I1 1000 date=2026-06-01 due=2026-07-01",
            "ERR DUPLICATE_INVOICE invoice I1 of V1 exists with other details")
        try admin.expect(
            #"VOID V1 I1 note="day and month swapped in the import""#,
            "OK V1 invoice=I1 voided amount=1000.00 returned=300.00 exposure=200.00")
        try admin.expect("CHECK V1 10", "OK V1 available=99800.00 exposure=200.00")
        try admin.expect(#"VOID V1 I1 note="twice""#, "ERR UNKNOWN_INVOICE V1 has no invoice I1")
        let admin2 = try Self.again(server, at: "2026-06-15")
        try admin2.expect(
            "INVOICE V1 I1 1000 date=2026-06-01 due=2026-07-01",
            "OK V1 invoice=I1 amount=1000.00 open=1000.00 due=2026-07-01 exposure=1200.00")
        #expect(
            try admin2.reply("AGING V1") == [
                "OK *1 aging",
                "aging customer=V1 current=1200.00 d1_30=0.00 d31_60=0.00 d61_90=0.00 d91_120=0.00 d120_plus=0.00 total=1200.00 instruments=0.00 charges=0.00",
            ])
        let history = try admin2.reply("HISTORY V1").filter {
            $0.contains("action=INVOICE invoice=I1") || $0.contains("action=VOID")
        }
        #expect(
            history == [
                "history at=2026-06-15T09:00:00Z by=admin action=INVOICE invoice=I1 amount=1000.00 date=2026-01-06 due=2026-02-05",
                #"history at=2026-06-15T09:00:00Z by=admin action=VOID invoice=I1 amount=1000.00 returned=300.00 note="day and month swapped in the import""#,
                "history at=2026-06-15T09:00:00Z by=admin action=INVOICE invoice=I1 amount=1000.00 date=2026-06-01 due=2026-07-01",
            ])
        try admin2.expect("SNAPSHOT", startsWith: "OK ")
        let admin3 = try Self.again(server, at: "2026-06-15")
        try admin3.expect("CHECK V1 10", "OK V1 available=98800.00 exposure=1200.00")
    }
}

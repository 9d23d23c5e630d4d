import Testing

/// One customer's life, as the seeds tell it, over TCP against the real
/// binary with a test clock: invoices, time passing, the overdue hold, a
/// promise that is broken, a manager's phone override, part payment and
/// post-dated cheques, a bounced cheque, a payment plan that falls behind,
/// and the hand-over to a collection agency — every CHECK answer asserted
/// whole, and the end state the same after a SIGKILL and restart.
@Suite struct CustomerLifeTests {
    @Test func customerLife_FromFirstInvoiceToTheAgency_SurvivesARestart() throws {
        let server = try ServerProcess(["--test-clock"])
        let admin = try server.admin()
        let clerk = try server.user("carla", role: "clerk", via: admin)
        let manager = try server.user("dana", role: "manager", via: admin)
        let terminal = try server.user("pos1", role: "terminal", via: admin)
        func clock(_ instant: String) throws {
            try admin.expect("CLOCK SET \(instant)", "OK clock=\(instant) today=\(instant.prefix(10))")
        }
        func check(_ expected: String, amount: String = "500", sourceLocation: SourceLocation = #_sourceLocation) throws
        {
            try terminal.expect("CHECK C7 \(amount)", expected, sourceLocation: sourceLocation)
        }

        // A new customer of class B: limit 10000, net 30, and two invoices.
        try clock("2026-01-05T09:00:00Z")
        try clerk.expect(#"CUSTOMER C7 name="Galil Hardware" limit=10000 terms=30 class=B"#, "OK C7 created")
        try clerk.expect(
            "INVOICE C7 I1 3000",
            "OK C7 invoice=I1 amount=3000.00 open=3000.00 due=2026-02-04 exposure=3000.00")
        try clock("2026-01-20T09:00:00Z")
        try clerk.expect(
            "INVOICE C7 I2 2000",
            "OK C7 invoice=I2 amount=2000.00 open=2000.00 due=2026-02-19 exposure=5000.00")
        try check("OK C7 available=5000.00 exposure=5000.00")

        // Past due, but within the 30 days of grace: still supplied.
        try clock("2026-02-20T09:00:00Z")
        try check("OK C7 available=5000.00 exposure=5000.00")

        // 34 days past due: the automatic hold (R-BLK-3).
        try clock("2026-03-10T09:00:00Z")
        let overdue = "HOLD C7 reasons=OVERDUE available=5000.00 exposure=5000.00 limit=10000.00 amount=500.00"
        try check(overdue + " overdue_days=34 oldest=I1")

        // A promise to pay is recorded but lifts nothing (R-UNB-6).
        try clerk.expect(
            #"PROMISE C7 3000 by=2026-03-20 note="owner promised a transfer on the 20th""#,
            "OK C7 promise amount=3000.00 by=2026-03-20")
        try check(overdue + " overdue_days=34 oldest=I1")

        // The date passes without the money: the promise is broken and holds too.
        try clock("2026-03-23T09:00:00Z")
        try check(
            "HOLD C7 reasons=OVERDUE,BROKEN_PROMISE available=5000.00 exposure=5000.00 limit=10000.00 amount=500.00"
                + " overdue_days=47 oldest=I1")

        // The manager approves a shipment by phone; the clerk records it in her name (R-OVR-6).
        try clerk.expect(
            #"OVERRIDE C7 for=2d amount=1000 by=dana via=phone note="dana phoned carla 09:05: ship the spare parts, up to 1000""#,
            "OK C7 override=OV-1 manager=dana until=2026-03-25T09:00:00Z amount=1000.00 reasons=OVERDUE,BROKEN_PROMISE lapses=2026-03-24T09:00:00Z"
        )
        try check(
            "OK C7 available=5000.00 exposure=5000.00 override=OV-1 held=OVERDUE,BROKEN_PROMISE overdue_days=47 oldest=I1"
        )
        try check(
            "HOLD C7 reasons=OVERDUE,BROKEN_PROMISE available=5000.00 exposure=5000.00 limit=10000.00 amount=1500.00"
                + " overdue_days=47 oldest=I1", amount: "1500")  // more than the override allows
        try manager.expect("CONFIRM OV-1", "OK C7 override=OV-1 confirmed until=2026-03-25T09:00:00Z")

        // Past the phone window: confirmed, so it still lets the truck through.
        try clock("2026-03-24T10:00:00Z")
        try check(
            "OK C7 available=5000.00 exposure=5000.00 override=OV-1 held=OVERDUE,BROKEN_PROMISE overdue_days=48 oldest=I1"
        )

        // A part payment and post-dated cheques (R-UNB-2).
        try clerk.expect("PAY C7 1000 ref=BANK-1", "OK C7 ref=BANK-1 paid=1000.00 settled=I1:1000.00 unapplied=0.00")
        try check(
            "OK C7 available=6000.00 exposure=4000.00 override=OV-1 held=OVERDUE,BROKEN_PROMISE overdue_days=48 oldest=I1"
        )
        try clerk.expect(
            "INSTRUMENT C7 CHQ-1 2000 due=2026-04-15",
            "OK C7 instrument=CHQ-1 amount=2000.00 due=2026-04-15 state=pending settled=I1:2000.00 exposure=4000.00")
        // I1 is settled and the promised 3000 has arrived; I2 is now the oldest, 33 days past due.
        try check("OK C7 available=6000.00 exposure=4000.00 override=OV-1 held=OVERDUE overdue_days=33 oldest=I2")
        try clerk.expect(
            "INSTRUMENT C7 CHQ-2 2000 due=2026-05-15",
            "OK C7 instrument=CHQ-2 amount=2000.00 due=2026-05-15 state=pending settled=I2:2000.00 exposure=4000.00")
        // The hold lifts by itself; the cheques stay in exposure until they clear.
        try check("OK C7 available=6000.00 exposure=4000.00")

        // The first cheque bounces: its invoice is open again and the customer is held.
        try clock("2026-04-16T09:00:00Z")
        try clerk.expect(
            "BOUNCED CHQ-1",
            "OK C7 instrument=CHQ-1 amount=2000.00 due=2026-04-15 state=bounced settled=I1:2000.00 exposure=4000.00")
        try check(
            "HOLD C7 reasons=OVERDUE,BOUNCED available=6000.00 exposure=4000.00 limit=10000.00 amount=500.00"
                + " overdue_days=71 oldest=I1")

        // A payment plan for the reopened debt (R-COL-6): I1 is no longer overdue while it is kept,
        // but the bounced cheque holds until its invoice is paid again.
        try clerk.expect(
            #"PLAN C7 total=2000 instalments=4 every=30d first=2026-05-01 note="agreed in writing with the owner""#,
            "OK C7 plan total=2000.00 instalments=4 every=30d first=2026-05-01 last=2026-07-30")
        try check("HOLD C7 reasons=BOUNCED available=6000.00 exposure=4000.00 limit=10000.00 amount=500.00")
        try admin.expect("SNAPSHOT", startsWith: "OK snapshot ")

        // The first instalment is paid on its day; the second cheque clears.
        try clock("2026-05-01T09:00:00Z")
        try clerk.expect("PAY C7 500 ref=BANK-2", "OK C7 ref=BANK-2 paid=500.00 settled=I1:500.00 unapplied=0.00")
        try check("HOLD C7 reasons=BOUNCED available=6500.00 exposure=3500.00 limit=10000.00 amount=500.00")
        try clock("2026-05-16T09:00:00Z")
        try clerk.expect(
            "CLEARED CHQ-2",
            "OK C7 instrument=CHQ-2 amount=2000.00 due=2026-05-15 state=cleared settled=I2:2000.00 exposure=1500.00")
        try check("HOLD C7 reasons=BOUNCED available=8500.00 exposure=1500.00 limit=10000.00 amount=500.00")

        // The second instalment (2026-05-31) is missed: the plan is in default and I1 counts again.
        try clock("2026-06-01T09:00:00Z")
        try check(
            "HOLD C7 reasons=OVERDUE,BOUNCED,PLAN_DEFAULT available=8500.00 exposure=1500.00 limit=10000.00 amount=500.00"
                + " overdue_days=117 oldest=I1")

        // Handed to the collection agency before 120 days (R-COL-7).
        try clerk.expect(#"STAGE C7 agency note="handed to Collect Ltd, file 2026/118""#, "OK C7 stage=agency")
        let final =
            "HOLD C7 reasons=OVERDUE,BOUNCED,PLAN_DEFAULT,AGENCY available=8500.00 exposure=1500.00"
            + " limit=10000.00 amount=500.00 overdue_days=117 oldest=I1"
        try check(final)
        let status = [
            "OK *7 C7",
            #"customer C7 name="Galil Hardware" class=B strategic=no limit=10000.00 terms=30 stage=agency review=2027-01-05"#,
            "credit state=HOLD exposure=1500.00 available=8500.00 open=1500.00 unapplied=0.00 instruments=0.00"
                + " guarantees=0.00 reserved=0.00 reasons=OVERDUE,BOUNCED,PLAN_DEFAULT,AGENCY overdue_days=117 oldest=I1",
            "invoice I1 amount=3000.00 open=1500.00 date=2026-01-05 due=2026-02-04 days_past_due=117 plan=yes",
            "instrument CHQ-1 amount=2000.00 due=2026-04-15 state=bounced",
            "plan total=2000.00 instalments=4 every=30d first=2026-05-01 due_to_date=1000.00 paid=500.00 arrears=yes",
            "payment BANK-1 amount=1000.00 at=2026-03-24T10:00:00Z by=carla",
            "payment BANK-2 amount=500.00 at=2026-05-01T09:00:00Z by=carla",
        ]
        #expect(try terminal.reply("STATUS C7") == status)

        // SIGKILL and restart: the same answers from the snapshot and the journal.
        try server.restart()
        let admin2 = try server.admin()
        try admin2.expect("CLOCK SET 2026-06-01T09:00:00Z", "OK clock=2026-06-01T09:00:00Z today=2026-06-01")
        let terminal2 = try server.connect()
        try terminal2.expect("CHECK C7 500", final)
        #expect(try admin2.reply("STATUS C7") == status)
    }
}

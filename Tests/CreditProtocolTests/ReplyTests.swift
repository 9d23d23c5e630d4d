import CreditCore
import CreditProtocol
import Testing

/// Whole reply lines, byte for byte (beanstalkd's `ckresp`).
@Suite struct ReplyTests {
    /// C1: limit 100, 150 open since 2026-01-10 (50 days past due on 2026-03-01), blocked for FRAUD.
    static func heldEveryWay() throws -> Books {
        var desk = Books()
        try desk.run("CUSTOMER C1 limit=100")
        try desk.run("INVOICE C1 I1 150 date=2026-01-01 due=2026-01-10")
        try desk.run(#"BLOCK C1 reason=FRAUD note="cheque forged""#)
        return desk
    }

    @Test func checkOK_ShowsAvailableAndExposure() throws {
        var desk = Books()
        try desk.run("CUSTOMER C1 limit=1000")
        try desk.run("INVOICE C1 I1 300")
        #expect(desk.reply("CHECK C1 100", as: Books.terminal) == "OK C1 available=700.00 exposure=300.00\n")
        #expect(desk.reply("CHECK C1", as: Books.terminal) == "OK C1 available=700.00 exposure=300.00\n")
    }

    @Test func hold_NamesEveryReason_WithItsFigures() throws {  // R-BLK-5
        var desk = try Self.heldEveryWay()
        #expect(
            desk.reply("CHECK C1 10", as: Books.terminal)
                == "HOLD C1 reasons=MANUAL,OVER_LIMIT,OVERDUE available=-50.00 exposure=150.00 limit=100.00 amount=10.00"
                + " block=FRAUD overdue_days=50 oldest=I1\n")
    }

    @Test func hold_ForOneReason() throws {
        var desk = Books()
        try desk.run("CUSTOMER C1 limit=100")
        try desk.run("INVOICE C1 I1 60")
        #expect(
            desk.reply("CHECK C1 40.01", as: Books.terminal)
                == "HOLD C1 reasons=OVER_LIMIT available=40.00 exposure=60.00 limit=100.00 amount=40.01\n")
    }

    @Test func overridePass_SaysWhichOverrideAndWhatItHeld() throws {  // R-OVR-1
        var desk = try Self.heldEveryWay()
        #expect(
            desk.reply(#"OVERRIDE C1 for=2h note="CEO's call""#, as: Books.manager)
                == "OK C1 override=OV-1 manager=dana until=2026-03-01T11:00:00Z reasons=MANUAL,OVER_LIMIT,OVERDUE\n")
        // A block let through still names its reason, as a HOLD would.
        #expect(
            desk.reply("CHECK C1 10", as: Books.terminal)
                == "OK C1 available=-50.00 exposure=150.00 override=OV-1 held=MANUAL,OVER_LIMIT,OVERDUE block=FRAUD"
                + " overdue_days=50 oldest=I1\n")
        try desk.run("CUSTOMER C2")
        try desk.run(#"BLOCK C2 reason=LEGAL note="x""#)
        try desk.run(#"OVERRIDE C2 for=30m amount=500 order=SO-9 uses=1 note="x""#, as: Books.manager)
        #expect(
            desk.reply("CHECK C2 500 order=SO-9", as: Books.terminal)
                == "OK C2 available=10000.00 exposure=0.00 override=OV-2 held=MANUAL block=LEGAL\n")
    }

    @Test func strategicCustomer_IsWarned() throws {  // R-BLK-7
        var desk = Books()
        try desk.run(#"CUSTOMER S1 limit=100 strategic=yes note="group company""#, as: Books.manager)
        try desk.run("INVOICE S1 I1 150 date=2026-01-01 due=2026-01-10")
        #expect(
            desk.reply("CHECK S1 10", as: Books.terminal)
                == "OK S1 available=-50.00 exposure=150.00 warn=OVER_LIMIT,OVERDUE overdue_days=50 oldest=I1\n")
        try desk.run(#"BLOCK S1 reason=LEGAL note="court""#)
        #expect(
            desk.reply("CHECK S1", as: Books.terminal)
                == "HOLD S1 reasons=MANUAL available=-50.00 exposure=150.00 limit=100.00 amount=0.00 block=LEGAL"
                + " warn=OVER_LIMIT,OVERDUE overdue_days=50 oldest=I1\n")
    }

    @Test func changes_AnswerOneOKLine() throws {
        var desk = Books()
        #expect(desk.reply(#"CUSTOMER C1 name="Acme" limit=1000"#) == "OK C1 created\n")
        #expect(desk.reply("CUSTOMER C1 limit=1000") == "OK C1 unchanged\n")
        #expect(
            desk.reply("CUSTOMER C1 terms=45")
                == "ERR APPROVAL_REQUIRED raising terms of C1 needs a manager's approval:"
                + " send REQUEST C1 … note=\"…\" for a manager to APPROVE\n")
        #expect(
            desk.reply("CUSTOMER C1 terms=45", as: Books.manager)
                == "ERR NOTE_REQUIRED raising terms needs a written note=\n")
        #expect(
            desk.reply(#"CUSTOMER C1 terms=45 note="agreed in the contract""#, as: Books.manager) == "OK C1 updated\n")
        #expect(desk.reply("CUSTOMER C1 terms=30") == "OK C1 updated\n")  // lowering stays a clerk's
        #expect(desk.reply(#"REQUEST C1 terms=45 note="contract""#) == "OK C1 request=RQ-1 pending\n")
        #expect(desk.reply(#"APPROVE RQ-1 note="ok""#, as: Books.manager) == "OK C1 request=RQ-1 approved\n")
        #expect(
            desk.reply("INVOICE C1 I1 150 date=2026-02-01")
                == "OK C1 invoice=I1 amount=150.00 open=150.00 due=2026-03-18 exposure=150.00\n")
        #expect(
            desk.reply("INVOICE C1 I2 10 date=2026-02-02 due=2026-02-10 order=SO-1")
                == "OK C1 invoice=I2 amount=10.00 open=10.00 due=2026-02-10 exposure=160.00\n")
        #expect(desk.reply("PAY C1 60 ref=R1") == "OK C1 ref=R1 paid=60.00 settled=I2:10.00,I1:50.00 unapplied=0.00\n")
        #expect(desk.reply("PAY C1 60 ref=R1") == "OK C1 ref=R1 paid=60.00 settled=I2:10.00,I1:50.00 unapplied=0.00\n")
        #expect(
            desk.reply("PAY C1 200 ref=R2 invoice=I1")
                == "OK C1 ref=R2 paid=200.00 settled=I1:100.00 unapplied=100.00\n")
        #expect(desk.reply("PAY C1 5 ref=R3") == "OK C1 ref=R3 paid=5.00 settled=- unapplied=5.00\n")
        #expect(desk.reply(#"BLOCK C1 reason=legal note="x""#) == "OK C1 blocked reason=LEGAL exposure=-105.00\n")
        #expect(desk.reply(#"UNBLOCK C1 note="ok""#) == "OK C1 unblocked exposure=-105.00\n")  // R-UNB-5
        #expect(
            desk.reply(#"OVERRIDE C1 until=2026-03-02T09:00:00Z uses=2 by=dana via=phone note="call""#)
                == "ERR NOT_HELD C1 is not held; name the reasons to pre-approve with reasons=<CODE,…>\n")
        #expect(
            desk.reply(
                #"OVERRIDE C1 until=2026-03-02T09:00:00Z total=900 uses=2 reasons=OVER_LIMIT by=dana via=phone note="call""#
            )
                == "OK C1 override=OV-1 manager=dana until=2026-03-02T09:00:00Z total=900.00 uses=2 reasons=OVER_LIMIT"
                + " lapses=2026-03-02T09:00:00Z\n")
        #expect(
            desk.reply("CONFIRM OV-1", as: Books.manager)
                == "OK C1 override=OV-1 confirmed until=2026-03-02T09:00:00Z\n")
        #expect(desk.reply(#"REVOKE OV-1 note="no longer""#, as: Books.manager) == "OK C1 override=OV-1 revoked\n")
        #expect(
            text {
                Reply.outcome(
                    .userAdded(User(name: "bob", role: .clerk, credential: Credential(secret: "x", salt: [1]))),
                    into: &$0)
            } == "OK bob role=clerk\n")
        #expect(text { Reply.outcome(.userDeleted(name: "bob"), into: &$0) } == "OK bob deleted\n")
    }

    @Test func errors_AreOneERRLine_WithTheirCode() throws {
        var desk = Books()
        #expect(desk.reply("CHECK C9", as: Books.terminal) == "ERR UNKNOWN_CUSTOMER C9 is not a customer\n")
        #expect(desk.reply("PAY C1 10 ref=R1 REF=R2") == "ERR DUPLICATE_KEY ref= is given twice\n")
        #expect(
            desk.reply(#"OVERRIDE C1 for=8d note="x""#, as: Books.manager)
                == "ERR UNKNOWN_CUSTOMER C1 is not a customer\n")
        try desk.run("CUSTOMER C1")
        #expect(
            desk.reply(#"OVERRIDE C1 for=8d note="x""#, as: Books.manager)
                == "ERR OVERRIDE_TOO_LONG an override may last at most 7d\n")  // R-OVR-5
        #expect(text { Reply.error(CreditError(.busy, "try again"), into: &$0) } == "ERR BUSY try again\n")
        for code in ErrorCode.allCases {
            let line = text { Reply.error(CreditError(code, "m"), into: &$0) }
            #expect(line == "ERR \(code.rawValue) m\n")
            #expect(code.rawValue.allSatisfy { $0.isUppercase || $0 == "_" || $0.isNumber })
        }
    }

    @Test func pong() {
        #expect(text { Reply.pong(into: &$0) } == "PONG\n")
    }

    /// What a client does (`ReplyFraming`): nil when the lines run out inside a reply.
    static func splitReplies(_ bytes: String) -> [[String]]? {
        var lines = bytes.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        guard lines.last == "" else { return nil }
        lines.removeLast()
        var replies: [[String]] = []
        do throws(Truncated) {
            while !lines.isEmpty {
                replies.append(
                    try ReplyFraming.reply { () throws(Truncated) -> String in
                        guard let line = lines.popFirst() else { throw Truncated() }
                        return line
                    })
            }
        } catch {
            return nil
        }
        return replies
    }

    private struct Truncated: Error {}

    @Test func multiLineReply_CountMatchesTheLinesThatFollow() throws {
        #expect(text { Reply.lines("", [], into: &$0) } == "OK *0\n")
        #expect(
            text { Reply.lines("users", ["ada admin", "bob clerk"], into: &$0) }
                == "OK *2 users\nada admin\nbob clerk\n")
        var desk = try Self.heldEveryWay()
        try desk.run("PAY C1 20 ref=R1")
        try desk.run(#"OVERRIDE C1 for=1h order=SO-1 note="truck waiting""#, as: Books.manager)
        let customer = try #require(desk.ledger.customer("C1"))
        let decision = Decision.evaluate(customer, amount: .zero, policy: desk.ledger.policy, at: desk.moment)
        let status = Reply.status(customer, decision: decision, policy: desk.ledger.policy, at: desk.moment)
        #expect(
            status == [
                "customer C1 name=\"C1\" class=B strategic=no limit=100.00 terms=30 stage=none review=2027-03-01",
                "credit state=HOLD exposure=130.00 available=-30.00 open=130.00 unapplied=0.00 instruments=0.00 guarantees=0.00"
                    + " reserved=0.00 reasons=MANUAL,OVER_LIMIT,OVERDUE"
                    + " overdue_days=50 oldest=I1",
                "block reason=FRAUD by=carla level=clerk at=2026-03-01T09:00:00Z exposure=150.00 note=\"cheque forged\"",
                "invoice I1 amount=150.00 open=130.00 date=2026-01-01 due=2026-01-10 days_past_due=50",
                "payment R1 amount=20.00 at=2026-03-01T09:00:00Z by=carla",
                "override OV-1 manager=dana until=2026-03-01T10:00:00Z order=SO-1 reasons=MANUAL,OVER_LIMIT,OVERDUE"
                    + " exposure=130.00 recorded_by=dana note=\"truck waiting\"",
            ])
        var out: [UInt8] = []
        Reply.lines("C1", status, into: &out)
        Reply.pong(into: &out)
        Reply.decision(decision, into: &out)
        let replies = try #require(Self.splitReplies(String(decoding: out, as: UTF8.self)))
        #expect(replies.map(\.count) == [1 + status.count, 1, 1])
        #expect(replies[0][0] == "OK *6 C1")
        #expect(replies[1] == ["PONG"])
    }
}

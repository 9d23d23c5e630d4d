import CreditClient
import CreditProtocol
import Testing

/// Every verb of the protocol once, in a customer's working day, each reply asserted whole
/// (only INFO and POLICY by their first line, and USER ADD up to its generated secret).
@Suite struct TranscriptTests {
    enum Match {
        case whole, first, prefix
    }

    static let transcript: [(request: String, match: Match, reply: [String])] = [
        ("PING", .whole, ["PONG"]),
        ("HELP PING", .whole, ["OK *1 help", #"verb name="PING" syntax="PING" role=anyone summary="Answers PONG.""#]),
        ("AUTH admin \(ServerProcess.adminSecret)", .first, ["OK admin role=admin"]),
        ("CLOCK SET 2026-06-01T09:00:00Z", .whole, ["OK clock=2026-06-01T09:00:00Z today=2026-06-01"]),
        ("USER LIST", .whole, ["OK *1 users", "user admin role=admin"]),
        (#"CUSTOMER C1 name="Acme Ltd" limit=5000 terms=30 class=B strategic=no"#, .whole, ["OK C1 created"]),
        (
            "INVOICE C1 I1 1000 date=2026-03-01 due=2026-03-31", .whole,
            ["OK C1 invoice=I1 amount=1000.00 open=1000.00 due=2026-03-31 exposure=1000.00"]
        ),
        (
            "INVOICE C1 I2 800 date=2026-05-20", .whole,
            ["OK C1 invoice=I2 amount=800.00 open=800.00 due=2026-06-19 exposure=1800.00"]
        ),
        (
            "CHECK C1 100", .whole,
            [
                "HOLD C1 reasons=OVERDUE available=3200.00 exposure=1800.00 limit=5000.00 amount=100.00 overdue_days=62 oldest=I1"
            ]
        ),
        (
            "STATUS C1", .whole,
            [
                "OK *4 C1",
                #"customer C1 name="Acme Ltd" class=B strategic=no limit=5000.00 terms=30 stage=none review=2027-06-01"#,
                "credit state=HOLD exposure=1800.00 available=3200.00 open=1800.00 unapplied=0.00 instruments=0.00 guarantees=0.00 reserved=0.00 reasons=OVERDUE overdue_days=62 oldest=I1",
                "invoice I1 amount=1000.00 open=1000.00 date=2026-03-01 due=2026-03-31 days_past_due=62",
                "invoice I2 amount=800.00 open=800.00 date=2026-05-20 due=2026-06-19 days_past_due=0",
            ]
        ),
        ("PAY C1 300 ref=P1", .whole, ["OK C1 ref=P1 paid=300.00 settled=I1:300.00 unapplied=0.00"]),
        ("CREDIT C1 CN1 50 invoice=I2", .whole, ["OK C1 credit=CN1 amount=50.00 settled=I2:50.00 unapplied=0.00"]),
        (
            "INSTRUMENT C1 CHQ1 400 due=2026-07-01", .whole,
            ["OK C1 instrument=CHQ1 amount=400.00 due=2026-07-01 state=pending settled=I1:400.00 exposure=1450.00"]
        ),
        (
            "CLEARED CHQ1", .whole,
            ["OK C1 instrument=CHQ1 amount=400.00 due=2026-07-01 state=cleared settled=I1:400.00 exposure=1050.00"]
        ),
        (
            "INSTRUMENT C1 CHQ2 200 due=2026-07-15", .whole,
            ["OK C1 instrument=CHQ2 amount=200.00 due=2026-07-15 state=pending settled=I1:200.00 exposure=1050.00"]
        ),
        (
            "BOUNCED CHQ2", .whole,
            ["OK C1 instrument=CHQ2 amount=200.00 due=2026-07-15 state=bounced settled=I1:200.00 exposure=1050.00"]
        ),
        (
            "GUARANTEE C1 G1 2000 until=2026-12-31", .whole,
            ["OK C1 guarantee=G1 amount=2000.00 until=2026-12-31 state=active limit=7000.00"]
        ),
        ("RELEASE G1", .whole, ["OK C1 guarantee=G1 amount=2000.00 until=2026-12-31 state=released limit=5000.00"]),
        (#"DISPUTE C1 I2 note="wrong goods""#, .whole, ["OK C1 invoice=I2 disputed open=750.00 due=2026-06-19"]),
        (#"RESOLVE C1 I2 note="credit note agreed""#, .whole, ["OK C1 invoice=I2 resolved open=750.00 due=2026-06-19"]),
        (
            "INVOICE C1 I9 10 date=2026-05-20", .whole,
            ["OK C1 invoice=I9 amount=10.00 open=10.00 due=2026-06-19 exposure=1060.00"]
        ),
        (
            #"VOID C1 I9 note="entered twice""#, .whole,
            ["OK C1 invoice=I9 voided amount=10.00 returned=0.00 exposure=1050.00"]
        ),
        ("CHARGES C1", .whole, ["OK *0 charges"]),
        ("KPI to=2026-06-02", .whole, ["ERR BAD_DATE to=2026-06-02 is after today (2026-06-01)"]),
        (
            #"CHARGE C1 LC-1-20260601 1 note="late""#, .whole,
            ["ERR BAD_VALUE nothing to charge on invoice I1 of C1 through 2026-06-01"]
        ),
        (
            #"PROMISE C1 100 by=2026-06-05 note="CFO on the phone""#, .whole,
            ["OK C1 promise amount=100.00 by=2026-06-05"]
        ),
        (#"NOTE C1 channel=call note="CFO promised" outcome="100 by Friday""#, .whole, ["OK C1 noted channel=call"]),
        (
            #"PLAN C1 total=300 instalments=3 every=30d first=2026-06-15 note="signed""#, .whole,
            ["OK C1 plan total=300.00 instalments=3 every=30d first=2026-06-15 last=2026-08-14"]
        ),
        (#"STAGE C1 reminder note="first reminder""#, .whole, ["OK C1 stage=reminder"]),
        (#"BLOCK C1 reason=LEGAL note="lawyer's letter""#, .whole, ["OK C1 blocked reason=LEGAL exposure=1050.00"]),
        ("USER ADD dana role=manager", .prefix, ["OK dana role=manager secret="]),
        (
            #"OVERRIDE C1 for=2h amount=500 note="truck loaded""#, .whole,
            ["ERR FORBIDDEN an admin does not issue overrides; only a manager does"]
        ),
        (
            #"OVERRIDE C1 for=1h by=dana via=phone note="dana called at 9:05""#, .whole,
            [
                "OK C1 override=OV-1 manager=dana until=2026-06-01T10:00:00Z reasons=MANUAL,BOUNCED lapses=2026-06-02T09:00:00Z"
            ]
        ),
        (
            "CHECK C1 100 order=SO-1", .whole,
            ["OK C1 available=3950.00 exposure=1050.00 override=OV-1 held=MANUAL,BOUNCED block=LEGAL"]
        ),
        (
            "OVERRIDES C1", .whole,
            [
                "OK *1 overrides",
                "override OV-1 customer=C1 manager=dana until=2026-06-01T10:00:00Z reasons=MANUAL,BOUNCED exposure=1050.00 issued=2026-06-01T09:00:00Z recorded_by=admin awaiting=dana lapses=2026-06-02T09:00:00Z",
            ]
        ),
        ("CONFIRM OV-1", .whole, ["ERR FORBIDDEN only a manager confirms an override"]),
        (#"REVOKE OV-1 note="cancelled""#, .whole, ["OK C1 override=OV-1 revoked"]),
        (#"UNBLOCK C1 note="letter withdrawn""#, .whole, ["OK C1 unblocked exposure=1050.00"]),
        ("CUSTOMER C2 limit=1000", .whole, ["OK C2 created"]),
        (#"REQUEST C2 limit=20000 note="bigger orders""#, .whole, ["OK C2 request=RQ-1 pending"]),
        (
            "REQUESTS", .whole,
            [
                "OK *1 requests",
                #"request RQ-1 customer=C2 limit=20000.00 requested_by=admin at=2026-06-01T09:00:00Z note="bigger orders""#,
            ]
        ),
        (#"APPROVE RQ-1 note="mine""#, .whole, ["ERR FORBIDDEN only a manager decides a request"]),
        (#"REJECT RQ-1 note="not now""#, .whole, ["ERR FORBIDDEN only a manager decides a request"]),
        ("CHECK C2 300 order=SO-2", .whole, ["OK C2 available=1000.00 exposure=0.00"]),
        ("RELEASE ORDER SO-2", .whole, ["OK C2 order=SO-2 released"]),
        ("POLICY SET watch.days=10", .whole, ["OK policy watch.days=10"]),
        ("POLICY", .first, ["OK *55 policy"]),
        ("INFO", .first, ["OK *48 info"]),
        ("SNAPSHOT", .whole, ["OK snapshot started sequence=34"]),
        ("ROLE", .whole, ["OK role=primary epoch=1 sequence=34 replicas=0"]),
        ("SYNC 0", .whole, ["ERR FORBIDDEN SYNC needs the replica role; admin is admin"]),
        ("ACK 34", .whole, ["ERR FORBIDDEN ACK needs the replica role; admin is admin"]),
        (
            "HELD C1003 250.00 reasons=OVERDUE by=pos1 role=terminal at=2026-11-23T10:06:54Z day=2026-11-23", .whole,
            ["ERR FORBIDDEN HELD needs the replica role; admin is admin"]
        ),
        (
            #"PROMOTE note="drill""#, .whole,
            ["ERR NOT_REPLICA this server is the primary of epoch 1 already; PROMOTE is for a replica"]
        ),
        (
            #"FOLLOW 127.0.0.1:7070 note="drill""#, .whole,
            [
                "ERR DISABLED FOLLOW needs a server started with --replica-user <name> and that user's secret in CREDITGATE_REPLICA_SECRET (a user of role replica on the primary)"
            ]
        ),
        (
            "BACKUP backups/today", .whole,
            ["ERR BAD_VALUE BACKUP needs an absolute folder path, e.g. /var/backups/creditgate/2026-12-04"]
        ),
        (
            "AGING C1", .whole,
            [
                "OK *1 aging",
                "aging customer=C1 current=750.00 d1_30=0.00 d31_60=0.00 d61_90=300.00 d91_120=0.00 d120_plus=0.00 total=1050.00 instruments=0.00 charges=0.00",
            ]
        ),
        (
            "BLOCKED", .whole,
            [
                "OK *1 blocked",
                "blocked customer=C1 name=\"Acme Ltd\" reasons=BOUNCED since=2026-06-01T09:00:00Z exposure=1050.00 limit=5000.00",
            ]
        ),
        ("WATCH", .whole, ["OK *0 watch"]),
        ("WORKLIST", .whole, ["OK *0 worklist"]),  // I1 is under PLAN, kept so far
        (
            "HISTORY C1 limit=2", .whole,
            [
                "OK *2 C1", #"history at=2026-06-01T09:00:00Z by=admin action=REVOKE override=OV-1 note="cancelled""#,
                #"history at=2026-06-01T09:00:00Z by=admin action=UNBLOCK exposure=1050.00 earnest=300.00 note="letter withdrawn""#,
            ]
        ),
        (#"REVIEWED C1 note="annual review: limit kept""#, .whole, ["OK C1 reviewed next_review=2027-06-01"]),
        ("USER SECRET nobody", .whole, ["ERR UNKNOWN_USER no user nobody"]),
        ("USER DEL dana", .whole, ["OK dana deleted"]),
        (
            "AUDIT limit=3", .whole,
            [
                "OK *3 audit",
                #"audit at=2026-06-01T09:00:00Z by=admin action=POLICY_SET watch.days="10" watch.days.was="7""#,
                "audit at=2026-06-01T09:00:00Z by=admin action=SNAPSHOT sequence=34",
                "audit at=2026-06-01T09:00:00Z by=admin action=USER_DEL user=dana role=manager",
            ]
        ),
        // Last of the changes: a fenced primary answers reads, refuses changes.
        (#"FENCE note="drill""#, .whole, ["OK fenced role=primary epoch=1 sequence=36"]),
        (
            "PAY C1 1 ref=FENCED", .whole,
            [
                #"ERR FENCED this primary of epoch 1 is fenced (FENCE by admin note="drill"); send changes to the new primary"#
            ]
        ),
        ("QUIT", .whole, ["OK BYE"]),
    ]

    @Test func everyVerb_AnswersAsDocumented() throws {
        let server = try ServerProcess(["--test-clock"])
        let client = try server.connect()
        for (request, match, expected) in Self.transcript {
            let reply = try client.reply(request)
            switch match {
            case .whole: #expect(reply == expected, "\(request)")
            case .first: #expect(reply.first == expected.first, "\(request)")
            case .prefix: #expect(reply.count == 1 && reply[0].hasPrefix(expected[0]), "\(request) → \(reply)")
            }
        }
    }

    /// protocol.md §5: every body line of a multi-line reply is a lower-case word naming what it
    /// describes, then `key=value` words (a value with a space quoted), so a client can take any
    /// reply apart without knowing the verb.
    @Test func everyMultiLineReply_HasBodyLinesOfKeyValueWords() throws {
        let server = try ServerProcess(["--test-clock"])
        let client = try server.connect()
        for (request, _, _) in Self.transcript {
            let reply = try client.reply(request)
            for line in reply.dropFirst() {
                let record = ReplyRecord(parsing: line)
                #expect(record != nil && record!.kind.allSatisfy { $0.isLowercase || $0 == "_" }, "\(request): \(line)")
                // Ids may follow the kind (`invoice I1 …`); after the first key=value word, only key=value words.
                let keys = record?.pairs.map(\.key) ?? []
                let stray = keys.drop { $0.hasPrefix("id") }.contains { $0.hasPrefix("id") }
                #expect(!stray, "\(request): \(line) has a word that is not key=value")
            }
        }
    }

    @Test func theTranscript_CoversEveryVerb() throws {
        let parser = RequestParser()
        var covered: Set<String> = []
        for (request, _, _) in Self.transcript {
            var bytes = Array(request.utf8)
            let name = try bytes.withUnsafeMutableBytes { raw in
                try VerbTable.spec(for: parser.parse(UnsafeRawBufferPointer(raw))).name
            }
            covered.insert(name)
        }
        #expect(covered == Set(VerbTable.all.map(\.name)))
    }
}

import CreditCore
import CreditProtocol
import Testing

/// Journal replay: the events of a live run, written as `Command.line` and
/// read back through the same parser and decoders as live traffic, applied to
/// a fresh ledger at the same moments, rebuild exactly the same state.
@Suite struct ReplayTests {
    static func replay(_ events: [Books.Event]) throws -> Ledger {
        var ledger = Ledger()
        for event in events {
            let line = event.command.line
            let command = try #require(decodedCommand(line, origin: .journal), "\(line)")
            #expect(command == event.command, "\(line)")
            try ledger.apply(command, by: event.actor, at: event.moment)
        }
        return ledger
    }

    static func expectSameState(_ live: Ledger, _ replayed: Ledger) {
        #expect(replayed.customers == live.customers)
        #expect(replayed.users == live.users)
        #expect(replayed.nextOverride == live.nextOverride)
        #expect(replayed.policy == live.policy)
        #expect(replayed.audit == live.audit)
        #expect(replayed.requests == live.requests)
        for number in 1..<live.nextOverride {
            #expect(replayed.override("OV-\(number)") == live.override("OV-\(number)"))
        }
    }

    @Test func replayedEvents_RebuildTheSameState() throws {
        var desk = Books()
        try desk.run(#"CUSTOMER C1 name="Acme \"Widgets\"" limit=1000 terms=45 note="contract""#, as: Books.manager)
        try desk.run(#"CUSTOMER C2 class=C strategic=yes note="group company""#, as: Books.manager)
        try desk.run(#"REQUEST C2 limit=3000 note="bigger orders""#)
        try desk.run(#"REQUEST C2 class=A note="good payer""#)
        try desk.run(#"APPROVE RQ-1 note="fine""#, as: Books.manager)
        try desk.run(#"REJECT RQ-2 note="too soon""#, as: Books.otherManager)
        try desk.run(#"REQUEST C9 limit=50000 note="new key account""#)
        try desk.run("CUSTOMER C1 limit=1000")  // unchanged: no event
        try desk.run("INVOICE C1 I1 600")  // date and due resolved
        try desk.run("INVOICE C1 I1 600")  // a retry: no event
        try desk.run("INVOICE C1 I2 250.50 date=2026-01-01 due=2026-01-15 order=SO-1")
        try desk.run("INVOICE C2 X/1 99.99")
        desk.advance(.hours(3))
        try desk.run("PAY C1 100 ref=R1")
        try desk.run("PAY C1 100 ref=R1")  // a retry: no event
        try desk.run("PAY C1 1000 ref=R2 invoice=I1")
        try desk.run("INVOICE C1 I3 75")  // settled from the credit
        try desk.run(#"BLOCK C1 reason=FRAUD note="forged — שלום""#)
        desk.advance(.minutes(10))
        try desk.run(#"OVERRIDE C1 for=2h order=SO-2 note="truck at the gate""#, as: Books.manager)
        try desk.run(#"OVERRIDE C1 for=3d uses=2 by=mo via=phone note="mo phoned carla""#)
        // The narrowest override that covers a CHECK is the one it uses: OV-1, made for SO-2.
        try desk.run("CHECK C1 10 order=SO-2", as: Books.terminal)  // a use of OV-1
        try desk.run("CHECK C1 10 order=SO-2", as: Books.terminal)  // a retry: no new use, but audited
        try desk.run("CHECK C1 10 order=SO-3", as: Books.terminal)  // the first use of OV-2
        try desk.run("CHECK C1 10", as: Books.terminal)  // no order: held, audited
        try desk.run(#"REVOKE OV-1 note="done""#, as: Books.manager)
        desk.advance(.hours(5))
        try desk.run("CONFIRM OV-2", as: Books.otherManager)
        try desk.run(#"UNBLOCK C1 note="settled""#)
        try desk.apply(
            .addUser(name: "eve", role: .clerk, credential: Credential(secret: "x", salt: [9, 9])),
            as: Actor(name: "ada", role: .admin))
        try desk.apply(.deleteUser(name: "pos1"), as: Actor(name: "ada", role: .admin))
        try desk.apply(.audit(.clock(Instant(parsing: "2026-03-05T10:00:00Z")!)), as: Actor(name: "ada", role: .admin))
        try desk.apply(.audit(.snapshot(sequence: 31)), as: Actor(name: "ada", role: .admin))
        #expect(desk.events.count == 32)  // 5 of them the fixture's users
        // Every CHECK that passes through an override or is held is journaled (R-BLK-4).
        #expect(desk.events.filter { if case .check = $0.command { true } else { false } }.count == 4)

        let replayed = try Self.replay(desk.events)
        Self.expectSameState(desk.ledger, replayed)
        #expect(replayed.override("OV-1")?.usedBy == ["SO-2"])
        #expect(replayed.override("OV-2")?.usedBy == ["SO-3"])
        #expect(replayed.override("OV-2")?.reasons == .manual)
        #expect(replayed.override("OV-1")?.revoked?.note == "done")
        #expect(replayed.requests.map(\.id) == ["RQ-3"] && replayed.nextRequest == 4)
        #expect(replayed.audit.map(\.action).suffix(4) == ["USER ADD", "USER DEL", "CLOCK SET", "SNAPSHOT"])
        #expect(replayed.customer("C2")?.ownLimit == Money(parsing: "3000"))
    }

    @Test func replay_DoesNotDependOnTheDayItRuns() throws {
        // The INVOICE event carries date= and due=, OVERRIDE carries until=: replaying
        // them later (or under other terms) gives the same books.
        var desk = Books()
        try desk.run("CUSTOMER C1")
        try desk.run("INVOICE C1 I1 10")
        try desk.run(#"OVERRIDE C1 for=1d reasons=over_limit note="n""#, as: Books.manager)
        try desk.run(#"BLOCK C1 reason=FRAUD note="n""#)
        try desk.run(#"OVERRIDE C1 for=1d total=50 note="n""#, as: Books.manager)
        let lines = desk.events.map(\.command.line)
        #expect(lines.contains("INVOICE C1 I1 10.00 date=2026-03-01 due=2026-03-31"))
        #expect(lines.contains(#"OVERRIDE C1 until=2026-03-02T09:00:00Z reasons=OVER_LIMIT note="n""#))
        // The reasons present at issue are written out: replay does not evaluate the customer again.
        #expect(lines.contains(#"OVERRIDE C1 until=2026-03-02T09:00:00Z total=50.00 reasons=MANUAL note="n""#))
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomRun_ReplaysToTheSameState(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var desk = Books()
        let customers = ["C1", "C2", "C3"]
        for customer in customers {
            try desk.run("CUSTOMER \(customer) limit=\(random.pick(["500", "2000", "10000"]))")
        }
        for step in 0..<600 {
            desk.advance(Period(seconds: Int64(random.below(4 * 3600))))
            let customer = random.pick(customers)
            let line: String
            var actor = Books.clerk
            switch random.below(10) {
            case 0, 1:
                line =
                    "INVOICE \(customer) I\(random.below(200)) \(1 + random.below(900)).\(random.below(100))"
                    + (random.below(3) == 0 ? " date=2026-0\(1 + random.below(3))-1\(random.below(10))" : "")
            case 2, 3: line = "PAY \(customer) \(1 + random.below(700)) ref=R\(random.below(300))"
            case 4: line = #"BLOCK \#(customer) reason=R\#(random.below(3)) note="step \#(step)""#
            case 5: line = #"UNBLOCK \#(customer) note="step \#(step)""#
            case 6:
                line = #"OVERRIDE \#(customer) for=\#(1 + random.below(48))h uses=\#(1 + random.below(3)) note="s""#
                actor = random.pick([Books.manager, Books.otherManager])
            case 7:
                line = "CONFIRM OV-\(1 + random.below(max(1, desk.ledger.nextOverride)))"
                actor = random.pick([Books.manager, Books.otherManager])
            default:
                line = "CHECK \(customer) \(random.below(3000)) order=O\(random.below(6))"
                actor = Books.terminal
            }
            do { try desk.run(line, as: actor) } catch {}  // refusals journal nothing
        }
        #expect(desk.events.count > 300)
        Self.expectSameState(desk.ledger, try Self.replay(desk.events))
    }
}

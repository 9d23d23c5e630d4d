import CreditCore
import Testing

/// Manager overrides (R-OVR-1..6): personal, written, bounded, and only
/// relevant while the customer is held.
@Suite struct OverrideTests {
    /// A customer held by a manual block, nothing else.
    static func blocked() throws -> Books {
        var books = Books()
        try books.customer("C1", limit: "1000")
        try books.block("C1")
        return books
    }

    @Test func manager_IssuesOverride_InTheirOwnName_WithSequentialIds() throws {  // R-OVR-1, R-OVR-2
        var books = try Self.blocked()
        let first = try books.override("C1", for: "2h")
        #expect(first.id == "OV-1")
        #expect(first.manager == "dana" && first.recordedBy == "dana" && !first.viaPhone)
        #expect(first.until == Books.start.adding(.hours(2)))
        #expect(first.lapses == nil)
        try books.customer("C2")
        try books.block("C2")
        let second = try books.override("C2", for: "30m", as: Books.otherManager)
        #expect(second.id == "OV-2")
        #expect(books.ledger.nextOverride == 3)
        #expect(books.ledger.override("OV-2")?.customer == "C2")
        #expect(
            books.ledger.customer("C1")?.log.last?.detail
                == "override=OV-1 manager=dana until=2026-03-01T11:00:00Z reasons=MANUAL exposure=0.00"
                + " note=\"long-standing client\"")
    }

    @Test(arguments: [Books.clerk, Books.terminal])
    func belowManager_WithoutPhoneApproval_IsForbidden(actor: Actor) throws {  // R-OVR-2
        var books = try Self.blocked()
        #expect(
            books.refusal(
                .override(OverrideEntry(customer: "C1", window: .lasting(.hours(1)), note: "please")),
                as: actor) == .forbidden)
        #expect(books.ledger.nextOverride == 1)
        #expect(books.ledger.customer("C1")?.overrides.isEmpty == true)
    }

    @Test func phoneApproval_MustNameAManager() throws {  // R-OVR-2, R-OVR-6
        var books = try Self.blocked()
        for named in ["pos1", "nobody"] {
            #expect(
                books.refusal(
                    .override(
                        OverrideEntry(
                            customer: "C1", window: .lasting(.hours(1)),
                            phoneManager: named, note: "call")))
                    == .notAManager, "\(named)")
        }
        #expect(
            books.refusal(
                .override(
                    OverrideEntry(
                        customer: "C1", window: .lasting(.hours(1)), phoneManager: "carla",
                        note: "call")), as: Books.otherManager) == .notAManager)
        #expect(
            books.refusal(
                .override(
                    OverrideEntry(
                        customer: "C1", window: .lasting(.hours(1)), phoneManager: "dana",
                        note: "call")), as: Books.manager) == .badValue)
        let phoned = try books.override("C1", phone: "dana", note: "dana phoned carla at 09:00", as: Books.clerk)
        #expect(phoned.manager == "dana" && phoned.recordedBy == "carla" && phoned.viaPhone)
        #expect(phoned.lapses == Books.start.adding(.hours(24)))
    }

    @Test(arguments: [
        ("7d", true), ("168h", true), ("10080m", true), ("8d", false), ("169h", false), ("604801s", false),
    ])
    func override_LastsAtMostSevenDays(span: String, allowed: Bool) throws {  // R-OVR-5
        var books = try Self.blocked()
        let entry = OverrideEntry(customer: "C1", window: .lasting(Period(parsing: span)!), note: "n")
        #expect(books.refusal(.override(entry), as: Books.manager) == (allowed ? nil : .overrideTooLong))
    }

    @Test func override_Until_MustBeInTheFutureAndWithinSevenDays() throws {  // R-OVR-5
        var books = try Self.blocked()
        func until(_ span: Period) -> Command {
            .override(OverrideEntry(customer: "C1", window: .until(Books.start.adding(span)), note: "n"))
        }
        #expect(books.refusal(until(Period(seconds: 0)), as: Books.manager) == .badInstant)
        #expect(books.refusal(until(Period(seconds: -60)), as: Books.manager) == .badInstant)
        #expect(books.refusal(until(Period(seconds: 604_801)), as: Books.manager) == .overrideTooLong)
        let applied = try books.apply(until(.days(7)), as: Books.manager)
        guard case .override(let override) = applied.outcome else {
            Issue.record("no override")
            return
        }
        #expect(override.until == Books.start.adding(.days(7)))
    }

    @Test func override_RefusesZeroUsesAndNonPositiveAmounts() throws {
        var books = try Self.blocked()
        #expect(
            books.refusal(
                .override(OverrideEntry(customer: "C1", window: .lasting(.hours(1)), uses: 0, note: "n")),
                as: Books.manager) == .badValue)
        #expect(
            books.refusal(
                .override(
                    OverrideEntry(
                        customer: "C1", window: .lasting(.hours(1)), maximumAmount: .zero,
                        note: "n")), as: Books.manager) == .badAmount)
    }

    @Test func override_LetsAHeldCustomerThrough_UntilItsTimeEnds() throws {  // R-OVR-1, R-OVR-5
        var books = try Self.blocked()
        try books.override("C1", for: "2h")
        let passed = try books.check("C1", "50")
        #expect(!passed.isHold)
        #expect(passed.override == "OV-1")
        #expect(passed.overridden == .manual)
        books.advance(Period(seconds: 7199))
        #expect(try books.check("C1").override == "OV-1")
        books.advance(Period(seconds: 1))
        let expired = try books.check("C1")
        #expect(expired.reasons == .manual && expired.override == nil)
        #expect(books.ledger.override("OV-1")?.ended(at: books.now) == .expired)
    }

    @Test func override_WithAnAmount_CapsEachCheck() throws {  // R-OVR-5
        var books = try Self.blocked()
        try books.override("C1", amount: "500")
        #expect(try books.check("C1", "500").override == "OV-1")
        #expect(try books.check("C1", "500.01").reasons == .manual)
        #expect(try books.check("C1", "0").override == "OV-1")
    }

    @Test func override_ForAnOrder_PassesOnlyThatOrder() throws {  // R-OVR-5
        var books = try Self.blocked()
        try books.override("C1", order: "SO-1")
        #expect(try books.check("C1", "10", order: "SO-1").override == "OV-1")
        #expect(try books.check("C1", "10", order: "SO-1").override == "OV-1")  // retry
        #expect(try books.check("C1", "10", order: "SO-2").reasons == .manual)
        #expect(try books.check("C1", "10").reasons == .manual)
    }

    @Test func override_WithUses_CountsDistinctOrders_AndLetsARetryPass() throws {  // R-OVR-5
        var books = try Self.blocked()
        try books.override("C1", uses: 2)
        let first = try books.ledger.check(
            CheckQuery(customer: "C1", amount: money("1"), order: "O1"),
            by: Books.terminal, at: books.moment)
        #expect(first.event == .check(CheckQuery(customer: "C1", amount: money("1"), order: "O1")))
        let retry = try books.ledger.check(
            CheckQuery(customer: "C1", amount: money("1"), order: "O1"),
            by: Books.terminal, at: books.moment)
        #expect(books.ledger.override("OV-1")?.usedBy == ["O1"])  // the retry used nothing more
        // The retry is audited (R-BLK-4):
        #expect(retry.event == .check(CheckQuery(customer: "C1", amount: money("1"), order: "O1")))
        #expect(try books.check("C1", "1", order: "O2").override == "OV-1")
        #expect(books.ledger.override("OV-1")?.usedBy == ["O1", "O2"])
        #expect(books.ledger.override("OV-1")?.ended(at: books.now) == .usedUp)
        #expect(try books.check("C1", "1", order: "O3").reasons == .manual)
        #expect(try books.check("C1", "1", order: "O1").override == "OV-1")  // a retry still passes
        #expect(try books.check("C1", "1", order: "O2").override == "OV-1")
        #expect(books.ledger.override("OV-1")?.usedBy == ["O1", "O2"])
    }

    @Test func phoneApproval_LapsesAfter24Hours_WhenNotConfirmed() throws {  // R-OVR-6
        var books = try Self.blocked()
        try books.override("C1", for: "3d", phone: "dana", as: Books.clerk)
        books.advance(Period(seconds: 24 * 3600 - 1))
        #expect(try books.check("C1").override == "OV-1")
        books.advance(Period(seconds: 1))
        #expect(try books.check("C1").reasons == .manual)
        #expect(books.ledger.override("OV-1")?.ended(at: books.now) == .lapsed)
        #expect(books.refusal(.confirm(override: "OV-1"), as: Books.manager) == .overrideEnded)
    }

    @Test func phoneApproval_ConfirmedByTheNamedManager_LastsItsWholeTime() throws {  // R-OVR-6
        var books = try Self.blocked()
        try books.override("C1", for: "3d", phone: "dana", as: Books.clerk)
        books.advance(.hours(1))
        #expect(books.refusal(.confirm(override: "OV-1"), as: Books.otherManager) == .notYourOverride)
        let applied = try books.apply(.confirm(override: "OV-1"), as: Books.manager)
        #expect(applied.event == .confirm(override: "OV-1"))
        #expect(books.ledger.override("OV-1")?.confirmed == books.now)
        #expect(books.ledger.override("OV-1")?.lapses == nil)
        books.advance(.hours(48))
        #expect(try books.check("C1").override == "OV-1")
        books.advance(.hours(23))
        #expect(try books.check("C1").reasons == .manual)
        // A CONFIRM resent after the override ended is answered as the first time.
        let again = try books.apply(.confirm(override: "OV-1"), as: Books.manager)
        #expect(again.event == nil)
        #expect(again.outcome == .confirmed(books.ledger.override("OV-1")!))
    }

    @Test func confirm_OfAnOverrideThatNeedsNone_ChangesNothing() throws {
        var books = try Self.blocked()
        try books.override("C1")
        let before = books.ledger.customers
        let applied = try books.apply(.confirm(override: "OV-1"), as: Books.manager)
        #expect(applied.event == nil)
        #expect(books.ledger.customers == before)
        #expect(books.refusal(.confirm(override: "OV-9"), as: Books.manager) == .unknownOverride)
    }

    @Test func revoke_EndsTheOverride() throws {  // R-OVR-5
        var books = try Self.blocked()
        try books.override("C1", for: "1d")
        #expect(try books.check("C1").override == "OV-1")
        books.advance(.minutes(5))
        try books.apply(.revoke(override: "OV-1", note: "customer lied"), as: Books.otherManager)
        #expect(try books.check("C1").reasons == .manual)
        let revoked = try #require(books.ledger.override("OV-1")?.revoked)
        #expect(revoked == Revocation(at: books.now, by: "mo", note: "customer lied"))
        #expect(books.refusal(.revoke(override: "OV-1", note: "again"), as: Books.manager) == .overrideEnded)
        #expect(books.refusal(.revoke(override: "OV-7", note: "n"), as: Books.manager) == .unknownOverride)
    }

    @Test func override_OnlyMattersWhileAHoldExists() throws {  // R-OVR-1
        var books = Books()
        try books.customer("C1", limit: "100")
        #expect(
            books.refusal(
                .override(OverrideEntry(customer: "C1", window: .lasting(.hours(1)), note: "n")),
                as: Books.manager) == .notHeld)
        try books.override("C1", uses: 1, reasons: .overLimit)
        let free = try books.ledger.check(
            CheckQuery(customer: "C1", amount: money("10"), order: "O1"),
            by: Books.terminal, at: books.moment)
        guard case .decision(let decision) = free.outcome else {
            Issue.record("no decision")
            return
        }
        #expect(decision.override == nil && decision.overridden == [] && !decision.isHold)
        // The order's reservation:
        #expect(free.event == .check(CheckQuery(customer: "C1", amount: money("10"), order: "O1")))
        #expect(books.ledger.override("OV-1")?.usedBy == [])
        let overLimit = try books.check("C1", "150", order: "O2")  // now held: the use is spent here
        #expect(overLimit.override == "OV-1" && overLimit.overridden == .overLimit)
        #expect(try books.check("C1", "150", order: "O3").reasons == .overLimit)
    }

    @Test func override_PassesEveryReason_AndNamesThem() throws {
        var books = Books()
        try books.customer("C1", limit: "100")
        try books.invoice("C1", "I1", "150", date: "2026-01-01", due: "2026-01-10")
        try books.block("C1")
        try books.override("C1")
        let decision = try books.check("C1", "10")
        #expect(decision.reasons == [] && decision.overridden == [.manual, .overLimit, .overdue])
    }
}

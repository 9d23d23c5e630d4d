import Testing

@testable import CreditCore

/// WORKLIST's choices (R-COL-3, R-COL-6, R-COL-7): one action per customer, the most urgent.
@Suite struct WorklistTests {
    @Test func worklist_GivesOneActionPerCustomer_TheMostUrgent() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "I1", "2500", date: "2026-01-01", due: "2026-01-10")
        try books.apply(.promise(customer: "C1", amount: money("100"), by: day("2026-03-05"), note: "part"))
        books.now = Instant(parsing: "2026-04-01T09:00:00Z")!  // 81 days, promise broken
        #expect(books.ledger.worklist(at: books.moment).map(\.reason) == ["promise of 100.00 by 2026-03-05 broken"])
    }

    @Test func worklist_ChasesNeitherAKeptPlanNorAResidueBelowTheMinimum() throws {
        var books = Books()
        try books.customer("KEPT")
        try books.invoice("KEPT", "K1", "1000", date: "2025-10-01", due: "2025-11-01")
        try books.apply(
            .plan(
                PlanEntry(
                    customer: "KEPT", total: money("1000"), instalments: 4, every: 30,
                    first: day("2026-03-15"), note: "four months")))
        try books.pay("KEPT", "250", ref: "P1")
        try books.customer("DUST")
        try books.invoice("DUST", "D1", "100", date: "2025-10-01", due: "2025-11-01")
        try books.invoice("DUST", "D2", "100", date: "2025-10-01", due: "2025-11-02")
        try books.pay("DUST", "199.50", ref: "P2")
        books.now = Instant(parsing: "2026-04-01T09:00:00Z")!
        #expect(books.ledger.worklist(at: books.moment).isEmpty)
        books.now = Instant(parsing: "2026-04-15T09:00:00Z")!  // the second instalment missed
        #expect(
            books.ledger.worklist(at: books.moment).map(\.reason)
                == ["PLAN_DEFAULT: payment plan instalment missed: 250.00 in arrears"])
    }
}

import Testing

@testable import CreditCore

/// Promises kept by the money received after they were made, oldest first, each receipt once (R-UNB-6).
@Suite struct PromiseTests {
    static func states(_ books: Books, _ customer: String) -> [Promise.State] {
        var states: [Promise.State] = []
        books.ledger.customer(customer)!.forEachPromise(on: books.today) { _, state in states.append(state) }
        return states
    }

    @Test func onePayment_KeepsOnlyTheOldestPromise_TheSecondBreaksOnItsDay() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "I1", "5000", date: "2026-03-01", due: "2026-05-01")
        try books.apply(.promise(customer: "C1", amount: money("1000"), by: day("2026-03-02"), note: "first"))
        try books.apply(.promise(customer: "C1", amount: money("1000"), by: day("2026-03-09"), note: "second"))
        books.advance(days: 1)
        try books.pay("C1", "1000", ref: "P1")
        #expect(Self.states(books, "C1") == [.kept, .pending])
        books.now = Instant(parsing: "2026-03-10T09:00:00Z")!
        #expect(Self.states(books, "C1") == [.kept, .broken])
        #expect(try books.check("C1").reasons == .brokenPromise)
        try books.pay("C1", "400", ref: "P2")
        try books.pay("C1", "600", ref: "P3")
        #expect(Self.states(books, "C1") == [.kept, .kept])
        #expect(try books.check("C1").reasons == [])
    }

    @Test func moneyReceivedBeforeAPromise_DoesNotKeepIt_NorDoesABouncedCheque() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "I1", "5000", date: "2026-03-01", due: "2026-05-01")
        try books.pay("C1", "1000", ref: "P1")
        books.advance(.hours(1))
        try books.apply(.promise(customer: "C1", amount: money("500"), by: day("2026-03-05"), note: "more"))
        try books.apply(.instrument(customer: "C1", ref: "CHQ1", amount: money("500"), due: day("2026-03-20")))
        #expect(Self.states(books, "C1") == [.kept])
        try books.apply(.bounced(ref: "CHQ1"))
        books.now = Instant(parsing: "2026-03-06T09:00:00Z")!
        #expect(Self.states(books, "C1") == [.broken])
    }
}

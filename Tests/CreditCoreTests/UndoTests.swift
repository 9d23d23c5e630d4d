import CreditCore
import Testing

/// Group commit: a turn's changes stand together or not at all.
@Suite struct UndoTests {
    static func busyTurn(_ books: inout Books) throws {
        try books.customer("C1", limit: "500")  // changes an existing customer
        try books.customer("C9")  // creates one
        try books.invoice("C1", "I2", "700")
        try books.pay("C1", "50", ref: "P2")
        try books.block("C1")
        try books.override("C1", uses: 2)  // counters and owners
        _ = try books.check("C1", "1", order: "SO-1")  // spends a use
        try books.apply(.confirm(override: "OV-1"), as: Books.manager)
        try books.apply(
            .addUser(name: "newbie", role: .clerk, credential: Credential(secret: "x", salt: [7])),
            as: Books.admin)
        try books.apply(.deleteUser(name: "pos1"), as: Books.admin)
        try books.apply(.revoke(override: "OV-1", note: "enough"), as: Books.manager)
        try books.apply(.request(CustomerChange(id: "C1", limit: money("900"), note: "more")))  // requests, audit
        try books.apply(.request(CustomerChange(id: "C9", strategic: true, note: "group")))
        try books.apply(.approve(request: "RQ-1", note: "ok"), as: Books.otherManager)
        try books.apply(.setPolicy([PolicySetting(key: "watch.days", value: "9")]), as: Books.admin)
        try books.apply(.audit(.clock(Books.start)), as: Books.admin)
    }

    static func initial() throws -> Books {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "I1", "100")
        return books
    }

    @Test func rollbackTurn_RestoresTheExactPreviousState() throws {
        var books = try Self.initial()
        let customers = books.ledger.customers
        let users = books.ledger.users
        let next = books.ledger.nextOverride
        let audit = books.ledger.audit
        books.ledger.beginTurn()
        try Self.busyTurn(&books)
        #expect(books.ledger.customers != customers)
        #expect(books.ledger.requests.count == 1 && books.ledger.audit.count == audit.count + 4)
        books.ledger.rollbackTurn()
        #expect(books.ledger.requests.isEmpty && books.ledger.nextRequest == 1)
        #expect(books.ledger.audit == audit)
        #expect(books.ledger.customers == customers)
        #expect(books.ledger.users == users)
        #expect(books.ledger.nextOverride == next)
        #expect(books.ledger.override("OV-1") == nil)
        #expect(books.ledger.policy == .standard)
        // The next override gets the id the undone one had.
        try books.block("C1")
        #expect(try books.override("C1").id == "OV-1")
    }

    @Test func rollbackTurn_AfterAFailedCommand_StillRestores() throws {
        var books = try Self.initial()
        let customers = books.ledger.customers
        books.ledger.beginTurn()
        try books.pay("C1", "10", ref: "P1")
        #expect(books.refusal(.pay(PaymentEntry(customer: "C1", amount: money("11"), ref: "P1"))) == .refConflict)
        books.ledger.rollbackTurn()
        #expect(books.ledger.customers == customers)
    }

    @Test func commitTurn_KeepsTheChanges_AndALaterRollbackDoesNothing() throws {
        var books = try Self.initial()
        books.ledger.beginTurn()
        try Self.busyTurn(&books)
        let customers = books.ledger.customers
        let users = books.ledger.users
        let next = books.ledger.nextOverride
        books.ledger.commitTurn()
        books.ledger.rollbackTurn()
        #expect(books.ledger.customers == customers)
        #expect(books.ledger.users == users)
        #expect(books.ledger.nextOverride == next)
        #expect(books.ledger.override("OV-1")?.revoked != nil)
    }

    @Test func turns_AreIndependent() throws {
        var books = try Self.initial()
        books.ledger.beginTurn()
        try books.pay("C1", "10", ref: "P1")
        books.ledger.commitTurn()
        let afterFirst = books.ledger.customers
        books.ledger.beginTurn()
        try books.pay("C1", "20", ref: "P2")
        try books.invoice("C1", "I2", "5")
        books.ledger.rollbackTurn()
        #expect(books.ledger.customers == afterFirst)
        #expect(books.ledger.customer("C1")?.exposure == money("90"))
    }

    @Test func withoutATurn_NothingIsKept_AndRollbackDoesNothing() throws {
        var books = try Self.initial()
        try books.pay("C1", "10", ref: "P1")
        let customers = books.ledger.customers
        books.ledger.rollbackTurn()
        #expect(books.ledger.customers == customers)
    }
}

import Testing

@testable import CreditCore

/// The cost of a change does not grow with the customer: a turn's undo keeps
/// versions that share all but what each change touched, the derived orders
/// and totals agree with a recomputation, and the per-customer bounds hold.
@Suite struct BigCustomerTests {
    /// BIG with `count` open invoices of 10.00, due on scattered days.
    static func bigCustomer(_ count: Int) throws -> Books {
        var books = Books()
        try books.customer("BIG")
        for n in 0..<count {
            try books.invoice(
                "BIG", "I\(n)", "10", date: "2026-01-01",
                due: Day(parsing: "2026-01-31")!.adding(days: n * 7919 % 300).description)
        }
        return books
    }

    @Test func turnOfPays_OnTwentyThousandInvoices_KeepsOnlyWhatEachChangeTouched_AndUndoesExactly() throws {
        var books = try Self.bigCustomer(20_000)
        let committed = books.ledger.customers
        let before = try #require(books.ledger.customer("BIG"))
        books.ledger.beginTurn()
        for n in 0..<2_000 { try books.pay("BIG", "0.01", ref: "P\(n)") }
        // Each change keeps the version before it; consecutive versions share all of the
        // invoice tree but one path (3 nodes for 20,000 invoices: 625 leaves of 32 under 20 branches).
        let kept = (books.ledger.undo ?? []).compactMap { step -> Customer? in
            if case .customer("BIG", let previous) = step { return previous }
            return nil
        }
        #expect(kept.count == 2_000)
        let versions = kept + [try #require(books.ledger.customer("BIG"))]
        let newNodes = zip(versions.dropFirst(), versions).map { newer, older in
            newer.invoices.items.elements.nodesNotShared(with: older.invoices.items.elements)
        }
        #expect(newNodes.allSatisfy { $0 <= 3 })
        #expect(newNodes.reduce(0, +) <= 3 * 2_000)
        #expect(versions.last!.invoices.isSound)
        books.ledger.rollbackTurn()
        #expect(books.ledger.customers == committed)
        #expect(books.ledger.customer("BIG") == before)
        #expect(books.ledger.customer("BIG")!.invoices.isSound)
        #expect(books.ledger.customer("BIG")!.openTotal == money("200000"))
    }

    @Test func savepoint_InABigTurn_UndoesOnlyTheLastChange() throws {
        var books = try Self.bigCustomer(100)
        books.ledger.beginTurn()
        try books.pay("BIG", "15", ref: "P1")
        let afterFirst = books.ledger.customers
        let savepoint = books.ledger.savepoint
        try books.pay("BIG", "25", ref: "P2", invoice: "I50")
        try books.apply(.dispute(customer: "BIG", invoice: "I7", note: "short delivery"))
        books.ledger.rollback(to: savepoint)
        #expect(books.ledger.customers == afterFirst)
        #expect(books.ledger.customer("BIG")!.invoices.isSound)
        books.ledger.commitTurn()
        #expect(books.ledger.customer("BIG")!.payment("P2") == nil)
        #expect(books.ledger.customer("BIG")!.payment("P1")?.amount == money("15"))
    }

    /// Random changes on one customer that grows past the indexed size: after
    /// each, the running totals, the id index and the order of settling agree
    /// with a recomputation from the invoices, and every payment settled what
    /// the sort of the old code (named first, then by due day and position,
    /// disputed only when named) says it should.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomChanges_AgreeWithARecomputation(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var books = Books()
        try books.customer("C1")
        var invoices = 0
        var payments = 0
        var instruments: [String] = []
        for step in 0..<600 {
            let customer = try #require(books.ledger.customer("C1"))
            switch random.below(10) {
            case 0...3:
                try books.invoice(
                    "C1", "I\(invoices)", "\(1 + random.below(50))", date: "2026-01-01",
                    due: Day(parsing: "2026-01-10")!.adding(days: random.below(40)).description)
                invoices += 1
            case 4...6:
                let named = random.below(3) == 0 && invoices > 0 ? "I\(random.below(invoices))" : nil
                let amount = Money(minorUnits: Int64(1 + random.below(6_000)))
                let expected = Self.expectedSettlements(customer, amount: amount, first: named)
                let payment = try books.pay("C1", amount.description, ref: "P\(payments)", invoice: named)
                payments += 1
                #expect(payment.settlements == expected, "step \(step)")
            case 7 where invoices > 0:
                let invoice = "I\(random.below(invoices))"
                let disputed = customer.invoice(invoice)?.dispute != nil
                try books.apply(
                    disputed
                        ? .resolve(customer: "C1", invoice: invoice, note: "agreed")
                        : .dispute(customer: "C1", invoice: invoice, note: "short delivery"))
            case 8:
                let ref = "Q\(instruments.count)"
                if books.refusal(.instrument(customer: "C1", ref: ref, amount: money("3"), due: day("2026-05-01")))
                    == nil
                {
                    instruments.append(ref)
                }
            default:
                if let ref = instruments.popLast() { try books.apply(.bounced(ref: ref)) }
            }
            let changed = try #require(books.ledger.customer("C1"))
            #expect(changed.invoices.isSound, "step \(step)")
            #expect(changed.payments.indexIsSound, "step \(step)")
            #expect(
                changed.openTotal.minorUnits == changed.invoices.reduce(0) { $0 + $1.open.minorUnits }, "step \(step)")
            #expect(changed.payments.allSatisfy { changed.payment($0.ref) == $0 })
            #expect(changed.invoices.allSatisfy { changed.invoice($0.id) == $0 })
        }
        #expect(invoices > KeyedList<Invoice>.indexedFrom)
    }

    /// The settling order of the code before the invoices were indexed.
    static func expectedSettlements(_ customer: Customer, amount: Money, first: String?) -> [Settlement] {
        let invoices = Array(customer.invoices)
        var order = invoices.indices.filter { invoices[$0].isOpen }
        order.removeAll { invoices[$0].dispute != nil && invoices[$0].id != first }
        order.sort { lhs, rhs in
            let a = invoices[lhs]
            let b = invoices[rhs]
            if (a.id == first) != (b.id == first) { return a.id == first }
            return a.due != b.due ? a.due < b.due : lhs < rhs
        }
        var remaining = amount.minorUnits
        var settlements: [Settlement] = []
        for index in order where remaining > 0 {
            let part = min(remaining, invoices[index].open.minorUnits)
            remaining -= part
            settlements.append(Settlement(invoice: invoices[index].id, amount: Money(minorUnits: part)))
        }
        return settlements
    }

    @Test func snapshotOfABigCustomer_ReadsBackEqual_WithItsIndexesRebuilt() throws {
        var books = try Self.bigCustomer(500)
        try books.pay("BIG", "1234.56", ref: "P1")
        try books.apply(.dispute(customer: "BIG", invoice: "I400", note: "wrong goods"))
        for n in 0..<40 {
            _ = try books.check("BIG", "999999")
            try books.pay("BIG", "0.01", ref: "R\(n)")
        }
        let customer = try #require(books.ledger.customer("BIG"))
        var writer = BinaryWriter()
        customer.encode(into: &writer)
        let read = try writer.bytes.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            return try Customer(reading: &reader)
        }
        #expect(read == customer)
        #expect(read.invoices.isSound && read.payments.indexIsSound)
        #expect(read.checks.count == 40 && read.log.allSatisfy { $0.action != .check })
        #expect(read.invoice("I400")?.dispute != nil)
    }

    @Test func openInvoices_PastTheMost_AreTooLarge_ButAResendAndAnInvoiceOnceOneIsPaidAreNot() throws {
        var books = Books()
        try books.customer("BIG")
        for n in 0..<Customer.maximumOpenInvoices { try books.invoice("BIG", "I\(n)", "1") }
        #expect(books.refusal(.invoice(InvoiceEntry(customer: "BIG", id: "I-more", amount: money("1")))) == .tooLarge)
        #expect(books.refusal(.invoice(InvoiceEntry(customer: "BIG", id: "I7", amount: money("1")))) == nil)
        try books.pay("BIG", "1", ref: "P1")
        try books.invoice("BIG", "I-more", "1")
        #expect(books.ledger.customer("BIG")!.invoices.openCount == Customer.maximumOpenInvoices)
    }

    @Test func reservations_PastTheMost_AreTooLarge_AndAnInvoiceFreesOne() throws {
        var books = Books()
        try books.customer("C1", limit: "1000000")
        books.ledger.beginTurn()
        for n in 0..<Customer.maximumReservations { _ = try books.check("C1", "1", order: "SO-\(n)") }
        let full = try #require(books.ledger.customer("C1"))
        let kept = (books.ledger.undo ?? []).compactMap { step -> Customer? in
            if case .customer("C1", let previous) = step { return previous }
            return nil
        }
        #expect(zip(kept.dropFirst(), kept).allSatisfy { $0.reservations.nodesNotShared(with: $1.reservations) <= 3 })
        books.ledger.commitTurn()
        #expect(
            books.refusal(
                .check(CheckQuery(customer: "C1", amount: money("1"), order: "SO-more")),
                as: Books.terminal) == .tooLarge)
        #expect(books.ledger.customer("C1") == full)
        _ = try books.check("C1", "1", order: "SO-7")  // the same CHECK again: answered
        try books.invoice("C1", "I1", "1", order: "SO-7")
        _ = try books.check("C1", "1", order: "SO-more")
        #expect(books.ledger.customer("C1")!.reservations.count == Customer.maximumReservations)
        #expect(books.ledger.customer("C1")!.reserved(at: books.now, except: nil) == money("1000"))
    }

    @Test func guarantees_PastTheMost_AreTooLarge_AndAResendIsStillAnswered() throws {
        var books = Books()
        try books.customer("C1")
        for n in 0..<Customer.maximumGuarantees {
            try books.apply(.guarantee(customer: "C1", ref: "G\(n)", amount: money("1"), until: nil))
        }
        let refused = books.refusal(.guarantee(customer: "C1", ref: "G-more", amount: money("1"), until: nil))
        #expect(refused == .tooLarge)
        #expect(books.refusal(.guarantee(customer: "C1", ref: "G7", amount: money("1"), until: nil)) == nil)
        #expect(books.ledger.customer("C1")!.guaranteed(on: books.today) == money("1000"))
    }

    /// A flood of held CHECKs on a customer with a long trail: the newest 1000 are kept, the
    /// rest of the trail is shared by every version the turn keeps, and HISTORY still lists
    /// every entry in the order it happened.
    @Test func heldCheckFlood_KeepsTheNewestChecks_AndSharesTheTrail() throws {
        var books = Books()
        try books.customer("C1", limit: "1")
        try books.invoice("C1", "I1", "100")
        for n in 0..<3_000 {
            try books.apply(.note(customer: "C1", channel: "call", note: "call \(n)", outcome: nil))
        }
        books.ledger.beginTurn()
        for _ in 0..<2_500 { _ = try books.check("C1", "1") }
        let kept = (books.ledger.undo ?? []).compactMap { step -> Customer? in
            if case .customer("C1", let previous) = step { return previous }
            return nil
        }
        let customer = try #require(books.ledger.customer("C1"))
        #expect(kept.count == 2_500)
        #expect(kept.allSatisfy { $0.log.nodesNotShared(with: customer.log) == 0 })
        #expect(customer.checks.count == Customer.checkEntriesKept)
        #expect(customer.checks.first?.ordinal == customer.lastOrdinal - Customer.checkEntriesKept + 1)
        let history = customer.history()
        #expect(history.count == 1 + 1 + 3_000 + Customer.checkEntriesKept)
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.ordinal < $1.ordinal })
        #expect(history.last?.action == .check)
    }
}

import Testing

@testable import CreditCore

/// The credit rules of DOMAIN.md, one at a time, through `Ledger.apply` and
/// `Ledger.check` with a clock the test moves.
@Suite struct LedgerTests {
    @Test func check_AnswersOK_WithAvailableIsLimitMinusExposure() throws {
        var books = Books()
        try books.customer("C1", limit: "1000")
        try books.invoice("C1", "I1", "300.25")
        let decision = try books.check("C1", "100")
        #expect(!decision.isHold)
        #expect(decision.reasons.isEmpty && decision.warnings.isEmpty)
        #expect(decision.exposure == money("300.25"))
        #expect(decision.limit == money("1000"))
        #expect(decision.available == money("699.75"))
    }

    @Test func check_UsesTheClassLimit_WhenTheCustomerHasNone() throws {
        var books = Books()
        try books.customer("C1", riskClass: .c)
        #expect(try books.check("C1").limit == Policy.standard[.c].limit)
        try books.customer("C2")
        #expect(try books.check("C2").limit == Policy.standard[Policy.standard.defaultClass].limit)
    }

    @Test func check_HoldsOverLimit_OnlyWhenExposurePlusAmountExceedsLimit() throws {
        var books = Books()
        try books.customer("C1", limit: "1000")
        try books.invoice("C1", "I1", "300")
        #expect(try books.check("C1", "700").reasons == [])  // equal to the limit passes
        let held = try books.check("C1", "700.01")
        #expect(held.reasons == .overLimit)
        #expect(held.amount == money("700.01"))
        #expect(held.available == money("700"))
        try books.invoice("C1", "I2", "700.01")
        #expect(try books.check("C1").reasons == .overLimit)  // exposure alone over the limit
    }

    @Test func check_HoldsOverLimit_WhenTheSumWouldOverflow() throws {
        var books = Books()
        try books.customer("C1", limit: "999999999999.99")
        try books.invoice("C1", "I1", "999999999999.99")
        let decision = try books.ledger.check(
            CheckQuery(customer: "C1", amount: Money(minorUnits: .max)),
            by: Books.terminal, at: books.moment)
        guard case .decision(let held) = decision.outcome else {
            Issue.record("no decision")
            return
        }
        #expect(held.reasons == .overLimit)
    }

    @Test func check_HoldsOverdue_OnlyAfterTheGraceDays() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "I1", "100")  // issued 2026-03-01, due 2026-03-31
        #expect(books.ledger.customer("C1")?.invoice("I1")?.due == day("2026-03-31"))
        books.now = Instant(parsing: "2026-03-31T12:00:00Z")!  // due today
        #expect(try books.check("C1").overdueDays == 0)
        #expect(try books.check("C1").oldest == nil)
        books.now = Instant(parsing: "2026-04-30T23:59:59Z")!  // day 30 past due: passes
        let day30 = try books.check("C1")
        #expect(day30.reasons == [])
        #expect(day30.overdueDays == 30)
        books.now = Instant(parsing: "2026-05-01T00:00:00Z")!  // day 31: holds
        let day31 = try books.check("C1")
        #expect(day31.reasons == .overdue)
        #expect(day31.overdueDays == 31)
        #expect(day31.oldest == "I1")
    }

    @Test func check_CountsOverdueFromTheOldestOpenItem() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "NEW", "100", date: "2026-02-20", due: "2026-02-28")
        try books.invoice("C1", "OLD", "100", date: "2026-01-01", due: "2026-01-15")
        let decision = try books.check("C1")
        #expect(decision.oldest == "OLD")
        #expect(decision.overdueDays == day("2026-01-15").days(until: books.today))
        #expect(decision.reasons == .overdue)
    }

    @Test func customerTerms_SetTheDueDate() throws {  // R-COL-4
        var books = Books()
        try books.customer("C1", terms: 60)
        try books.invoice("C1", "I1", "100", date: "2026-01-10")
        #expect(books.ledger.customer("C1")?.invoice("I1")?.due == day("2026-03-11"))
    }

    @Test func endOfMonthTerms_DueOnTheLastDayOfTheInvoicesMonthPlusDays() throws {  // R-COL-4
        #expect(Terms(parsing: "eom+30") == Terms(days: 30, endOfMonth: true))
        #expect(Terms(parsing: "EOM") == Terms(days: 0, endOfMonth: true))
        #expect(Terms(parsing: "45") == Terms(days: 45))
        for bad in ["eom+", "eom30", "eom+3651", "-1", "", "eom+-1", "30d"] {
            #expect(Terms(parsing: bad) == nil, "\(bad)")
        }
        #expect(Terms(days: 30, endOfMonth: true).due(issued: day("2026-02-10")) == day("2026-03-30"))
        #expect(Terms(days: 30, endOfMonth: true).due(issued: day("2024-02-29")) == day("2024-03-30"))
        #expect(Terms(days: 0, endOfMonth: true).due(issued: day("2026-12-01")) == day("2026-12-31"))
        var books = Books()
        try books.customer("C1")
        let eom30 = CustomerChange(id: "C1", terms: Terms(days: 30, endOfMonth: true), note: "שוטף+30 agreed")
        #expect(books.refusal(.customer(eom30)) == .approvalRequired)  // eom+30 is longer than 30 days
        try books.apply(.customer(eom30), as: Books.manager)
        #expect(books.ledger.customer("C1")?.terms(under: books.ledger.policy) == Terms(days: 30, endOfMonth: true))
        try books.invoice("C1", "I1", "100", date: "2026-01-10")
        #expect(books.ledger.customer("C1")?.invoice("I1")?.due == day("2026-03-02"))
    }

    @Test func void_ReturnsWhatWasPaidToCredit_FreesTheId_AndKeepsTheIndexesSound() throws {
        for count in [3, 40] {  // a short list, and one with its key and due-order indexes
            var books = Books()
            try books.customer("C1", limit: "100000")
            for number in 0..<count {
                try books.invoice("C1", "I\(number)", "10", date: "2026-01-01", due: "2026-01-31")
            }
            try books.pay("C1", "15", ref: "P1")  // I0 paid, I1 half
            try books.apply(.instrument(customer: "C1", ref: "CHQ-1", amount: money("5"), due: day("2026-03-20")))
            #expect(books.refusal(.void(customer: "C1", invoice: "I1", note: "wrong")) == .invoiceInUse)
            try books.apply(.cleared(ref: "CHQ-1"))
            let voided = try books.apply(.void(customer: "C1", invoice: "I0", note: "entered twice"))
            guard case .voided(_, _, let returned, _) = voided.outcome else {
                Issue.record("\(voided.outcome)")
                return
            }
            #expect(returned == money("10"))
            let customer = books.ledger.customer("C1")!
            #expect(customer.invoice("I0") == nil)
            #expect(customer.invoices.isSound)
            // 15 paid, 5 by cheque, the 10 returned settled I2:
            #expect(customer.openTotal == money("\(count * 10 - 30)"))
            #expect(customer.credit == .zero)
            try books.invoice("C1", "I0", "7", date: "2026-02-01", due: "2026-03-01")
            #expect(books.ledger.customer("C1")!.invoice("I0")?.amount == money("7"))
            #expect(books.ledger.customer("C1")!.invoices.isSound)
        }
    }

    @Test func pay_LiftsOverdueHold_WhenOldestItemCleared() throws {  // R-UNB-2
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "I1", "100", date: "2026-01-01", due: "2026-01-10")
        try books.invoice("C1", "I2", "100", date: "2026-02-25")
        #expect(try books.check("C1").reasons == .overdue)
        try books.pay("C1", "95", ref: "P1")
        #expect(try books.check("C1").reasons == .overdue)  // 5.00, the policy minimum, still open on I1
        try books.pay("C1", "5", ref: "P2")
        let decision = try books.check("C1")
        #expect(decision.reasons == [])
        #expect(decision.exposure == money("100"))
    }

    @Test func pay_LiftsOverLimitHold() throws {  // R-UNB-2
        var books = Books()
        try books.customer("C1", limit: "500")
        try books.invoice("C1", "I1", "600")
        #expect(try books.check("C1").reasons == .overLimit)
        try books.pay("C1", "100", ref: "P1")
        #expect(try books.check("C1").reasons == [])
    }

    @Test func pay_NeverLiftsAManualBlock() throws {  // R-BLK-8
        var books = Books()
        try books.customer("C1", limit: "500")
        try books.invoice("C1", "I1", "600", date: "2026-01-01", due: "2026-01-10")
        try books.block("C1")
        #expect(try books.check("C1").reasons == [.manual, .overLimit, .overdue])
        try books.pay("C1", "600", ref: "P1")
        let decision = try books.check("C1")
        #expect(decision.reasons == .manual)
        #expect(decision.blockReason == "FRAUD")
        try books.apply(.unblock(customer: "C1", note: "paid in full"))
        #expect(try books.check("C1").reasons == [])
    }

    @Test func strategicCustomer_PassesCreditReasons_WithWarnings() throws {  // R-BLK-7
        var books = Books()
        try books.customer("S1", limit: "100", strategic: true)
        try books.invoice("S1", "I1", "150", date: "2026-01-01", due: "2026-01-10")
        let decision = try books.check("S1", "10")
        #expect(!decision.isHold)
        #expect(decision.warnings == [.overLimit, .overdue])
        #expect(decision.available == money("-50"))
    }

    @Test func strategicCustomer_IsHeldByAManualBlock() throws {  // R-BLK-7
        var books = Books()
        try books.customer("S1", limit: "100", strategic: true)
        try books.invoice("S1", "I1", "150")
        try books.block("S1", reason: "LEGAL", note: "court order")
        let decision = try books.check("S1")
        #expect(decision.reasons == .manual)
        #expect(decision.warnings == .overLimit)
    }

    @Test func hold_NamesEveryReason() throws {  // R-BLK-5
        var books = Books()
        try books.customer("C1", limit: "100")
        try books.invoice("C1", "I1", "150", date: "2026-01-01", due: "2026-01-10")
        try books.block("C1")
        let decision = try books.check("C1", "1")
        #expect(decision.reasons == [.manual, .overLimit, .overdue])
        #expect(decision.reasons.description == "MANUAL,OVER_LIMIT,OVERDUE")
        #expect(decision.oldest == "I1")
        #expect(decision.blockReason != nil)
    }

    @Test func pay_SettlesOldestDueFirst() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "A", "100", date: "2026-02-01", due: "2026-04-01")
        try books.invoice("C1", "B", "50", date: "2026-02-01", due: "2026-03-20")
        try books.invoice("C1", "C", "200", date: "2026-02-01", due: "2026-05-01")
        try books.invoice("C1", "D", "10", date: "2026-02-01", due: "2026-03-20")  // same due as B: recorded later
        let payment = try books.pay("C1", "120", ref: "P1")
        #expect(
            payment.settlements == [
                Settlement(invoice: "B", amount: money("50")),
                Settlement(invoice: "D", amount: money("10")),
                Settlement(invoice: "A", amount: money("60")),
            ])
        #expect(payment.unapplied == .zero)
        let customer = try #require(books.ledger.customer("C1"))
        #expect(customer.invoice("A")?.open == money("40"))
        #expect(customer.exposure == money("240"))
    }

    @Test func pay_SettlesTheNamedInvoiceFirst() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "A", "100", date: "2026-02-01", due: "2026-03-01")
        try books.invoice("C1", "B", "200", date: "2026-02-01", due: "2026-04-01")
        let payment = try books.pay("C1", "250", ref: "P1", invoice: "B")
        #expect(
            payment.settlements == [
                Settlement(invoice: "B", amount: money("200")),
                Settlement(invoice: "A", amount: money("50")),
            ])
        #expect(books.ledger.customer("C1")?.invoice("A")?.open == money("50"))
    }

    @Test func pay_BeyondEveryOpenItem_LeavesCredit_ThatSettlesTheNextInvoice() throws {
        var books = Books()
        try books.customer("C1", limit: "1000")
        try books.invoice("C1", "A", "100")
        let payment = try books.pay("C1", "150", ref: "P1")
        #expect(payment.unapplied == money("50"))
        #expect(try books.check("C1").exposure == money("-50"))
        #expect(try books.check("C1").available == money("1050"))
        try books.invoice("C1", "B", "80")
        let customer = try #require(books.ledger.customer("C1"))
        #expect(customer.credit == .zero)
        #expect(customer.invoice("B")?.open == money("30"))
        #expect(customer.exposure == money("30"))
    }

    @Test func pay_WithARepeatedRef_ChangesNothing_AndReturnsTheSameReceipt() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "A", "100")
        let first = try books.pay("C1", "60", ref: "P1")
        let before = books.ledger.customers
        books.advance(.hours(1))
        let retry = try books.apply(.pay(PaymentEntry(customer: "C1", amount: money("60"), ref: "P1")))
        guard case .payment(let receipt, _) = retry.outcome else {
            Issue.record("no receipt")
            return
        }
        #expect(receipt == first)
        #expect(retry.event == nil)
        #expect(books.ledger.customers == before)
    }

    @Test(arguments: [("61", nil), ("60", "A")] as [(String, String?)])
    func pay_WithAConflictingRef_IsRefused(amount: String, invoice: String?) throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "A", "100")
        try books.pay("C1", "60", ref: "P1")
        let before = books.ledger.customers
        #expect(
            books.refusal(.pay(PaymentEntry(customer: "C1", amount: money(amount), ref: "P1", invoice: invoice)))
                == .refConflict)
        #expect(books.ledger.customers == before)
    }

    @Test func pay_Refuses_UnknownInvoice_AndNonPositiveAmounts() throws {
        var books = Books()
        try books.customer("C1")
        #expect(
            books.refusal(.pay(PaymentEntry(customer: "C1", amount: money("1"), ref: "P1", invoice: "X")))
                == .unknownInvoice)
        #expect(books.refusal(.pay(PaymentEntry(customer: "C1", amount: .zero, ref: "P1"))) == .badAmount)
        #expect(books.refusal(.pay(PaymentEntry(customer: "C1", amount: money("-1"), ref: "P1"))) == .badAmount)
        #expect(books.ledger.customer("C1")?.payments.isEmpty == true)
    }

    @Test func invoice_RepeatedIdentically_IsIdempotent() throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "A", "100", date: "2026-02-01", order: "SO-1")
        let before = books.ledger.customers
        let again = try books.apply(
            .invoice(
                InvoiceEntry(
                    customer: "C1", id: "A", amount: money("100"),
                    issued: day("2026-02-01"), order: "SO-1")))
        #expect(again.event == nil)
        #expect(books.ledger.customers == before)
        guard case .invoice(let invoice, _, let exposure) = again.outcome else {
            Issue.record("no invoice")
            return
        }
        #expect(invoice.amount == money("100") && exposure == money("100"))
    }

    @Test(arguments: [
        InvoiceEntry(customer: "C1", id: "A", amount: money("100.01"), issued: day("2026-02-01"), order: "SO-1"),
        InvoiceEntry(customer: "C1", id: "A", amount: money("100"), issued: day("2026-02-02"), order: "SO-1"),
        InvoiceEntry(
            customer: "C1", id: "A", amount: money("100"), issued: day("2026-02-01"), due: day("2026-02-01"),
            order: "SO-1"),
        InvoiceEntry(customer: "C1", id: "A", amount: money("100"), issued: day("2026-02-01"), order: "SO-2"),
        InvoiceEntry(customer: "C1", id: "A", amount: money("100"), issued: day("2026-02-01")),
    ])
    func invoice_RepeatedWithOtherDetails_IsDuplicateInvoice(entry: InvoiceEntry) throws {
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "A", "100", date: "2026-02-01", order: "SO-1")
        let before = books.ledger.customers
        #expect(books.refusal(.invoice(entry)) == .duplicateInvoice)
        #expect(books.ledger.customers == before)
    }

    @Test func invoice_Refuses_NonPositiveAmounts_AndDueBeforeIssue() throws {
        var books = Books()
        try books.customer("C1")
        #expect(books.refusal(.invoice(InvoiceEntry(customer: "C1", id: "A", amount: .zero))) == .badAmount)
        #expect(
            books.refusal(
                .invoice(
                    InvoiceEntry(
                        customer: "C1", id: "A", amount: money("1"),
                        issued: day("2026-02-02"), due: day("2026-02-01")))) == .badDate)
        #expect(books.ledger.customer("C1")?.invoices.isEmpty == true)
    }

    @Test(arguments: [
        Command.invoice(InvoiceEntry(customer: "NOPE", id: "A", amount: Money(minorUnits: 100))),
        Command.pay(PaymentEntry(customer: "NOPE", amount: Money(minorUnits: 100), ref: "P1")),
        Command.block(customer: "NOPE", reason: "FRAUD", note: "n"),
        Command.unblock(customer: "NOPE", note: "n"),
        Command.override(OverrideEntry(customer: "NOPE", window: .lasting(.hours(1)), note: "n")),
        Command.check(CheckQuery(customer: "NOPE")),
    ])
    func everyCommand_OnAnUnknownCustomer_IsUnknownCustomer(command: Command) throws {
        var books = Books()
        #expect(books.refusal(command, as: Books.manager) == .unknownCustomer)
        #expect(books.ledger.customers.isEmpty)
    }

    @Test func unblock_RecordsTheExposureAtRelease() throws {  // R-UNB-5
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "A", "100")
        try books.block("C1")
        try books.invoice("C1", "B", "23.45")
        let applied = try books.apply(.unblock(customer: "C1", note: "earnest money received"))
        guard case .unblocked(let customer, let exposure) = applied.outcome else {
            Issue.record("no release")
            return
        }
        #expect(customer == "C1" && exposure == money("123.45"))
        let entry = try #require(books.ledger.customer("C1")?.log.last)
        #expect(entry.action == .unblock)
        #expect(entry.by == "carla")
        #expect(entry.detail == "exposure=123.45 earnest=none-owed note=\"earnest money received\"")
        #expect(books.ledger.customer("C1")?.block == nil)
    }

    @Test func block_RecordsWhoWhenWhyAndTheExposure() throws {  // R-BLK-3, R-BLK-4
        var books = Books()
        try books.customer("C1")
        try books.invoice("C1", "A", "100")
        try books.block("C1", reason: "LEGAL", note: "said \"no\"")
        let block = try #require(books.ledger.customer("C1")?.block)
        #expect(
            block
                == ManualBlock(
                    reason: "LEGAL", note: "said \"no\"", by: "carla", at: Books.start,
                    exposure: money("100")))
        #expect(
            books.ledger.customer("C1")?.log.last?.detail == "reason=LEGAL exposure=100.00 note=\"said \\\"no\\\"\"")
        #expect(books.refusal(.block(customer: "C1", reason: "FRAUD", note: "again")) == .alreadyBlocked)
        try books.apply(.unblock(customer: "C1", note: "ok"))
        #expect(books.refusal(.unblock(customer: "C1", note: "again")) == .notBlocked)
    }

    @Test(arguments: ["", " ", "\t \n"])
    func blockUnblockOverrideRevoke_WithoutANote_AreNoteRequired(note: String) throws {  // R-OVR-3
        var books = Books()
        try books.customer("C1")
        #expect(books.refusal(.block(customer: "C1", reason: "FRAUD", note: note)) == .noteRequired)
        try books.block("C1")
        #expect(books.refusal(.unblock(customer: "C1", note: note)) == .noteRequired)
        #expect(
            books.refusal(
                .override(OverrideEntry(customer: "C1", window: .lasting(.hours(1)), note: note)),
                as: Books.manager) == .noteRequired)
        try books.override("C1")
        #expect(books.refusal(.revoke(override: "OV-1", note: note), as: Books.manager) == .noteRequired)
        #expect(books.ledger.customer("C1")?.block != nil)
        #expect(books.ledger.override("OV-1")?.revoked == nil)
        #expect(books.ledger.nextOverride == 2)
    }

    @Test func customer_CreatesUpdatesOrLeavesUnchanged() throws {
        var books = Books()
        let created = try books.apply(.customer(CustomerChange(id: "C1", name: "Acme Ltd", limit: money("10"))))
        guard case .customer(let customer, .created) = created.outcome else {
            Issue.record("not created")
            return
        }
        #expect(customer.name == "Acme Ltd" && customer.ownLimit == money("10") && customer.riskClass == .b)
        let same = try books.apply(.customer(CustomerChange(id: "C1", name: "Acme Ltd")))
        guard case .customer(_, .unchanged) = same.outcome else {
            Issue.record("not unchanged")
            return
        }
        #expect(same.event == nil)
        #expect(books.refusal(.customer(CustomerChange(id: "C1", riskClass: .a, strategic: true))) == .approvalRequired)
        #expect(
            books.refusal(.customer(CustomerChange(id: "C1", riskClass: .a, strategic: true)), as: Books.manager)
                == .noteRequired)
        let updated = try books.apply(
            .customer(CustomerChange(id: "C1", riskClass: .a, strategic: true, note: "key account")),
            as: Books.manager)
        guard case .customer(let changed, .updated) = updated.outcome else {
            Issue.record("not updated")
            return
        }
        #expect(changed.riskClass == .a && changed.strategic && changed.name == "Acme Ltd")
        #expect(changed.log.last?.detail == "class=B → A strategic=no → yes approved_by=dana note=\"key account\"")
        let lowered = try books.apply(.customer(CustomerChange(id: "C1", limit: money("5"))))
        guard case .customer(let lower, .updated) = lowered.outcome else {
            Issue.record("not lowered")
            return
        }
        #expect(lower.log.last?.detail == "limit=10.00 → 5.00")
        #expect(books.refusal(.customer(CustomerChange(id: "C1", limit: money("-1")))) == .badAmount)
        #expect(books.refusal(.customer(CustomerChange(id: "C1", terms: 3651))) == .badValue)
    }

    @Test func users_AddAndDelete_KeepTheLastAdmin() throws {
        var books = Books(users: false)
        let credential = Credential(secret: "x", salt: [9])
        try books.apply(.addUser(name: "root", role: .admin, credential: credential), as: .system)
        #expect(books.refusal(.addUser(name: "root", role: .clerk, credential: credential), as: .system) == .userExists)
        #expect(books.refusal(.deleteUser(name: "root"), as: .system) == .forbidden)
        #expect(books.refusal(.deleteUser(name: "ghost"), as: .system) == .unknownUser)
        try books.apply(.addUser(name: "root2", role: .admin, credential: credential), as: .system)
        try books.apply(.deleteUser(name: "root"), as: .system)
        #expect(books.ledger.users.keys.sorted() == ["root2"])
        #expect(books.ledger.users["root2"]?.credential.matches("x") == true)
    }
}

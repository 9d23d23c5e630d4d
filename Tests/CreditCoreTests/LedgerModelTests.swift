import CreditCore
import Testing

/// Thousands of random commands against `Ledger` and `ReferenceModel` side by
/// side, with a clock that moves; after every step the two must agree and the
/// invariants must hold. Seeded, so a failure names the seed and step that
/// reproduce it.
@Suite struct LedgerModelTests {
    static let customers = ["C0", "C1", "C2", "C3"]
    static let orders = ["O0", "O1", "O2", "O3", "O4"]

    @Test(arguments: [1, 2, 0xC0FFEE, 20_261_123] as [UInt64])
    func randomCommands_AgreeWithTheReferenceModel(seed: UInt64) throws {
        var run = Run(seed: seed)
        for step in 0..<3000 {
            run.step = step
            run.advanceClock()
            run.randomCommand()
            run.checkInvariants()
            if run.failed { break }
        }
        guard !run.failed else { return }
        #expect(run.checks > 500, "seed \(seed): too few CHECKs to mean anything")
        #expect(run.holds > 50 && run.overridden > 10, "seed \(seed): holds \(run.holds), overridden \(run.overridden)")
    }

    struct Run {
        var random: SplitMix64
        var books = Books()
        var model = ReferenceModel()
        let seed: UInt64
        var step = 0
        var failed = false
        var invoices = 0
        var refs = 0
        var checks = 0, holds = 0, overridden = 0

        init(seed: UInt64) {
            self.seed = seed
            random = SplitMix64(seed: seed)
            books.now = Instant(parsing: "2026-01-05T08:00:00Z")!
            // A manager whose overrides are bounded by a ceiling of 1500.00.
            _ = try! books.apply(
                .addUser(
                    name: "vic", role: .manager, credential: Credential(secret: "v", salt: [5]),
                    overrideMax: Money(minorUnits: 150_000)), as: .system)
        }

        var now: Int64 { books.now.secondsSinceEpoch }
        var today: Int { Int(books.today.daysSinceEpoch) }
        var context: Comment { "seed \(seed) step \(step) at \(books.now)" }

        mutating func fail(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
            Issue.record("\(context): \(message)", sourceLocation: sourceLocation)
            failed = true
        }

        mutating func advanceClock() {
            if random.chance(2) {
                books.advance(days: 1 + random.below(20))
            } else {
                books.advance(Period(seconds: Int64(random.below(3 * 3600))))
            }
        }

        /// Applies `command` and compares the outcome with what the model expected.
        @discardableResult
        mutating func apply(_ command: Command, as actor: Actor, expected: ErrorCode?) -> Applied? {
            do {
                let applied = try books.ledger.apply(command, by: actor, at: books.moment)
                if let expected { fail("\(command.self) succeeded; the model expected \(expected)") }
                return applied
            } catch {
                if error.code != expected {
                    fail("\(command) refused \(error); the model expected \(String(describing: expected))")
                }
                return nil
            }
        }

        mutating func amount(upTo major: Int) -> Int64 { Int64(1 + random.below(major * 100)) }

        mutating func randomCommand() {
            let customer = random.chance(3) ? "NOPE" : random.pick(LedgerModelTests.customers)
            switch random.below(100) {
            case 0..<6: customerChange(customer)
            case 6..<28: invoice(customer)
            case 28..<44: pay(customer)
            case 44..<50: block(customer)
            case 50..<55: unblock(customer)
            case 55..<65: override(customer)
            case 65..<68: confirm()
            case 68..<71: revoke()
            default: check(customer)
            }
        }

        mutating func customerChange(_ id: String) {
            guard id != "NOPE" else { return }
            let limit: Int64? = random.chance(50) ? Int64(random.pick([0, 50_000, 200_000, 500_000, 2_000_000])) : nil
            let strategic: Bool? = random.chance(30) ? random.chance(30) : nil
            let actor = random.pick([Books.clerk, Books.clerk, Books.manager])
            let expected = model.customer(id, limit: limit, strategic: strategic, actor: actor)
            apply(
                .customer(
                    CustomerChange(
                        id: id, limit: limit.map(Money.init(minorUnits:)), strategic: strategic,
                        note: actor.role == .manager ? "step \(step)" : nil)),
                as: actor, expected: expected)
        }

        mutating func invoice(_ customer: String) {
            var id: String
            var amount = self.amount(upTo: 3000)
            var issued = today - random.below(70)
            var due: Int? = random.chance(20) ? issued + random.below(90) : nil
            var order: String? = random.chance(30) ? customer + "/" + random.pick(LedgerModelTests.orders) : nil
            if random.chance(10), let existing = model.accounts[customer]?.items.randomElement(using: &random) {
                id = existing.id  // a retry, identical or not
                if random.chance(60) {
                    amount = existing.amount
                    issued = existing.issued
                    due = existing.due
                    order = existing.order
                }
            } else {
                invoices += 1
                id = "I\(invoices)"
            }
            let expected = model.invoice(customer, id, amount: amount, issued: issued, due: due, order: order)
            let before = books.ledger.customers
            let applied = apply(
                .invoice(
                    InvoiceEntry(
                        customer: customer, id: id, amount: Money(minorUnits: amount),
                        issued: Day(daysSinceEpoch: Int32(issued)),
                        due: due.map { Day(daysSinceEpoch: Int32($0)) }, order: order)),
                as: Books.clerk, expected: expected)
            if let applied, applied.event == nil, books.ledger.customers != before {
                fail("a repeated invoice changed the books")
            }
        }

        mutating func pay(_ customer: String) {
            var amount = self.amount(upTo: 2000)
            var invoice: String? =
                random.chance(25) ? model.accounts[customer]?.items.randomElement(using: &random)?.id : nil
            if random.chance(3) { invoice = "NO-SUCH" }
            let ref: String
            if random.chance(15),
                let (earlier, payment) = model.accounts[customer]?.payments.randomElement(using: &random)
            {
                ref = earlier  // a terminal's retry, or a conflict
                if random.chance(70) {
                    amount = payment.amount
                    invoice = payment.invoice
                }
            } else {
                refs += 1
                ref = "R\(refs)"
            }
            let expected = model.pay(customer, amount: amount, ref: ref, invoice: invoice)
            let before = books.ledger.customers
            let applied = apply(
                .pay(
                    PaymentEntry(
                        customer: customer, amount: Money(minorUnits: amount), ref: ref,
                        invoice: invoice)), as: Books.clerk, expected: expected)
            if let applied, books.ledger.customers[customer]?.payments.count == before[customer]?.payments.count {
                // A repeated ref: the same receipt, nothing journaled, nothing changed.
                if applied.event != nil || books.ledger.customers != before {
                    fail("a repeated ref \(ref) changed the books")
                }
                guard case .payment(let receipt, _) = applied.outcome,
                    receipt == before[customer]?.payment(ref)
                else {
                    fail("a repeated ref \(ref) got another receipt")
                    return
                }
            }
        }

        mutating func block(_ customer: String) {
            let expected = model.block(customer)
            apply(
                .block(customer: customer, reason: "RANDOM", note: "step \(step)"), as: Books.clerk, expected: expected)
        }

        mutating func unblock(_ customer: String) {
            let expected = model.unblock(customer)
            // A manager releases: earnest money (R-UNB-4) has its own tests; the model leaves it out.
            apply(.unblock(customer: customer, note: "step \(step)"), as: Books.manager, expected: expected)
        }

        static let vic = Actor(name: "vic", role: .manager)

        mutating func override(_ customer: String) {
            let phone = random.chance(30)
            let actor =
                phone
                ? Books.clerk
                : random.pick([
                    Books.manager, Books.otherManager, Books.otherManager,
                    Books.manager, Run.vic, Books.clerk, Books.admin,
                ])
            let named: String? = phone ? random.pick(["dana", "mo", "mo", "vic", "pos1", "ada"]) : nil
            let seconds = Int64(1 + random.below(180)) * 3600  // up to 180h: some too long
            let amount: Int64? = random.chance(30) ? self.amount(upTo: 2000) : nil
            let total: Int64? = random.chance(30) ? self.amount(upTo: 4000) : nil
            let order: String? = random.chance(25) ? customer + "/" + random.pick(LedgerModelTests.orders) : nil
            let uses: Int? = random.chance(30) ? 1 + random.below(3) : nil
            let reasons: HoldReason? =
                random.chance(25)
                ? random.pick([.overLimit, .manual, [.overLimit, .overdue], .overdue] as [HoldReason]) : nil
            let expected = model.override(
                customer, actor: actor, phone: named, seconds: seconds, amount: amount,
                total: total, order: order, uses: uses, reasons: reasons, now: now, today: today)
            let entry = OverrideEntry(
                customer: customer, window: .lasting(Period(seconds: seconds)),
                maximumAmount: amount.map(Money.init(minorUnits:)), order: order, uses: uses,
                total: total.map(Money.init(minorUnits:)), reasons: reasons,
                phoneManager: named, note: "step \(step)")
            guard let applied = apply(.override(entry), as: actor, expected: expected) else { return }
            guard case .override(let override) = applied.outcome, override.id == model.grants.last?.id else {
                fail("override id \(applied.outcome) is not \(model.grants.last?.id ?? "-")")
                return
            }
        }

        mutating func confirm() {
            let id = random.chance(5) ? "OV-999" : "OV-\(1 + random.below(max(1, model.grants.count)))"
            let actor = random.pick([Books.manager, Books.otherManager, Books.otherManager, Run.vic, Books.admin])
            let expected = model.confirm(id, actor: actor, now: now)
            apply(.confirm(override: id), as: actor, expected: expected)
        }

        mutating func revoke() {
            let id = random.chance(5) ? "OV-999" : "OV-\(1 + random.below(max(1, model.grants.count)))"
            let expected = model.revoke(id, now: now)
            apply(.revoke(override: id, note: "step \(step)"), as: Books.manager, expected: expected)
        }

        mutating func check(_ customer: String) {
            let amount = random.chance(20) ? 0 : self.amount(upTo: 2500)
            let order: String? = random.chance(50) ? customer + "/" + random.pick(LedgerModelTests.orders) : nil
            let overridesBefore = books.ledger.customer(customer)?.overrides ?? []
            let facts =
                model.accounts[customer] == nil
                ? []
                : model.facts(customer, amount: amount, today: today, now: now, order: order)
            let verdict = model.check(customer, amount: amount, order: order, now: now, today: today)
            let query = CheckQuery(customer: customer, amount: Money(minorUnits: amount), order: order)
            guard
                let applied = apply(
                    .check(query), as: Books.terminal,
                    expected: verdict == nil ? .unknownCustomer : nil),
                let verdict
            else { return }
            guard case .decision(let decision) = applied.outcome else {
                fail("CHECK answered \(applied.outcome)")
                return
            }
            checks += 1
            if decision.isHold { holds += 1 }
            if decision.override != nil { overridden += 1 }
            let got = ReferenceModel.Verdict(
                reasons: decision.reasons, warnings: decision.warnings, grant: decision.override)
            if got != verdict { fail("CHECK \(customer) \(amount) \(order ?? "-"): ledger \(got), model \(verdict)") }
            // R-BLK-5: a HOLD names at least one reason, and every reason it names is true.
            if decision.isHold, decision.reasons.isEmpty { fail("a HOLD without a reason") }
            if !facts.isSuperset(of: decision.reasons.union(decision.warnings).union(decision.overridden)) {
                fail(
                    "CHECK named \(decision.reasons) warn \(decision.warnings) held \(decision.overridden); true: \(facts)"
                )
            }
            if decision.available.minorUnits
                != decision.limit.minorUnits - decision.exposure.minorUnits - decision.reserved.minorUnits
            {
                fail("available is not limit - exposure - reserved")
            }
            if let id = decision.override {
                // R-OVR-5: the override that passed it was within every bound at that moment.
                guard let used = overridesBefore.first(where: { $0.id == id }) else {
                    fail("no \(id) before")
                    return
                }
                let withinTime =
                    used.revoked == nil && books.now < used.until && used.lapses.map { books.now < $0 } ?? true
                let withinAmount = used.maximumAmount.map { query.amount <= $0 } ?? true
                let withinOrder = used.order.map { $0 == order } ?? true
                let withinUses =
                    used.uses.map { used.usedBy.count < $0 || (order.map(used.usedBy.contains) ?? false) } ?? true
                let withinReasons = used.reasons.isSuperset(of: decision.overridden)
                let earlier = used.passed.first { $0.order == order }?.amount.minorUnits ?? 0
                let withinTotal =
                    used.total.map { order != nil && used.spent.minorUnits - earlier + amount <= $0.minorUnits } ?? true
                let withinPhone = !used.awaitingConfirmation || amount <= books.ledger.policy.phoneAmountMax.minorUnits
                let manager = books.ledger.users[used.manager]
                let withinCeiling =
                    manager?.role == .manager
                    && manager!.overrideMax.map { ceiling in
                        used.total.map { $0 <= ceiling } == true && (used.maximumAmount.map { $0 <= ceiling } ?? true)
                    } ?? true
                let since = used.issued.adding(Period(seconds: -books.ledger.policy.overrideWindow.seconds))
                let renewals = overridesBefore.count { $0.issued > since && $0.issued <= used.issued }
                let withinRenewals = renewals <= books.ledger.policy.overrideCountMax
                if !(withinTime && withinAmount && withinOrder && withinUses && withinReasons && withinTotal
                    && withinPhone
                    && withinCeiling && withinRenewals)
                {
                    fail("\(id) passed a CHECK outside its bounds")
                }
            }
        }

        /// After every step: the ledger's books are the model's books.
        mutating func checkInvariants() {
            if Set(books.ledger.customers.keys) != Set(model.accounts.keys) {
                fail("customers differ")
                return
            }
            for (id, account) in model.accounts {
                let customer = books.ledger.customers[id]!
                let open = customer.invoices.reduce(Int64(0)) { $0 + $1.open.minorUnits }
                if customer.exposure.minorUnits != open - customer.credit.minorUnits {
                    fail("\(id): exposure \(customer.exposure) is not open items less credit")
                }
                if customer.exposure.minorUnits != account.exposure {
                    fail("\(id): exposure \(customer.exposure), model \(account.exposure)")
                }
                if customer.credit.minorUnits != account.credit { fail("\(id): credit differs") }
                if customer.credit.isPositive, customer.invoices.contains(where: \.isOpen) {
                    fail("\(id): a credit balance next to open items")
                }
                let ledgerItems = customer.invoices.map { "\($0.id)=\($0.open.minorUnits)@\($0.due.daysSinceEpoch)" }
                let modelItems = account.items.map { "\($0.id)=\($0.open)@\($0.due)" }
                if ledgerItems != modelItems { fail("\(id): items \(ledgerItems), model \(modelItems)") }
                if (customer.block != nil) != account.blocked { fail("\(id): block differs") }
                if customer.limit(under: books.ledger.policy).minorUnits != account.limit {
                    fail("\(id): limit differs")
                }
                let decision = Decision.evaluate(customer, amount: .zero, policy: books.ledger.policy, at: books.moment)
                if decision.available.minorUnits != account.limit - account.exposure
                    - account.reserved(now: now, except: nil)
                {
                    fail("\(id): available differs")
                }
            }
            let grants = model.grants.map {
                "\($0.id) \($0.usedBy) \($0.spent) \($0.revoked) \($0.lapses.map(String.init) ?? "-") \($0.reasons)"
            }
            var overrides: [Override] = []
            for number in 0..<(books.ledger.nextOverride - 1) {
                guard let override = books.ledger.override("OV-\(number + 1)") else {
                    fail("OV-\(number + 1) is lost")
                    return
                }
                overrides.append(override)
            }
            let ledgerGrants = overrides.map {
                "\($0.id) \($0.usedBy) \($0.total == nil ? 0 : $0.spent.minorUnits) \($0.revoked != nil)"
                    + " \($0.lapses.map { String($0.secondsSinceEpoch) } ?? "-") \($0.reasons)"
            }
            if grants != ledgerGrants { fail("overrides \(ledgerGrants), model \(grants)") }
        }
    }
}

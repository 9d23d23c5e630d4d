import CreditCore
import Testing

/// The gate cannot be opened by clerks alone: thousands of random clerk actions, by several
/// clerks, on customers that managers and the books have put on hold. A customer held when the
/// clerks start (for more than a clerk's own block) stays held — a CHECK of 1500.00 always, a CHECK of 0 unless an unconfirmed phone
/// approval in a manager's name lets it through (at most `phone.amount_max`, R-OVR-6) — until a
/// way out the seeds allow happens to it: a payment, or exposure going down. DISPUTE, PLAN,
/// GUARANTEE and STAGE, the collection tools that lift OVERDUE or AGENCY by the rules of
/// R-COL-5..7, are not among the actions.
@Suite struct ClerkAloneTests {
    static let clerks = ["carla", "olga", "ivan"].map { Actor(name: $0, role: .clerk) }
    static let managers = ["dana", "mo"]
    static let customers = (0..<8).map { "H\($0)" }

    @Test(arguments: [3, 17, 2026, 0xBEEF] as [UInt64])
    func clerkActionsAlone_NeverTurnAHoldIntoOK(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var books = try Self.heldBooks()
        var flips = 0
        var checked = 0
        for round in 0..<8 {
            // Managers may act between rounds; the clerks' rounds start from whatever is held then.
            books.advance(.hours(Int64(1 + random.below(30))))
            if random.chance(50) {
                _ = books.refusal(
                    .override(
                        OverrideEntry(
                            customer: random.pick(Self.customers), window: .lasting(.hours(2)),
                            maximumAmount: Money(minorUnits: 50_000), note: "round \(round)")),
                    as: Books.manager)
            }
            var tracked = Set(Self.customers.filter { Self.heldBeyondClerkBlocks(books, $0, "1500") })
            var trackedAtZero = Set(Self.customers.filter { Self.heldBeyondClerkBlocks(books, $0, "0") })
            for step in 0..<250 {
                let clerk = random.pick(Self.clerks)
                let customer = random.pick(Self.customers)
                let exposure = books.ledger.customer(customer)?.exposure
                let command = Self.randomClerkCommand(customer, step: step, books: books, random: &random)
                _ = books.refusal(command, as: clerk)
                if case .pay = command, books.ledger.customer(customer)?.payments.isEmpty == false {
                    tracked.remove(customer)
                    trackedAtZero.remove(customer)
                }
                if let before = exposure, let after = books.ledger.customer(customer)?.exposure, after < before {
                    tracked.remove(customer)
                    trackedAtZero.remove(customer)
                }
                for held in tracked {
                    checked += 1
                    let decision = Self.probe(books, held, "1500")
                    if !decision.isHold {
                        flips += 1
                        Issue.record(
                            "seed \(seed) round \(round) step \(step): \(clerk.name) \(command) let \(held) through 1500: \(decision)"
                        )
                    }
                }
                for held in trackedAtZero {
                    let decision = Self.probe(books, held, "0")
                    guard !decision.isHold else { continue }
                    let override = decision.override.flatMap { books.ledger.override($0) }
                    if override?.awaitingConfirmation != true || override?.viaPhone != true
                        || books.ledger.users[override!.manager]?.role != .manager
                    {
                        flips += 1
                        Issue.record(
                            "seed \(seed) round \(round) step \(step): \(clerk.name) \(command) let \(held) through: \(decision)"
                        )
                    }
                }
                if flips > 3 { return }
            }
        }
        #expect(checked > 1000, "seed \(seed): only \(checked) held probes")
    }

    /// Customers held in every way a manager or the books hold them; one (H7) not held.
    static func heldBooks() throws -> Books {
        var books = Books()
        for clerk in clerks where clerk.name != "carla" {
            try books.apply(
                .addUser(name: clerk.name, role: .clerk, credential: Credential(secret: "s", salt: [4])), as: .system)
        }
        for customer in customers { try books.customer(customer, limit: "1000") }
        try books.apply(.block(customer: "H0", reason: "FRAUD", note: "manager's block"), as: Books.manager)
        try books.invoice("H1", "I1", "1500")  // OVER_LIMIT
        try books.invoice("H2", "I2", "500", date: "2026-01-01", due: "2026-01-10")  // OVERDUE
        try books.invoice("H3", "I3", "400")
        try books.apply(
            .instrument(customer: "H3", ref: "CHQ3", amount: money("400"), due: Day(parsing: "2026-03-10")!))
        try books.apply(.bounced(ref: "CHQ3"))  // BOUNCED
        try books.apply(.block(customer: "H4", reason: "LEGAL", note: "manager's block"), as: Books.manager)
        try books.invoice("H4", "I4", "1200")  // MANUAL, OVER_LIMIT
        try books.customer("H5", riskClass: .d)
        try books.apply(.customer(CustomerChange(id: "H5", limit: .zero)))  // class D, limit 0
        try books.invoice("H5", "I5", "10")
        try books.invoice("H6", "I6", "900", date: "2026-01-01", due: "2026-01-10")  // OVERDUE
        try books.apply(.block(customer: "H6", reason: "CALL", note: "admin's block"), as: Books.admin)
        return books
    }

    /// Held for more than a clerk's own block (which any clerk may lift: it is the clerks' level).
    static func heldBeyondClerkBlocks(_ books: Books, _ customer: String, _ amount: String) -> Bool {
        var reasons = probe(books, customer, amount).reasons
        if books.ledger.customer(customer)?.block?.level == .clerk { reasons.remove(.manual) }
        return !reasons.isEmpty
    }

    /// The answer to a CHECK without an order, asked of a copy: probing changes nothing.
    static func probe(_ books: Books, _ customer: String, _ amount: String) -> Decision {
        var copy = books.ledger
        let applied = try! copy.check(
            CheckQuery(customer: customer, amount: money(amount)), by: Books.terminal, at: books.moment)
        guard case .decision(let decision) = applied.outcome else { fatalError("CHECK answered \(applied.outcome)") }
        return decision
    }

    static func randomClerkCommand(
        _ customer: String, step: Int, books: Books,
        random: inout SplitMix64
    ) -> Command {
        let note = "step \(step)"
        let overrides = max(1, books.ledger.nextOverride - 1)
        let requests = max(1, books.ledger.nextRequest)
        switch random.below(13) {
        case 0:
            return .customer(
                CustomerChange(
                    id: customer, limit: random.chance(60) ? Money(minorUnits: Int64(random.below(300_000_000))) : nil,
                    terms: random.chance(30) ? Terms(days: random.below(120), endOfMonth: random.chance(30)) : nil,
                    riskClass: random.chance(30) ? random.pick(RiskClass.allCases) : nil,
                    strategic: random.chance(30) ? random.chance(50) : nil, note: random.chance(50) ? note : nil))
        case 1: return .unblock(customer: customer, note: note)
        case 2: return .block(customer: customer, reason: "CLERK", note: note)
        case 3:
            return .override(
                OverrideEntry(
                    customer: customer, window: .lasting(.hours(5)),
                    reasons: random.chance(50) ? HoldReason(rawValue: UInt8(1 + random.below(127))) : nil,
                    note: note))
        case 4:
            return .override(
                OverrideEntry(
                    customer: customer, window: .lasting(.hours(Int64(1 + random.below(100)))),
                    maximumAmount: random.chance(30) ? Money(minorUnits: Int64(1 + random.below(10_000_000))) : nil,
                    total: random.chance(30) ? Money(minorUnits: Int64(1 + random.below(10_000_000))) : nil,
                    reasons: random.chance(40) ? HoldReason(rawValue: UInt8(1 + random.below(127))) : nil,
                    phoneManager: random.pick(managers + ["carla", "ada", "pos1"]), note: note))
        case 5: return .confirm(override: "OV-\(1 + random.below(overrides))")
        case 6:
            return .request(
                CustomerChange(
                    id: customer, limit: Money(minorUnits: Int64(random.below(300_000_000))),
                    strategic: random.chance(20) ? true : nil, note: note))
        case 7: return .approve(request: "RQ-\(1 + random.below(requests))", note: note)
        case 8: return .reject(request: "RQ-\(1 + random.below(requests))", note: note)
        case 9: return .note(customer: customer, channel: "call", note: note, outcome: nil)
        case 10:
            return .invoice(
                InvoiceEntry(
                    customer: customer, id: "X\(step)-\(random.below(1000))",
                    amount: Money(minorUnits: Int64(1 + random.below(100_000)))))
        case 11:
            return .check(
                CheckQuery(
                    customer: customer, amount: Money(minorUnits: Int64(random.below(200_000))),
                    order: "O\(random.below(20))"))
        default:
            return .pay(
                PaymentEntry(
                    customer: customer, amount: Money(minorUnits: Int64(1 + random.below(50_000))),
                    ref: "P\(step)-\(random.below(100_000))"))
        }
    }
}

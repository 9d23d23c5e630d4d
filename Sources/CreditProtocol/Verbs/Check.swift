import CreditCore

/// CHECK and STATUS, a terminal's two questions: their rows, CHECK's canonical journal line, and
/// their replies (CHECK's written by hand into bytes, without allocating: it is the hot path).
extension VerbTable {
    static let check: [VerbSpec] = [
        VerbSpec(
            "CHECK", "CHECK <customer> [<amount>] [order=<ref>]",
            "May we supply this customer, for this amount, now? OK or HOLD with the reasons.",
            arguments: 1...2, keys: ["order"], role: .terminal, access: .read
        ) { line, origin throws(CreditError) in
            var query = CheckQuery(
                customer: try line.identifier(0, "customer"),
                amount: try line.amount(1, positive: false) ?? .zero,
                order: try line.identifier("order"))
            guard origin == .journal else { return .check(query) }
            // A journaled CHECK is the use of an override for an order, or the audit entry of
            // refusals (count= and seconds= when it stands for more than one).
            if let count = try line.integer("count", in: 2...Int.max) {
                guard let seconds = try line.integer("seconds", in: 0...Int.max) else {
                    throw CreditError(.missingArgument, "count= needs seconds=")
                }
                query.repeated = Repetition(count: count, seconds: Int64(seconds))
            }
            // A replica's refusal, kept on its primary as the replica decided it.
            if let held = line.text("held") {
                guard let reasons = HoldReason(codes: held), let replica = line.text("on") else {
                    throw CreditError(.badValue, "held= lists hold codes and goes with on=<replica>")
                }
                return .command(.relayedHold(query, RelayedHold(reasons: reasons, replica: replica)))
            }
            return .command(.check(query))
        },
        VerbSpec(
            "STATUS", "STATUS <customer>", "The whole account: terms, exposure, open items, blocks, overrides.",
            arguments: 1...1, role: .terminal, access: .read
        ) { line, _ throws(CreditError) in
            .status(customer: try line.identifier(0, "customer"))
        },
    ]
}

extension VerbTable {
    /// CHECK's row: the first of the table, the hot path.
    public static let checkSpec = all[0]

    /// The common CHECK read straight from the line's bytes: `CHECK <customer>` or `CHECK
    /// <customer> <amount>`, single spaces, no keys. Anything else (a key, a tab, a quote, two
    /// spaces, a bad id or amount) is nil and goes the general way — the same request or the
    /// same error, only slower. Skips the words, the row lookup and the decoder: about 2,000 of
    /// CHECK's instructions.
    public static func plainCheck(_ bytes: UnsafeRawBufferPointer) -> PlainCheck? {
        let verb = checkSpec.verbWord
        let count = bytes.count
        guard count > verb.count + 1, bytes[verb.count] == UInt8(ascii: " ") else { return nil }
        for index in 0..<verb.count where bytes[index] & 0xDF != verb[index] { return nil }
        let start = verb.count + 1
        var end = start
        while end < count, bytes[end] != UInt8(ascii: " ") { end += 1 }
        let id = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        guard Identifier.isValid(id) else { return nil }
        var amount = Money.zero
        if end < count {
            guard let money = Money(bytes: UnsafeRawBufferPointer(rebasing: bytes[(end + 1)...])) else { return nil }
            amount = money
        }
        return PlainCheck(customer: start..<end, amount: amount)
    }
}

extension Command {
    /// A journaled CHECK: the use of an override for an order, or the audit entry of refusals.
    static func line(_ query: CheckQuery) -> String {
        "CHECK \(query.customer) \(query.amount)" + (query.order.map { " order=\($0)" } ?? "")
            + (query.repeated.map { " count=\($0.count) seconds=\($0.seconds)" } ?? "")
    }
}

extension Reply {
    /// CHECK's answer: `OK <customer> available=… exposure=…` (plus
    /// `override=<id> held=<CODES>` or `warn=<CODES>`), or `HOLD <customer>
    /// reasons=<CODES> available=… exposure=… limit=… amount=…` plus the
    /// figures of each reason.
    public static func decision(_ decision: Decision, into out: inout [UInt8]) {
        if !decision.isHold, decision.override == nil, decision.warnings.isEmpty, !decision.reserved.isPositive {
            return plainPass(decision, into: &out)
        }
        let override = decision.override
        let blockReason = decision.blockReason
        let oldest = decision.oldest
        // Written into one buffer on the stack and appended at once, as the common answer is (an
        // append per piece was most of a HOLD's cost): room for every piece at its longest — the
        // words (112 bytes), overdue days (at most 19 digits), five amounts, three code lists, the texts.
        let capacity =
            160 + 5 * Money.maximumDigits + 3 * HoldReason.codesLength + decision.customer.utf8.count
            + (override?.utf8.count ?? 0) + (blockReason?.utf8.count ?? 0) + (oldest?.utf8.count ?? 0)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var index = 0
            func put(_ text: StaticString) {
                index = buffer.write(
                    UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount), at: index)
            }
            func put(_ text: String) { index = buffer.write(text.utf8, at: index) }
            func put(_ money: Money) { index = money.writeDigits(into: buffer, at: index) }
            func put(_ reasons: HoldReason) {
                var first = true
                for (reason, code) in HoldReason.codes where reasons.contains(reason) {
                    if !first { put(",") }
                    put(code)
                    first = false
                }
            }
            put(decision.isHold ? "HOLD " : "OK ")
            put(decision.customer)
            if decision.isHold {
                put(" reasons=")
                put(decision.reasons)
            }
            put(" available=")
            put(decision.available)
            put(" exposure=")
            put(decision.exposure)
            if decision.reserved.isPositive {
                put(" reserved=")
                put(decision.reserved)
            }
            if decision.isHold {
                put(" limit=")
                put(decision.limit)
                put(" amount=")
                put(decision.amount)
            }
            if let override {
                put(" override=")
                put(override)
                put(" held=")
                put(decision.overridden)
            }
            // A block let through by an override is named as a held one would be.
            if decision.reasons.union(decision.overridden).contains(.manual), let blockReason {
                put(" block=")
                put(blockReason)
            }
            if !decision.warnings.isEmpty {
                put(" warn=")
                put(decision.warnings)
            }
            if decision.isHold || override != nil || !decision.warnings.isEmpty, let oldest,
                decision.reasons.union(decision.overridden).union(decision.warnings).contains(.overdue)
            {
                put(" overdue_days=")
                index = Money.writeNumber(UInt64(decision.overdueDays), into: buffer, at: index)
                put(" oldest=")
                put(oldest)
            }
            put("\n")
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<index]))
        }
    }

    /// The common answer, `OK <customer> available=… exposure=…`, written into a buffer on the
    /// stack and appended at once: an append per piece (a uniqueness and a capacity check each)
    /// was most of the reply's cost.
    static func plainPass(_ decision: Decision, into out: inout [UInt8]) {
        let customer = decision.customer.utf8
        let capacity = 3 + customer.count + 11 + 10 + 1 + 2 * Money.maximumDigits
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            func put(_ text: StaticString, at start: Int) -> Int {
                buffer.write(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount), at: start)
            }
            var index = buffer.write(customer, at: put("OK ", at: 0))
            index = decision.available.writeDigits(into: buffer, at: put(" available=", at: index))
            index = decision.exposure.writeDigits(into: buffer, at: put(" exposure=", at: index))
            buffer[index] = UInt8(ascii: "\n")
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[...index]))
        }
    }

    /// `notes: false` (a terminal) leaves out the text of every note: reason codes and figures only.
    public static func status(
        _ customer: Customer, decision: Decision, policy: Policy, at moment: Moment,
        notes: Bool = true
    ) -> [String] {
        func note(_ text: String) -> String { notes ? " note=\(Quoting.quoted(text))" : "" }
        var lines: [String] = []
        lines.append(
            "customer \(customer.id) name=\(Quoting.quoted(customer.name)) class=\(customer.riskClass)"
                + " strategic=\(customer.strategic ? "yes" : "no") limit=\(customer.limit(under: policy, on: moment.today))"
                + " terms=\(customer.terms(under: policy)) stage=\(customer.stage.rawValue)"
                + (customer.temporaryLimit.map { $0.until >= moment.today ? " until=\($0.until)" : "" } ?? "")
                + " review=\(customer.nextReview(under: policy))" + (notes ? contacts(customer) : ""))
        var credit =
            "credit state=\(decision.isHold ? "HOLD" : "OK") exposure=\(decision.exposure)"
            + " available=\(decision.available) open=\(customer.openTotal) unapplied=\(customer.credit)"
            + " instruments=\(customer.pendingInstruments) guarantees=\(customer.guaranteed(on: moment.today))"
            + " reserved=\(decision.reserved)"
        if decision.isHold { credit += " reasons=\(decision.reasons)" }
        if !decision.warnings.isEmpty { credit += " warn=\(decision.warnings)" }
        if let oldest = decision.oldest { credit += " overdue_days=\(decision.overdueDays) oldest=\(oldest)" }
        lines.append(credit)
        if let block = customer.block {
            lines.append(
                "block reason=\(block.reason) by=\(block.by) level=\(block.level) at=\(block.at)"
                    + " exposure=\(block.exposure)" + note(block.note))
        }
        for invoice in customer.invoices where invoice.isOpen {
            var line =
                "invoice \(invoice.id) amount=\(invoice.amount) open=\(invoice.open) date=\(invoice.issued)"
                + " due=\(invoice.due) days_past_due=\(max(0, invoice.daysPastDue(on: moment.today)))"
            if let order = invoice.order { line += " order=\(order)" }
            if let dispute = invoice.dispute { line += " disputed=\(dispute.at)" }
            if invoice.planned { line += " plan=yes" }
            if invoice.charge != nil { line += " kind=charge" }
            lines.append(line)
        }
        for instrument in customer.instruments where instrument.state == .pending {
            lines.append("instrument \(instrument.ref) amount=\(instrument.amount) due=\(instrument.due) state=pending")
        }
        for instrument in customer.instruments where instrument.state == .bounced {
            lines.append("instrument \(instrument.ref) amount=\(instrument.amount) due=\(instrument.due) state=bounced")
        }
        for guarantee in customer.guarantees where guarantee.isInForce(on: moment.today) {
            lines.append(
                "guarantee \(guarantee.ref) amount=\(guarantee.amount)" + (guarantee.until.map { " until=\($0)" } ?? "")
            )
        }
        customer.forEachPromise(on: moment.today) { promise, state in
            guard state != .kept else { return }
            lines.append(
                "promise amount=\(promise.amount) by=\(promise.by) state=\(state.rawValue)" + note(promise.note))
        }
        if let plan = customer.plan {
            lines.append(
                "plan total=\(plan.total) instalments=\(plan.instalments) every=\(plan.every)d first=\(plan.first)"
                    + " due_to_date=\(plan.dueBefore(moment.today)) paid=\(customer.planPaid())"
                    + " arrears=\(customer.planInArrears(on: moment.today) ? "yes" : "no")")
        }
        for reservation in customer.reservations where reservation.expires > moment.instant {
            lines.append("order \(reservation.order) amount=\(reservation.amount) expires=\(reservation.expires)")
        }
        for payment in customer.payments.suffix(10) {
            lines.append("payment \(payment.ref) amount=\(payment.amount) at=\(payment.at) by=\(payment.by)")
        }
        for override in customer.overrides where override.ended(at: moment.instant) == nil {
            lines.append(
                "override \(override.id) " + bounds(override) + " exposure=\(override.exposure)"
                    + " recorded_by=\(override.recordedBy)" + note(override.note))
        }
        return lines
    }

    /// `[ contact="…"][ phone="…"][ email="…"][ owner=<user>][ follow_up=<date>]`: a terminal sees none of them.
    static func contacts(_ customer: Customer) -> String {
        var words = ""
        if let contact = customer.contact { words += " contact=" + Quoting.quoted(contact) }
        if let phone = customer.phone { words += " phone=" + Quoting.quoted(phone) }
        if let email = customer.email { words += " email=" + Quoting.quoted(email) }
        if let owner = customer.owner { words += " owner=\(owner)" }
        if let followUp = customer.followUp { words += " follow_up=\(followUp)" }
        return words
    }
}

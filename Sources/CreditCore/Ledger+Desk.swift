/// The credit controller's reads (R-COL-1, R-COL-3, R-COL-7, R-BLK-4):
/// aging, who is held and since when, who is close to a hold, and today's
/// worklist. Each is one pass over the book, computed at the moment asked.
extension Ledger {
    /// AGING totals over the whole book.
    public func aging(on today: Day) -> Aging {
        var total = Aging()
        for customer in customers.values { total.add(customer.aging(on: today)) }
        return total
    }

    /// Every customer held now, by id, with the decision and since when.
    public func held(at moment: Moment) -> [(customer: Customer, decision: Decision, since: String)] {
        customers.values.compactMap { customer -> (Customer, Decision, String)? in
            let decision = Decision.evaluate(customer, amount: .zero, policy: policy, at: moment)
            guard decision.isHold else { return nil }
            return (customer, decision, since(customer, decision, moment))
        }.sorted { $0.0.id < $1.0.id }
    }

    /// The earliest moment a present reason is known to have started.
    func since(_ customer: Customer, _ decision: Decision, _ moment: Moment) -> String {
        var starts: [String] = []
        if decision.reasons.contains(.manual), let block = customer.block { starts.append(block.at.description) }
        if decision.reasons.contains(.overdue), let oldest = decision.oldest, let invoice = customer.invoice(oldest) {
            let graceEnd = invoice.due.adding(days: policy[customer.riskClass].graceDays + 1)
            starts.append(
                max(graceEnd, invoice.resolvedOn.map { $0.adding(days: policy.disputePayDays) } ?? graceEnd).description
            )
        }
        if decision.reasons.contains(.bounced),
            let bounce = customer.instruments.filter({ $0.state == .bounced }).compactMap(\.settledAt).min()
        {
            starts.append(bounce.description)
        }
        if decision.reasons.contains(.brokenPromise) {
            var broken: Day?
            customer.forEachPromise(on: moment.today) { promise, state in
                if state == .broken { broken = min(broken ?? promise.by, promise.by) }
            }
            if let broken { starts.append(broken.adding(days: 1).description) }
        }
        if decision.reasons.contains(.agency), let staged = customer.log.last(where: { $0.action == .stage }) {
            starts.append(staged.at.description)
        }
        return starts.min() ?? "-"
    }

    /// A strategic customer passing with warnings (R-BLK-9): what would have held it, and by how much.
    static func strategicFigures(_ decision: Decision) -> String {
        let over = max(0, decision.exposure.minorUnits &+ decision.reserved.minorUnits &- decision.limit.minorUnits)
        var detail =
            "warn=\(decision.warnings) exposure=\(decision.exposure) limit=\(decision.limit)"
            + " over=\(Money(minorUnits: over))"
        if let oldest = decision.oldest { detail += " overdue_days=\(decision.overdueDays) oldest=\(oldest)" }
        return detail
    }

    /// Customers close to an automatic hold but not held for it yet (R-BLK-4), and strategic
    /// customers let through with warnings (R-BLK-9).
    public func watch(at moment: Moment) -> [(customer: String, name: String, reason: String, detail: String)] {
        var rows: [(String, String, String, String)] = []
        for customer in customers.values.sorted(by: { $0.id < $1.id }) {
            let decision = Decision.evaluate(customer, amount: .zero, policy: policy, at: moment)
            if !decision.warnings.isEmpty {
                rows.append((customer.id, customer.name, "STRATEGIC", Ledger.strategicFigures(decision)))
            }
            let used =
                decision.limit.minorUnits > 0
                ? (decision.exposure.minorUnits + decision.reserved.minorUnits) * 100 / decision.limit.minorUnits : 0
            if !decision.reasons.union(decision.warnings).contains(.overLimit), decision.limit.isPositive,
                used >= Int64(policy.watchLimitPercent)
            {
                rows.append(
                    (
                        customer.id, customer.name, "NEAR_LIMIT",
                        "used=\(used)% exposure=\(decision.exposure) limit=\(decision.limit)"
                    ))
            }
            let grace = policy[customer.riskClass].graceDays
            let rules = policy[customer.riskClass]
            if !decision.reasons.union(decision.warnings).contains(.overdue),
                let index = customer.overdue(
                    on: moment.today, grace: grace, minimum: rules.minimumOverdue,
                    planKept: !customer.planInArrears(on: moment.today),
                    payDays: policy.disputePayDays
                ).oldest
            {
                let invoice = customer.invoices[index]
                let days = invoice.daysPastDue(on: moment.today)
                if days > grace - policy.watchDays {
                    rows.append(
                        (
                            customer.id, customer.name, "NEAR_OVERDUE",
                            "overdue_days=\(max(0, days)) grace=\(grace) oldest=\(invoice.id) open=\(invoice.open)"
                        ))
                }
            }
            customer.forEachPromise(on: moment.today) { promise, state in
                if state == .pending && moment.today.days(until: promise.by) <= policy.watchDays {
                    rows.append(
                        (customer.id, customer.name, "PROMISE_DUE", "amount=\(promise.amount) by=\(promise.by)"))
                }
            }
        }
        return rows
    }
}

extension Customer {
    /// The audit trail, in the order things happened: the log, with the
    /// invoices, payments, credit notes and instruments, which carry their
    /// own who, when and place (`ordinal`) instead of a copy in the log.
    /// How many entries `history()` has, without making them.
    public var historyCount: Int {
        1 + invoices.count + payments.count + creditNotes.count + instruments.count + log.count + checks.count
    }

    public func history() -> [LogEntry] {
        var entries = [LogEntry(at: createdAt, by: createdBy, action: .customer, detail: "created")]
        for invoice in invoices {
            var entry = LogEntry(
                at: invoice.recordedAt, by: invoice.recordedBy, action: .invoice,
                detail: "invoice=\(invoice.id) amount=\(invoice.amount) date=\(invoice.issued) due=\(invoice.due)"
                    + (invoice.order.map { " order=\($0)" } ?? ""))
            if let charge = invoice.charge {
                let item = invoices.first { $0.ordinal == charge.item }?.id ?? "-"
                entry = LogEntry(
                    at: invoice.recordedAt, by: invoice.recordedBy, action: .charge,
                    detail: "charge=\(invoice.id) invoice=\(item) amount=\(invoice.amount) through=\(charge.through)"
                        + " note=" + Quoting.quoted(charge.note))
            }
            entry.ordinal = invoice.ordinal
            entries.append(entry)
        }
        for payment in payments {
            var entry = LogEntry(
                at: payment.at, by: payment.by, action: .pay, detail: "ref=\(payment.ref) amount=\(payment.amount)")
            entry.ordinal = payment.ordinal
            entries.append(entry)
        }
        for note in creditNotes {
            var entry = LogEntry(
                at: note.at, by: note.by, action: .credit, detail: "ref=\(note.ref) amount=\(note.amount)")
            entry.ordinal = note.ordinal
            entries.append(entry)
        }
        for instrument in instruments {
            var entry = LogEntry(
                at: instrument.at, by: instrument.by, action: .instrument,
                detail: "ref=\(instrument.ref) amount=\(instrument.amount) due=\(instrument.due)")
            entry.ordinal = instrument.ordinal
            entries.append(entry)
        }
        entries.append(contentsOf: log)
        entries.append(contentsOf: checks)
        return entries.sorted { $0.ordinal < $1.ordinal }
    }
}

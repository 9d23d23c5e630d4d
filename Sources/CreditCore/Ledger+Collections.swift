/// The collector's tools (R-COL-2, R-COL-5..7, R-UNB-6): credit notes,
/// disputes, promises to pay, payment plans, collection stages and the notes
/// of every contact with the customer.
extension Ledger {
    /// CREDIT: a credit note settles open items like a payment (the named
    /// invoice first), but is not money received: it keeps no promise and is
    /// no earnest money.
    mutating func credit(_ entry: PaymentEntry, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        try receive(entry, as: .creditNote, by: actor, at: moment)
    }

    /// DISPUTE: the invoice stops counting as overdue while the dispute is open (R-COL-5).
    mutating func dispute(
        _ id: String, invoice: String, note: String, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        let index = try Ledger.invoiceIndex(customer, invoice)
        guard customer.invoices[index].dispute == nil else {
            throw CreditError(.alreadyDisputed, "invoice \(invoice) of \(id) is disputed already")
        }
        customer.invoices[index].dispute = Dispute(note: note, at: moment.instant, by: actor.name)
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .dispute,
                detail: "invoice=\(invoice) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(
            outcome: .invoiceState(customer.invoices[index], customer: id),
            event: .dispute(customer: id, invoice: invoice, note: note))
    }

    /// RESOLVE: the dispute is closed; the invoice keeps its due date and counts toward
    /// OVERDUE again once `dispute.pay_days` have passed (R-COL-5).
    mutating func resolve(
        _ id: String, invoice: String, note: String, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        let index = try Ledger.invoiceIndex(customer, invoice)
        guard customer.invoices[index].dispute != nil else {
            throw CreditError(.notDisputed, "invoice \(invoice) of \(id) is not disputed")
        }
        customer.invoices[index].dispute = nil
        customer.invoices[index].resolvedOn = moment.today
        customer.applyCredit(startingWith: invoice)
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .resolve,
                detail: "invoice=\(invoice) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(
            outcome: .invoiceState(customer.invoices[index], customer: id),
            event: .resolve(customer: id, invoice: invoice, note: note))
    }

    static func invoiceIndex(_ customer: Customer, _ invoice: String) throws(CreditError) -> Int {
        guard let index = customer.invoices.position(of: invoice) else {
            throw CreditError(.unknownInvoice, "\(customer.id) has no invoice \(invoice)")
        }
        return index
    }

    /// PROMISE: recorded; never lifts a hold; broken, it counts against the customer (R-UNB-6).
    mutating func promise(
        _ id: String, amount: Money, by day: Day, note: String, actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        guard amount.isPositive else { throw CreditError(.badAmount, "a promised amount must be positive") }
        guard day >= moment.today else { throw CreditError(.badDate, "by=\(day) is in the past") }
        let promise = Promise(amount: amount, by: day, note: note, at: moment.instant, recordedBy: actor.name)
        customer.promises.append(promise)
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .promise,
                detail: "amount=\(amount) by=\(day) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(
            outcome: .promise(promise, customer: id),
            event: .promise(customer: id, amount: amount, by: day, note: note))
    }

    /// PLAN: the oldest open items up to `total` go under the plan (R-COL-6).
    mutating func plan(_ entry: PlanEntry, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(entry.customer)
        try Ledger.requireNote(entry.note)
        guard entry.total.isPositive else { throw CreditError(.badAmount, "a plan total must be positive") }
        guard (1...120).contains(entry.instalments) else {
            throw CreditError(.badValue, "instalments must be 1 to 120")
        }
        guard (1...366).contains(entry.every) else { throw CreditError(.badValue, "every= must be 1d to 366d") }
        if let plan = customer.plan, customer.planPaid() < plan.total {
            throw CreditError(.planExists, "\(entry.customer) has a plan since \(plan.at) that is not paid yet")
        }
        let debt = customer.invoices.filter { $0.isOpen && $0.dispute == nil }.reduce(Int64(0)) {
            $0 + $1.open.minorUnits
        }
        guard entry.total.minorUnits <= debt else {
            throw CreditError(
                .badAmount, "the plan total \(entry.total) is more than the open debt \(Money(minorUnits: debt))")
        }
        var covered: Int64 = 0
        for index in customer.invoices.indices.sorted(by: { customer.invoices[$0].due < customer.invoices[$1].due })
        where covered < entry.total.minorUnits && customer.invoices[index].isOpen
            && customer.invoices[index].dispute == nil
        {
            customer.invoices[index].planned = true
            covered += customer.invoices[index].open.minorUnits
        }
        let plan = PaymentPlan(
            total: entry.total, instalments: entry.instalments, every: entry.every, first: entry.first,
            note: entry.note, at: moment.instant, by: actor.name, startOpen: Money(minorUnits: covered))
        customer.plan = plan
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .plan,
                detail:
                    "total=\(entry.total) instalments=\(entry.instalments) every=\(entry.every)d first=\(entry.first) note=\(Quoting.quoted(entry.note))"
            ))
        store(customer)
        return Applied(outcome: .plan(plan, customer: entry.customer), event: .plan(entry))
    }

    /// STAGE: where the customer stands in collections; agency and legal hold (R-COL-7).
    mutating func setStage(
        _ id: String, _ stage: CollectionStage, note: String, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        guard customer.stage != stage else { return Applied(outcome: .stage(stage, customer: id), event: nil) }
        customer.stage = stage
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .stage,
                detail: "stage=\(stage.rawValue) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(outcome: .stage(stage, customer: id), event: .stage(customer: id, stage: stage, note: note))
    }

    /// NOTE: a call, meeting, letter, e-mail or fax with the customer, in the trail (R-COL-2).
    /// A NOTE ends the follow-up it answers and sets the next one when it names it (R-COL-10).
    mutating func record(
        _ note: String, channel: String, outcome: String?, followUp: Day?, for id: String,
        by actor: Actor, at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        if let followUp, followUp < moment.today {
            throw CreditError(.badDate, "follow_up=\(followUp) is in the past")
        }
        customer.followUp = followUp
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .note,
                detail: "channel=\(channel)" + (outcome.map { " outcome=" + Quoting.quoted($0) } ?? "")
                    + (followUp.map { " follow_up=\($0)" } ?? "") + " note=" + Quoting.quoted(note)))
        store(customer)
        return Applied(
            outcome: .noted(customer: id, channel: channel, followUp: followUp),
            event: .note(customer: id, channel: channel, note: note, outcome: outcome, followUp: followUp))
    }
}

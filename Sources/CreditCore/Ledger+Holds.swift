/// Every automatic hold's cause and every way out (R-BLK-3, R-UNB-2):
/// instruments, guarantees, credit notes, disputes, promises, plans,
/// collection stages, earnest money, released orders and the policy.
extension Ledger {
    /// INSTRUMENT: a post-dated cheque settles open items at once, but stays
    /// in exposure until it clears; one due more than `instrument.max_days` ahead is refused.
    mutating func instrument(_ id: String, ref: String, amount: Money, due: Day, by actor: Actor,
                             at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        guard amount.isPositive else { throw CreditError(.badAmount, "an instrument amount must be positive") }
        if let owner = owners["instrument:" + ref] {
            let existing = customers[owner]?.instruments.first { $0.ref == ref }
            guard owner == id, let existing, existing.amount == amount, existing.due == due else {
                throw CreditError(.refConflict, "instrument \(ref) was recorded with other details")
            }
            return Applied(outcome: .instrument(existing, customer: id, exposure: customer.exposure), event: nil)
        }
        let latest = moment.today.adding(days: policy.instrumentMaxDays)
        guard due <= latest else {
            throw CreditError(.badDate, "due=\(due) is more than instrument.max_days (\(policy.instrumentMaxDays)) days ahead: the latest accepted today is \(latest)")
        }
        let settled = customer.settle(amount, startingWith: nil)
        guard settled.unapplied == .zero else {
            throw CreditError(.badAmount, "\(amount) is more than the undisputed open items of \(id) (\(amount.subtracting(settled.unapplied)!)); record the rest as PAY")
        }
        let instrument = Instrument(ref: ref, amount: amount, due: due, at: moment.instant, by: actor.name,
                                    settlements: settled.settlements)
        customer.add(instrument)
        customer.pendingInstruments = Money(minorUnits: customer.pendingInstruments.minorUnits + amount.minorUnits)
        setOwner("instrument:" + ref, id)
        store(customer)
        return Applied(outcome: .instrument(customer.instruments.last!, customer: id, exposure: customer.exposure),
                       event: .instrument(customer: id, ref: ref, amount: amount, due: due))
    }

    /// CLEARED leaves exposure; BOUNCED reopens the debt it settled and counts toward BOUNCED.
    mutating func settleInstrument(_ ref: String, to state: Instrument.State, by actor: Actor,
                                   at moment: Moment) throws(CreditError) -> Applied {
        guard let owner = owners["instrument:" + ref], var customer = customers[owner],
              let index = customer.instruments.firstIndex(where: { $0.ref == ref }) else {
            throw CreditError(.unknownInstrument, "no instrument \(ref)")
        }
        let instrument = customer.instruments[index]
        guard instrument.state == .pending else {
            if instrument.state == state {
                return Applied(outcome: .instrument(instrument, customer: owner, exposure: customer.exposure), event: nil)
            }
            throw CreditError(.notPending, "instrument \(ref) has already \(instrument.state.rawValue)")
        }
        customer.instruments[index].state = state
        customer.instruments[index].settledAt = moment.instant
        customer.instruments[index].settledBy = actor.name
        customer.pendingInstruments = Money(minorUnits: customer.pendingInstruments.minorUnits - instrument.amount.minorUnits)
        if state == .bounced {
            customer.reopen(instrument.settlements)
            customer.applyCredit(startingWith: nil)
        }
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: state == .bounced ? "BOUNCED" : "CLEARED",
                                 detail: "ref=\(ref) amount=\(instrument.amount)"))
        store(customer)
        return Applied(outcome: .instrument(customer.instruments[index], customer: owner, exposure: customer.exposure),
                       event: state == .bounced ? .bounced(ref: ref) : .cleared(ref: ref))
    }

    /// GUARANTEE raises what the customer may owe while it is in force.
    mutating func guarantee(_ id: String, ref: String, amount: Money, until: Day?, by actor: Actor,
                            at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        guard amount.isPositive else { throw CreditError(.badAmount, "a guarantee amount must be positive") }
        if let owner = owners["guarantee:" + ref] {
            let existing = customers[owner]?.guarantees.first { $0.ref == ref }
            guard owner == id, let existing, existing.amount == amount, existing.until == until else {
                throw CreditError(.refConflict, "guarantee \(ref) was recorded with other details")
            }
            return Applied(outcome: .guarantee(existing, customer: id, limit: limitWithGuarantees(customer, moment)),
                           event: nil)
        }
        if let until, until < moment.today { throw CreditError(.badDate, "until=\(until) is in the past") }
        guard customer.guarantees.count < Customer.maximumGuarantees else {
            throw CreditError(.tooLarge, "\(id) has \(Customer.maximumGuarantees) guarantees, the most a customer may have")
        }
        let guarantee = Guarantee(ref: ref, amount: amount, until: until, at: moment.instant, by: actor.name)
        customer.guarantees.append(guarantee)
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: "GUARANTEE",
                                 detail: "ref=\(ref) amount=\(amount)" + (until.map { " until=\($0)" } ?? "")))
        setOwner("guarantee:" + ref, id)
        store(customer)
        return Applied(outcome: .guarantee(guarantee, customer: id, limit: limitWithGuarantees(customer, moment)),
                       event: .guarantee(customer: id, ref: ref, amount: amount, until: until))
    }

    /// RELEASE: the guarantee is returned and no longer counts.
    mutating func release(_ ref: String, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        guard let owner = owners["guarantee:" + ref], var customer = customers[owner],
              let index = customer.guarantees.firstIndex(where: { $0.ref == ref }) else {
            throw CreditError(.unknownGuarantee, "no guarantee \(ref)")
        }
        guard customer.guarantees[index].released == nil else {
            throw CreditError(.notPending, "guarantee \(ref) was released already")
        }
        customer.guarantees[index].released = moment.instant
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: "RELEASE", detail: "ref=\(ref)"))
        store(customer)
        return Applied(outcome: .guarantee(customer.guarantees[index], customer: owner,
                                           limit: limitWithGuarantees(customer, moment)),
                       event: .release(ref: ref))
    }

    func limitWithGuarantees(_ customer: Customer, _ moment: Moment) -> Money {
        Money(minorUnits: customer.limit(under: policy, on: moment.today).minorUnits + customer.guaranteed(on: moment.today).minorUnits)
    }

    /// CREDIT: a credit note settles open items like a payment (the named
    /// invoice first), but is not money received: it keeps no promise and is
    /// no earnest money.
    mutating func credit(_ entry: PaymentEntry, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        try receive(entry, as: .creditNote, by: actor, at: moment)
    }

    /// DISPUTE: the invoice stops counting as overdue while the dispute is open (R-COL-5).
    mutating func dispute(_ id: String, invoice: String, note: String, by actor: Actor,
                          at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        let index = try Ledger.invoiceIndex(customer, invoice)
        guard customer.invoices[index].dispute == nil else {
            throw CreditError(.alreadyDisputed, "invoice \(invoice) of \(id) is disputed already")
        }
        customer.invoices[index].dispute = Dispute(note: note, at: moment.instant, by: actor.name)
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: "DISPUTE",
                                 detail: "invoice=\(invoice) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(outcome: .invoiceState(customer.invoices[index], customer: id),
                       event: .dispute(customer: id, invoice: invoice, note: note))
    }

    /// RESOLVE: the dispute is closed; the invoice keeps its due date and counts toward
    /// OVERDUE again once `dispute.pay_days` have passed (R-COL-5).
    mutating func resolve(_ id: String, invoice: String, note: String, by actor: Actor,
                          at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        let index = try Ledger.invoiceIndex(customer, invoice)
        guard customer.invoices[index].dispute != nil else {
            throw CreditError(.notDisputed, "invoice \(invoice) of \(id) is not disputed")
        }
        customer.invoices[index].dispute = nil
        customer.invoices[index].resolvedOn = moment.today
        customer.applyCredit(startingWith: invoice)
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: "RESOLVE",
                                 detail: "invoice=\(invoice) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(outcome: .invoiceState(customer.invoices[index], customer: id),
                       event: .resolve(customer: id, invoice: invoice, note: note))
    }

    static func invoiceIndex(_ customer: Customer, _ invoice: String) throws(CreditError) -> Int {
        guard let index = customer.invoices.position(of: invoice) else {
            throw CreditError(.unknownInvoice, "\(customer.id) has no invoice \(invoice)")
        }
        return index
    }

    /// PROMISE: recorded; never lifts a hold; broken, it counts against the customer (R-UNB-6).
    mutating func promise(_ id: String, amount: Money, by day: Day, note: String, actor: Actor,
                          at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        guard amount.isPositive else { throw CreditError(.badAmount, "a promised amount must be positive") }
        guard day >= moment.today else { throw CreditError(.badDate, "by=\(day) is in the past") }
        let promise = Promise(amount: amount, by: day, note: note, at: moment.instant, recordedBy: actor.name)
        customer.promises.append(promise)
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: "PROMISE",
                                 detail: "amount=\(amount) by=\(day) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(outcome: .promise(promise, customer: id),
                       event: .promise(customer: id, amount: amount, by: day, note: note))
    }

    /// PLAN: the oldest open items up to `total` go under the plan (R-COL-6).
    mutating func plan(_ entry: PlanEntry, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(entry.customer)
        try Ledger.requireNote(entry.note)
        guard entry.total.isPositive else { throw CreditError(.badAmount, "a plan total must be positive") }
        guard (1...120).contains(entry.instalments) else { throw CreditError(.badValue, "instalments must be 1 to 120") }
        guard (1...366).contains(entry.every) else { throw CreditError(.badValue, "every= must be 1d to 366d") }
        if let plan = customer.plan, customer.planPaid() < plan.total {
            throw CreditError(.planExists, "\(entry.customer) has a plan since \(plan.at) that is not paid yet")
        }
        let debt = customer.invoices.filter { $0.isOpen && $0.dispute == nil }.reduce(Int64(0)) { $0 + $1.open.minorUnits }
        guard entry.total.minorUnits <= debt else {
            throw CreditError(.badAmount, "the plan total \(entry.total) is more than the open debt \(Money(minorUnits: debt))")
        }
        var covered: Int64 = 0
        for index in customer.invoices.indices.sorted(by: { customer.invoices[$0].due < customer.invoices[$1].due })
        where covered < entry.total.minorUnits && customer.invoices[index].isOpen && customer.invoices[index].dispute == nil {
            customer.invoices[index].planned = true
            covered += customer.invoices[index].open.minorUnits
        }
        let plan = PaymentPlan(total: entry.total, instalments: entry.instalments, every: entry.every, first: entry.first,
                               note: entry.note, at: moment.instant, by: actor.name, startOpen: Money(minorUnits: covered))
        customer.plan = plan
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: "PLAN",
                                 detail: "total=\(entry.total) instalments=\(entry.instalments) every=\(entry.every)d first=\(entry.first) note=\(Quoting.quoted(entry.note))"))
        store(customer)
        return Applied(outcome: .plan(plan, customer: entry.customer), event: .plan(entry))
    }

    /// STAGE: where the customer stands in collections; agency and legal hold (R-COL-7).
    mutating func setStage(_ id: String, _ stage: CollectionStage, note: String, by actor: Actor,
                        at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        guard customer.stage != stage else { return Applied(outcome: .stage(stage, customer: id), event: nil) }
        customer.stage = stage
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: "STAGE",
                                 detail: "stage=\(stage.rawValue) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(outcome: .stage(stage, customer: id), event: .stage(customer: id, stage: stage, note: note))
    }

    /// RELEASE ORDER: the order will not be invoiced; its credit is free again.
    mutating func releaseOrder(_ order: String, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        guard let owner = owners["order:" + order], var customer = customers[owner],
              customer.reservations.contains(where: { $0.order == order && $0.expires > moment.instant }) else {
            throw CreditError(.unknownOrder, "no credit is reserved for order \(order)")
        }
        customer.reservations.removeAll { $0.order == order }
        setOwner("order:" + order, nil)
        store(customer)
        return Applied(outcome: .orderReleased(order: order, customer: owner), event: .releaseOrder(order: order))
    }

    /// POLICY SET: all the settings given, or none.
    mutating func setPolicy(_ settings: [PolicySetting], by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        var changed = policy
        for setting in settings { try changed.set(setting.key, to: setting.value) }
        guard changed != policy else { return Applied(outcome: .policy(settings), event: nil) }
        willChangePolicy()
        policy = changed
        audit("POLICY SET", settings.map { "\($0.key)=" + Quoting.quoted($0.value) }.joined(separator: " "), by: actor, at: moment)
        return Applied(outcome: .policy(settings), event: .setPolicy(settings))
    }

    /// NOTE: a call, meeting, letter, e-mail or fax with the customer, in the trail (R-COL-2).
    /// A NOTE ends the follow-up it answers and sets the next one when it names it (R-COL-10).
    mutating func record(_ note: String, channel: String, outcome: String?, followUp: Day?, for id: String,
                         by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        if let followUp, followUp < moment.today {
            throw CreditError(.badDate, "follow_up=\(followUp) is in the past")
        }
        customer.followUp = followUp
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: "NOTE",
                                 detail: "channel=\(channel)" + (outcome.map { " outcome=" + Quoting.quoted($0) } ?? "")
                                     + (followUp.map { " follow_up=\($0)" } ?? "") + " note=" + Quoting.quoted(note)))
        store(customer)
        return Applied(outcome: .noted(customer: id, channel: channel, followUp: followUp),
                       event: .note(customer: id, channel: channel, note: note, outcome: outcome, followUp: followUp))
    }

    /// R-UNB-4: a clerk's UNBLOCK of a customer who owes overdue money needs a
    /// recent payment of at least the class's share of it; a manager may
    /// release without. Returns what to record.
    func earnestMoney(_ customer: Customer, by actor: Actor, at moment: Moment) throws(CreditError) -> String {
        // Overdue debt below the class minimum in total never holds (R-BLK-8), so it needs no earnest money either.
        var overdue: Int64 = 0
        for invoice in customer.invoices where invoice.isOpen && invoice.dispute == nil && invoice.daysPastDue(on: moment.today) > 0 {
            overdue += invoice.open.minorUnits
        }
        guard overdue > 0, overdue >= policy[customer.riskClass].minimumOverdue.minorUnits else { return "earnest=none-owed" }
        let required = Money(minorUnits: overdue).percentage(policy[customer.riskClass].earnestPercent) ?? .zero
        let since = Instant(secondsSinceEpoch: moment.instant.secondsSinceEpoch - Int64(policy.earnestDays) * 86_400)
        var paid: Int64 = 0
        for payment in customer.payments where payment.at >= since { paid += payment.amount.minorUnits }
        if paid >= required.minorUnits { return "earnest=\(Money(minorUnits: paid))" }
        guard actor.role >= .manager else {
            throw CreditError(.earnestRequired, """
                \(customer.id) owes \(Money(minorUnits: overdue)) overdue: releasing needs a payment of at least \
                \(required) within \(policy.earnestDays) days (received \(Money(minorUnits: paid))), or a manager
                """.replacingOccurrences(of: "\n", with: " "))
        }
        return "earnest=waived-by-manager"
    }
}

extension Customer {
    /// Credit already on account pays debt that falls due again (a bounced
    /// instrument's items, a resolved dispute), as it pays a new invoice.
    mutating func applyCredit(startingWith first: String?) {
        guard credit.isPositive else { return }
        credit = settle(credit, startingWith: first).unapplied
    }

    /// Puts back what a bounced instrument had settled.
    mutating func reopen(_ settlements: [Settlement]) {
        for settlement in settlements {
            guard let index = invoices.position(of: settlement.invoice) else { continue }
            invoices[index].open = Money(minorUnits: invoices[index].open.minorUnits + settlement.amount.minorUnits)
            openTotal = Money(minorUnits: openTotal.minorUnits + settlement.amount.minorUnits)
        }
    }
}

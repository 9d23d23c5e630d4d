/// Post-dated cheques and guarantees (R-BLK-3, R-UNB-2): an instrument settles
/// open items at once but stays in exposure until it clears; a guarantee raises
/// the limit while in force.
extension Ledger {
    /// INSTRUMENT: a post-dated cheque settles open items at once, but stays
    /// in exposure until it clears; one due more than `instrument.max_days` ahead is refused.
    mutating func instrument(
        _ id: String, ref: String, amount: Money, due: Day, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
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
            throw CreditError(
                .badDate,
                "due=\(due) is more than instrument.max_days (\(policy.instrumentMaxDays)) days ahead: the latest accepted today is \(latest)"
            )
        }
        let settled = customer.settle(amount, startingWith: nil)
        guard settled.unapplied == .zero else {
            throw CreditError(
                .badAmount,
                "\(amount) is more than the undisputed open items of \(id) (\(amount.subtracting(settled.unapplied)!)); record the rest as PAY"
            )
        }
        let instrument = Instrument(
            ref: ref, amount: amount, due: due, at: moment.instant, by: actor.name,
            settlements: settled.settlements)
        customer.add(instrument)
        customer.pendingInstruments = Money(minorUnits: customer.pendingInstruments.minorUnits + amount.minorUnits)
        setOwner("instrument:" + ref, id)
        store(customer)
        return Applied(
            outcome: .instrument(customer.instruments.last!, customer: id, exposure: customer.exposure),
            event: .instrument(customer: id, ref: ref, amount: amount, due: due))
    }

    /// CLEARED leaves exposure; BOUNCED reopens the debt it settled and counts toward BOUNCED.
    mutating func settleInstrument(
        _ ref: String, to state: Instrument.State, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        guard let owner = owners["instrument:" + ref], var customer = customers[owner],
            let index = customer.instruments.firstIndex(where: { $0.ref == ref })
        else {
            throw CreditError(.unknownInstrument, "no instrument \(ref)")
        }
        let instrument = customer.instruments[index]
        guard instrument.state == .pending else {
            if instrument.state == state {
                return Applied(
                    outcome: .instrument(instrument, customer: owner, exposure: customer.exposure), event: nil)
            }
            throw CreditError(.notPending, "instrument \(ref) has already \(instrument.state.rawValue)")
        }
        customer.instruments[index].state = state
        customer.instruments[index].settledAt = moment.instant
        customer.instruments[index].settledBy = actor.name
        customer.pendingInstruments = Money(
            minorUnits: customer.pendingInstruments.minorUnits - instrument.amount.minorUnits)
        if state == .bounced {
            customer.reopen(instrument.settlements)
            customer.applyCredit(startingWith: nil)
        }
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: state == .bounced ? .bounced : .cleared,
                detail: "ref=\(ref) amount=\(instrument.amount)"))
        store(customer)
        return Applied(
            outcome: .instrument(customer.instruments[index], customer: owner, exposure: customer.exposure),
            event: state == .bounced ? .bounced(ref: ref) : .cleared(ref: ref))
    }

    /// GUARANTEE raises what the customer may owe while it is in force.
    mutating func guarantee(
        _ id: String, ref: String, amount: Money, until: Day?, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        guard amount.isPositive else { throw CreditError(.badAmount, "a guarantee amount must be positive") }
        if let owner = owners["guarantee:" + ref] {
            let existing = customers[owner]?.guarantees.first { $0.ref == ref }
            guard owner == id, let existing, existing.amount == amount, existing.until == until else {
                throw CreditError(.refConflict, "guarantee \(ref) was recorded with other details")
            }
            return Applied(
                outcome: .guarantee(existing, customer: id, limit: limitWithGuarantees(customer, moment)),
                event: nil)
        }
        if let until, until < moment.today { throw CreditError(.badDate, "until=\(until) is in the past") }
        guard customer.guarantees.count < Customer.maximumGuarantees else {
            throw CreditError(
                .tooLarge, "\(id) has \(Customer.maximumGuarantees) guarantees, the most a customer may have")
        }
        let guarantee = Guarantee(ref: ref, amount: amount, until: until, at: moment.instant, by: actor.name)
        customer.guarantees.append(guarantee)
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .guarantee,
                detail: "ref=\(ref) amount=\(amount)" + (until.map { " until=\($0)" } ?? "")))
        setOwner("guarantee:" + ref, id)
        store(customer)
        return Applied(
            outcome: .guarantee(guarantee, customer: id, limit: limitWithGuarantees(customer, moment)),
            event: .guarantee(customer: id, ref: ref, amount: amount, until: until))
    }

    /// RELEASE: the guarantee is returned and no longer counts.
    mutating func release(_ ref: String, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        guard let owner = owners["guarantee:" + ref], var customer = customers[owner],
            let index = customer.guarantees.firstIndex(where: { $0.ref == ref })
        else {
            throw CreditError(.unknownGuarantee, "no guarantee \(ref)")
        }
        guard customer.guarantees[index].released == nil else {
            throw CreditError(.notPending, "guarantee \(ref) was released already")
        }
        customer.guarantees[index].released = moment.instant
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: .release, detail: "ref=\(ref)"))
        store(customer)
        return Applied(
            outcome: .guarantee(
                customer.guarantees[index], customer: owner,
                limit: limitWithGuarantees(customer, moment)),
            event: .release(ref: ref))
    }

    func limitWithGuarantees(_ customer: Customer, _ moment: Moment) -> Money {
        Money(
            minorUnits: customer.limit(under: policy, on: moment.today).minorUnits
                + customer.guaranteed(on: moment.today).minorUnits)
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

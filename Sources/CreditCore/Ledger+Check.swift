/// CHECK (R-BLK-2, R-BLK-5): the decision now, through a live override when one covers it
/// (R-OVR-5), reserving credit for an order; a refusal is kept in the customer's trail.
extension Ledger {
    /// Answers CHECK: evaluates the customer now and, if held, looks for a
    /// live override that covers this amount and order. Passing through an
    /// override for an order records that use — the only way CHECK changes state.
    ///
    /// A refusal is kept in the customer's trail. `repeating`, asked only for a refusal, names an
    /// earlier refusal of the same question by the same user whose entry is not journaled yet: when
    /// it is still the customer's newest event, for the same reasons, this one is only counted — the
    /// book is not touched; the event returned stands for all of them and `recount` writes the count
    /// into the entry once it is journaled. A journaled CHECK with `repeated` replays as that entry.
    public mutating func check(
        _ query: CheckQuery, by actor: Actor, at moment: Moment,
        repeating: (CheckQuery) -> Repeat? = { _ in nil }
    ) throws(CreditError) -> Applied {
        let answer = try answer(query, by: actor, at: moment, repeating: repeating)
        return Applied(outcome: .decision(answer.decision), event: answer.event.map(Command.check))
    }

    /// CHECK as the server's hot path asks it: the decision and the CHECK to journal, if any, without
    /// the general `Applied` (an `Outcome` and a `Command`, copied whole: 8% of the loop at depth 16).
    public mutating func answer(
        _ query: CheckQuery, by actor: Actor, at moment: Moment,
        repeating: (CheckQuery) -> Repeat?
    ) throws(CreditError) -> CheckAnswer {
        guard let box = customers.box(query.customer) else {
            throw CreditError(.unknownCustomer, "\(query.customer) is not a customer")
        }
        // Read in place: the common answer copies nothing out of the book.
        var decision = box.decision(amount: query.amount, order: query.order, policy: policy, at: moment)
        guard decision.isHold || query.order != nil else { return CheckAnswer(decision: consume decision, event: nil) }
        if decision.isHold, let earlier = repeating(query), earlier.ordinal == box.customer.lastOrdinal,
            earlier.reasons == decision.reasons, earlier.first <= moment.instant,
            !box.customer.overrides.contains(where: {
                $0.covers(
                    amount: query.amount, order: query.order, held: decision.reasons,
                    phoneMaximum: policy.phoneAmountMax, at: moment.instant)
            })
        {
            var counted = query
            counted.repeated = Repetition(
                count: earlier.count + 1,
                seconds: moment.instant.secondsSinceEpoch - earlier.first.secondsSinceEpoch)
            return CheckAnswer(decision: consume decision, event: counted)
        }
        var customer = box.customer
        var changed = false
        if decision.isHold {
            // A retry for an order goes through the override it used before; else the narrowest that covers it.
            let held = decision.reasons
            let covering = customer.overrides.indices.filter {
                customer.overrides[$0].covers(
                    amount: query.amount, order: query.order, held: held,
                    phoneMaximum: policy.phoneAmountMax, at: moment.instant)
            }
            let retry = covering.first { position in
                query.order.map { customer.overrides[position].usedBy.contains($0) } ?? false
            }
            guard
                let index = retry
                    ?? covering.min(by: { lhs, rhs in
                        customer.overrides[lhs].narrowness(for: query.order)
                            .lexicographicallyPrecedes(customer.overrides[rhs].narrowness(for: query.order))
                    })
            else {
                // Every refused CHECK is kept for the review of R-BLK-4.
                customer.appendCheck(
                    LogEntry(
                        at: moment.instant, by: actor.name, action: .check,
                        detail: "HOLD reasons=\(decision.reasons) " + Ledger.describe(query)
                            + Repeat.words(query.repeated, first: moment.instant)))
                store(customer)
                return CheckAnswer(decision: consume decision, event: query)
            }
            let override = customer.overrides[index]
            decision.override = override.id
            decision.overridden = decision.reasons
            decision.reasons = []
            if let order = query.order {
                customer.update(override: override.id) { _ = $0.spend(query.amount, on: order) }
            }
            customer.appendCheck(
                LogEntry(
                    at: moment.instant, by: actor.name, action: .check,
                    detail: "OK override=\(override.id) held=\(decision.overridden) "
                        + Ledger.describe(query)))
            changed = true
        }
        if let order = query.order { changed = try reserve(order, query.amount, for: &customer, at: moment) || changed }
        guard changed else { return CheckAnswer(decision: consume decision, event: nil) }
        store(customer)
        return CheckAnswer(decision: consume decision, event: query)
    }

    static func describe(_ query: CheckQuery) -> String {
        "amount=\(query.amount)" + (query.order.map { " order=\($0)" } ?? "")
    }
}

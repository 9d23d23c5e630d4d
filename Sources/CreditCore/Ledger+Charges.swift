/// Late interest and fees (R-COL-9): CHARGES proposes, CHARGE posts one as an invoice of kind
/// `charge`, due at once.
extension Ledger {
    /// Every customer's proposed charges on `today`, by customer id, then oldest item first.
    public func charges(on today: Day) -> [(customer: Customer, proposal: ChargeProposal)] {
        customers.values.sorted { $0.id < $1.id }.flatMap { customer in
            customer.charges(on: today, policy: policy).map { (customer, $0) }
        }
    }

    /// CHARGE: posts a proposed charge, at most what it proposes (less waives the rest); posting
    /// the same id again with the same amount answers as the first time.
    mutating func charge(_ entry: ChargeEntry, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(entry.customer)
        try Ledger.requireNote(entry.note)
        guard entry.amount.isPositive else { throw CreditError(.badAmount, "a charge must be positive") }
        func answer(_ charge: Invoice) -> Outcome {
            let item = customer.invoices.first { $0.ordinal == charge.charge?.item }
            return .charged(charge, customer: customer.id, item: item?.id ?? "-", exposure: customer.exposure)
        }
        if let existing = customer.invoice(entry.id) {
            guard existing.charge != nil, existing.amount == entry.amount else {
                throw CreditError(
                    .duplicateInvoice, "invoice \(entry.id) of \(entry.customer) exists with other details")
            }
            return Applied(outcome: answer(existing), event: nil)
        }
        guard let (ordinal, through) = ChargeProposal.parse(entry.id) else {
            throw CreditError(
                .badValue, "\(entry.id) is not a charge id; CHARGES \(entry.customer) proposes them (LC-<n>-<YYYYMMDD>)"
            )
        }
        guard through <= moment.today else {
            throw CreditError(.badDate, "charge \(entry.id) runs to \(through), after today")
        }
        guard let item = customer.invoices.first(where: { $0.ordinal == ordinal && !$0.voided && $0.charge == nil })
        else {
            throw CreditError(.unknownInvoice, "\(entry.customer) has no item charge \(entry.id) is for")
        }
        let planRuns = customer.plan.map { customer.planPaid() < $0.total } ?? false
        guard
            let proposal = customer.charge(
                on: item, through: through, charged: customer.chargedThrough()[ordinal],
                planRuns: planRuns, policy: policy)
        else {
            throw CreditError(
                .badValue, "nothing to charge on invoice \(item.id) of \(entry.customer) through \(through)")
        }
        guard entry.amount <= proposal.amount else {
            throw CreditError(.badAmount, "charge \(entry.id) is at most \(proposal.amount)")
        }
        try Ledger.requireRoom(for: entry.amount, in: customer)
        customer.add(
            Invoice(
                id: entry.id, amount: entry.amount, issued: moment.today, due: moment.today, open: entry.amount,
                order: nil, recordedAt: moment.instant, recordedBy: actor.name,
                charge: Charge(item: ordinal, through: through, note: entry.note)))
        store(customer)
        return Applied(outcome: answer(customer.invoice(entry.id)!), event: .charge(entry))
    }
}

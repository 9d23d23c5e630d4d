/// Correcting mistakes: VOID removes an invoice entered by mistake.
extension Ledger {
    /// VOID: the invoice stops counting anywhere; what was paid on it (payments, credit notes,
    /// cleared instruments) goes back to credit on account, which settles other open items as any
    /// credit does. It stays in HISTORY, and its id may be used again.
    mutating func void(
        _ id: String, invoice: String, note: String, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        let index = try Ledger.invoiceIndex(customer, invoice)
        let item = customer.invoices[index]
        if item.planned, let plan = customer.plan, customer.planPaid() < plan.total {
            throw CreditError(.invoiceInUse, "invoice \(invoice) of \(id) is under the payment plan of \(plan.at)")
        }
        if let cheque = customer.instruments.first(where: { instrument in
            instrument.state == .pending && instrument.settlements.contains { $0.invoice == invoice }
        }) {
            throw CreditError(
                .invoiceInUse, "invoice \(invoice) of \(id) is settled by instrument \(cheque.ref), not cleared yet")
        }
        let returned = Money(minorUnits: item.amount.minorUnits - item.open.minorUnits)
        customer.openTotal = Money(minorUnits: customer.openTotal.minorUnits - item.open.minorUnits)
        customer.invoices.void(at: index)
        customer.addCredit(returned)
        customer.applyCredit(startingWith: nil)
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .void,
                detail: "invoice=\(invoice) amount=\(item.amount) returned=\(returned) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(
            outcome: .voided(customer.invoices[index], customer: id, returned: returned, exposure: customer.exposure),
            event: .void(customer: id, invoice: invoice, note: note))
    }
}

/// Manual blocks (R-BLK-3, R-BLK-8, R-UNB-4, R-UNB-5): placed on stated grounds, lifted
/// by the level that placed them, with earnest money when overdue debt is owed.
extension Ledger {
    mutating func block(
        _ id: String, reason: String, note: String, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        if let block = customer.block {
            throw CreditError(.alreadyBlocked, "\(id) is blocked since \(block.at) by \(block.by) (\(block.reason))")
        }
        let block = ManualBlock(
            reason: reason, note: note, by: actor.name, at: moment.instant,
            exposure: customer.exposure, level: min(max(actor.role, .clerk), .manager))
        customer.block = block
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .block,
                detail: "reason=\(reason) exposure=\(block.exposure) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(
            outcome: .blocked(customer: id, block: block), event: .block(customer: id, reason: reason, note: note))
    }

    /// Lifts a manual block; records the exposure at that moment (R-UNB-5).
    mutating func unblock(_ id: String, note: String, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied
    {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        guard let block = customer.block else { throw CreditError(.notBlocked, "\(id) has no manual block") }
        // A block belongs to the level that placed it: a manager's block is lifted only by a manager.
        guard actor.role >= block.level else {
            throw CreditError(
                .forbidden, "\(id) was blocked by \(block.by), a \(block.level); only a \(block.level) lifts it")
        }
        let earnest = try earnestMoney(customer, by: actor, at: moment)
        customer.block = nil
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .unblock,
                detail: "exposure=\(customer.exposure) \(earnest) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(
            outcome: .unblocked(customer: id, exposure: customer.exposure),
            event: .unblock(customer: id, note: note))
    }

    /// R-UNB-4: a clerk's UNBLOCK of a customer who owes overdue money needs a
    /// recent payment of at least the class's share of it; a manager may
    /// release without. Returns what to record.
    func earnestMoney(_ customer: Customer, by actor: Actor, at moment: Moment) throws(CreditError) -> String {
        // Overdue debt below the class minimum in total never holds (R-BLK-8), so it needs no earnest money either.
        var overdue: Int64 = 0
        for invoice in customer.invoices
        where invoice.isOpen && invoice.dispute == nil && invoice.daysPastDue(on: moment.today) > 0 {
            overdue += invoice.open.minorUnits
        }
        guard overdue > 0, overdue >= policy[customer.riskClass].minimumOverdue.minorUnits else {
            return "earnest=none-owed"
        }
        let required = Money(minorUnits: overdue).percentage(policy[customer.riskClass].earnestPercent) ?? .zero
        let since = Instant(secondsSinceEpoch: moment.instant.secondsSinceEpoch - Int64(policy.earnestDays) * 86_400)
        var paid: Int64 = 0
        for payment in customer.payments where payment.at >= since { paid += payment.amount.minorUnits }
        if paid >= required.minorUnits { return "earnest=\(Money(minorUnits: paid))" }
        guard actor.role >= .manager else {
            throw CreditError(
                .earnestRequired,
                """
                \(customer.id) owes \(Money(minorUnits: overdue)) overdue: releasing needs a payment of at least \
                \(required) within \(policy.earnestDays) days (received \(Money(minorUnits: paid))), or a manager
                """.replacingOccurrences(of: "\n", with: " "))
        }
        return "earnest=waived-by-manager"
    }
}

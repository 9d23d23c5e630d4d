/// Today's collections worklist (R-COL-3, R-COL-6, R-COL-7): one action per
/// customer, the most urgent of its reasons, most urgent customers first.
extension Ledger {
    /// From this many days past due a customer is past the agency deadline (R-COL-7).
    public static let handOverDays = 120

    /// Today's actions, most urgent first, each with its reason; with `owner`, only that collector's customers.
    public func worklist(at moment: Moment, owner: String? = nil) -> [WorkItem] {
        customers.values.compactMap { customer in
            owner == nil || customer.owner == owner ? workItem(for: customer, on: moment.today) : nil
        }.sorted {
            ($0.priority, -$0.amount.minorUnits, $0.customer) < ($1.priority, -$1.amount.minorUnits, $1.customer)
        }
    }

    /// The customer's most urgent action today, if any.
    func workItem(for customer: Customer, on today: Day) -> WorkItem? {
        var best: WorkItem?
        func consider(_ action: WorkItem.Action, _ priority: Int, _ amount: Money, _ reason: String) {
            let item = WorkItem(
                customer: customer.id, name: customer.name, action: action, priority: priority, amount: amount,
                reason: reason)
            if let current = best, (current.priority, -current.amount.minorUnits) <= (priority, -amount.minorUnits) {
                return
            }
            best = item
        }
        let chase = chased(customer, on: today)
        if chase.owed.isPositive, !customer.stage.holds, chase.days >= policy.agencyDays, let oldest = chase.oldest {
            consider(
                .agency, 1, chase.owed,
                chase.days >= Ledger.handOverDays
                    ? "invoice \(oldest.id) due \(oldest.due), \(chase.days) days past due: hand over now"
                    : "\(chase.days) days past due: to the agency before \(Ledger.handOverDays) days")
        }
        var broken: Promise?
        customer.forEachPromise(on: today) { promise, state in
            if state == .broken { broken = promise }
            if state == .pending && promise.by == today {
                consider(.followUp, 4, promise.amount, "promise of \(promise.amount) due today")
            }
        }
        if let followUp = customer.followUp, followUp <= today {
            consider(.followUp, 4, customer.exposure, "follow-up due \(followUp)")
        }
        if let promise = broken {
            consider(.call, 2, promise.amount, "promise of \(promise.amount) by \(promise.by) broken")
        }
        if customer.planInArrears(on: today), let plan = customer.plan {
            let arrears = Money(minorUnits: plan.dueBefore(today).minorUnits - customer.planPaid().minorUnits)
            consider(.call, 3, arrears, "PLAN_DEFAULT: payment plan instalment missed: \(arrears) in arrears")
        }
        for invoice in customer.invoices where invoice.isOpen {
            guard let dispute = invoice.dispute else { continue }
            let open = dispute.at.utcDay.days(until: today)
            if open >= policy.disputeDays {
                consider(.resolve, 5, invoice.open, "invoice \(invoice.id) disputed for \(open) days")
            }
        }
        if chase.owed.isPositive, !customer.stage.holds {
            if chase.days > 60 {
                consider(.finalNotice, 6, chase.owed, "\(chase.days) days past due")
            } else if chase.owed >= policy.phoneFrom {
                consider(.call, 7, chase.owed, "\(chase.owed) overdue, \(chase.days) days: large amount, by phone")
            } else {
                consider(
                    .letter, 8, chase.owed, "\(chase.owed) overdue, \(chase.days) days: reminder by letter or e-mail")
            }
        }
        let review = customer.nextReview(under: policy)
        if review <= today {
            consider(.review, 9, customer.exposure, "credit review due \(review)")
        }
        return best
    }

    /// What collections chase today: open items past due, not disputed, not
    /// within `dispute.pay_days` of a resolution, not under a running payment plan (a
    /// missed instalment is chased as PLAN_DEFAULT) — nothing when their total
    /// is below the class minimum (R-BLK-8).
    func chased(_ customer: Customer, on today: Day) -> (owed: Money, days: Int, oldest: Invoice?) {
        var owed: Int64 = 0
        var oldest: Invoice?
        let planRuns = customer.plan.map { customer.planPaid() < $0.total } ?? false
        for invoice in customer.invoices
        where invoice.isOpen && invoice.dispute == nil && !(invoice.planned && planRuns)
            && invoice.daysPastDue(on: today) > 0 && invoice.isPayable(on: today, payDays: policy.disputePayDays)
        {
            owed += invoice.open.minorUnits
            if oldest.map({ invoice.due < $0.due }) ?? true { oldest = invoice }
        }
        guard owed >= policy[customer.riskClass].minimumOverdue.minorUnits, let oldest else { return (.zero, 0, nil) }
        return (Money(minorUnits: owed), oldest.daysPastDue(on: today), oldest)
    }
}

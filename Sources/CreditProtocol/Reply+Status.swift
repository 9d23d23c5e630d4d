import CreditCore

/// STATUS: the whole account on one screen, one record a line, each line
/// starting with its kind (`customer`, `credit`, `block`, `invoice`,
/// `payment`, `override`).
extension Reply {
    /// `notes: false` (a terminal) leaves out the text of every note: reason codes and figures only.
    public static func status(_ customer: Customer, decision: Decision, policy: Policy, at moment: Moment,
                              notes: Bool = true) -> [String] {
        func note(_ text: String) -> String { notes ? " note=\(Quoting.quoted(text))" : "" }
        var lines: [String] = []
        lines.append("customer \(customer.id) name=\(Quoting.quoted(customer.name)) class=\(customer.riskClass)"
            + " strategic=\(customer.strategic ? "yes" : "no") limit=\(customer.limit(under: policy, on: moment.today))"
            + " terms=\(customer.terms(under: policy)) stage=\(customer.stage.rawValue)"
            + (customer.temporaryLimit.map { $0.until >= moment.today ? " until=\($0.until)" : "" } ?? "")
            + " review=\(customer.nextReview(under: policy))" + (notes ? contacts(customer) : ""))
        var credit = "credit state=\(decision.isHold ? "HOLD" : "OK") exposure=\(decision.exposure)"
            + " available=\(decision.available) open=\(customer.openTotal) unapplied=\(customer.credit)"
            + " instruments=\(customer.pendingInstruments) guarantees=\(customer.guaranteed(on: moment.today))"
            + " reserved=\(decision.reserved)"
        if decision.isHold { credit += " reasons=\(decision.reasons)" }
        if !decision.warnings.isEmpty { credit += " warn=\(decision.warnings)" }
        if let oldest = decision.oldest { credit += " overdue_days=\(decision.overdueDays) oldest=\(oldest)" }
        lines.append(credit)
        if let block = customer.block {
            lines.append("block reason=\(block.reason) by=\(block.by) level=\(block.level) at=\(block.at)"
                + " exposure=\(block.exposure)" + note(block.note))
        }
        for invoice in customer.invoices where invoice.isOpen {
            var line = "invoice \(invoice.id) amount=\(invoice.amount) open=\(invoice.open) date=\(invoice.issued)"
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
            lines.append("guarantee \(guarantee.ref) amount=\(guarantee.amount)" + (guarantee.until.map { " until=\($0)" } ?? ""))
        }
        customer.forEachPromise(on: moment.today) { promise, state in
            guard state != .kept else { return }
            lines.append("promise amount=\(promise.amount) by=\(promise.by) state=\(state.rawValue)" + note(promise.note))
        }
        if let plan = customer.plan {
            lines.append("plan total=\(plan.total) instalments=\(plan.instalments) every=\(plan.every)d first=\(plan.first)"
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
            lines.append("override \(override.id) " + bounds(override) + " exposure=\(override.exposure)"
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

/// Four eyes over limits and terms (R-COL-8): a change that raises the
/// company's risk is requested by one person and approved by a manager who is
/// not that person; a manager may change directly, with a written note; a
/// change that lowers risk stays a clerk's. Every change of limit, class,
/// terms or strategic is kept as old → new, with who asked, who approved, why.
extension Ledger {
    mutating func apply(_ change: CustomerChange, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        try Ledger.validate(change, today: moment.today)
        try validateContacts(change)
        let existing = customers[change.id]
        let before = existing ?? baseline(change.id, at: moment, by: actor)
        let after = proposed(change, on: before)
        let raised = Ledger.raises(before, after, policy: policy, today: moment.today)
        var authority = Authority()
        if !raised.isEmpty {
            guard actor.role >= .manager else {
                throw CreditError(
                    .approvalRequired,
                    "raising \(raised.joined(separator: ", ")) of \(change.id) needs a"
                        + " manager's approval: send REQUEST \(change.id) … note=\"…\" for a manager to APPROVE")
            }
            guard let note = change.note, note.contains(where: { !$0.isWhitespace }) else {
                throw CreditError(.noteRequired, "raising \(raised.joined(separator: ", ")) needs a written note=")
            }
            authority.approvedBy = actor.name
        }
        if let note = change.note { try Ledger.requireNote(note) }
        return commit(change, authority, by: actor, at: moment, over: (existing, before, after))
    }

    mutating func request(_ change: CustomerChange, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        try Ledger.validate(change, today: moment.today)
        try Ledger.requireNote(change.note ?? "")
        guard change.limit != nil || change.terms != nil || change.riskClass != nil || change.strategic != nil else {
            throw CreditError(.missingArgument, "a request names at least one of limit=, class=, terms=, strategic=")
        }
        let request = ChangeRequest(number: nextRequest, change: change, requestedBy: actor.name, at: moment.instant)
        willChangeRequests()
        requests.append(request)
        nextRequest += 1
        if var customer = customers[change.id] {
            customer.append(
                LogEntry(
                    at: moment.instant, by: actor.name, action: .request,
                    detail: "request=\(request.id) " + change.settings.joined(separator: " ")))
            store(customer)
        }
        return Applied(outcome: .requested(request), event: .request(change))
    }

    mutating func decide(
        _ id: String, approve: Bool, note: String, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        guard let index = requests.firstIndex(where: { $0.id == id }) else {
            throw CreditError(.unknownRequest, "no pending request \(id)")
        }
        let request = requests[index]
        try Ledger.requireNote(note)
        guard actor.role == .manager else { throw CreditError(.forbidden, "only a manager decides a request") }
        if approve, request.requestedBy == actor.name {
            throw CreditError(
                .forbidden, "\(id) was requested by \(actor.name): a request cannot be approved by its requester")
        }
        // A temporary limit whose day has passed while it waited is no longer what was asked for.
        if approve { try Ledger.validate(request.change, today: moment.today) }
        willChangeRequests()
        requests.remove(at: index)
        if approve {
            let authority = Authority(
                requestedBy: request.requestedBy, request: id, approvedBy: actor.name, approval: note)
            _ = commit(request.change, authority, by: actor, at: moment)
        } else if var customer = customers[request.change.id] {
            customer.append(
                LogEntry(
                    at: moment.instant, by: actor.name, action: .reject,
                    detail: "request=\(id) requested_by=\(request.requestedBy) note=\(Quoting.quoted(note))"))
            store(customer)
        }
        let event: Command = approve ? .approve(request: id, note: note) : .reject(request: id, note: note)
        return Applied(outcome: .decided(request, approved: approve), event: event)
    }

    /// REVIEWED: a credit review is done; the next is due after the class's interval.
    mutating func reviewed(_ id: String, note: String, by actor: Actor, at moment: Moment) throws(CreditError)
        -> Applied
    {
        var customer = try existingCustomer(id)
        try Ledger.requireNote(note)
        let next = moment.today.adding(months: policy[customer.riskClass].reviewMonths)
        customer.review = next
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .reviewed,
                detail: "next_review=\(next) note=\(Quoting.quoted(note))"))
        store(customer)
        return Applied(outcome: .reviewed(customer: id, next: next), event: .reviewed(customer: id, note: note))
    }

    /// Applies a change that is allowed, and records it as old → new with its authority. `over`:
    /// the customer on the books, what the change is compared with, and the result, when the caller
    /// has them already.
    mutating func commit(
        _ change: CustomerChange, _ authority: Authority, by actor: Actor, at moment: Moment,
        over known: (existing: Customer?, before: Customer, after: Customer)? = nil
    ) -> Applied {
        let existing = known.map(\.existing) ?? customers[change.id]
        let before = known?.before ?? existing ?? baseline(change.id, at: moment, by: actor)
        let customer = known?.after ?? proposed(change, on: before)
        let outcome: Outcome.Change = existing == nil ? .created : (customer == before ? .unchanged : .updated)
        if outcome == .unchanged { return Applied(outcome: .customer(customer, change: .unchanged), event: nil) }
        var stored = customer
        // A new customer's history starts with "created"; its settings are shown when they needed authority.
        if outcome == .updated || authority.approvedBy != nil {
            var words = Ledger.differences(before, customer, policy: policy, today: moment.today)
            if let requester = authority.requestedBy { words.append("requested_by=\(requester)") }
            if let request = authority.request { words.append("request=\(request)") }
            if let approver = authority.approvedBy { words.append("approved_by=\(approver)") }
            if let note = change.note { words.append("note=" + Quoting.quoted(note)) }
            if let approval = authority.approval { words.append("approval=" + Quoting.quoted(approval)) }
            stored.append(
                LogEntry(at: moment.instant, by: actor.name, action: .customer, detail: words.joined(separator: " ")))
        }
        store(stored)
        return Applied(outcome: .customer(stored, change: outcome), event: .customer(change))
    }

    /// What a customer not yet on the books is compared with: the default class, no settings of its own.
    func baseline(_ id: String, at moment: Moment, by actor: Actor) -> Customer {
        Customer(id: id, name: id, riskClass: policy.defaultClass, createdAt: moment.instant, createdBy: actor.name)
    }

    func proposed(_ change: CustomerChange, on before: Customer) -> Customer {
        var customer = before
        if let name = change.name { customer.name = name }
        if let limit = change.limit {
            if let until = change.until {
                customer.temporaryLimit = TemporaryLimit(amount: limit, until: until)
            } else {
                customer.ownLimit = limit
                if customer.temporaryLimit != nil { customer.temporaryLimit = nil }
            }
        }
        if let review = change.review { customer.review = review }
        if let terms = change.terms { customer.ownTerms = terms }
        if let riskClass = change.riskClass { customer.riskClass = riskClass }
        if let strategic = change.strategic { customer.strategic = strategic }
        return Ledger.withContacts(change, on: customer)
    }

    static func validate(_ change: CustomerChange, today: Day) throws(CreditError) {
        if let until = change.until {
            guard change.limit != nil else {
                throw CreditError(.badValue, "until= goes with limit=: a temporary limit")
            }
            guard until >= today else { throw CreditError(.badDate, "until=\(until) is in the past") }
        }
        if let review = change.review, review < today { throw CreditError(.badDate, "review=\(review) is in the past") }
        if let terms = change.terms, !Terms.range.contains(terms.days) {
            throw CreditError(.badValue, "terms must be 0 to 3650 days, eom or eom+<days>")
        }
        if let limit = change.limit, limit.isNegative { throw CreditError(.badAmount, "limit must not be negative") }
    }

    /// The fields in which `after` carries more risk than `before`: a higher limit, longer terms,
    /// a more lenient class (A is the most lenient), strategic, a later review.
    static func raises(_ before: Customer, _ after: Customer, policy: Policy, today: Day) -> [String] {
        var raised: [String] = []
        if after.limit(under: policy, on: today) > before.limit(under: policy, on: today)
            || after.limit(under: policy) > before.limit(under: policy)
        {
            raised.append("limit")
        }
        if after.riskClass.rawValue < before.riskClass.rawValue { raised.append("class") }
        if after.terms(under: policy).longest > before.terms(under: policy).longest { raised.append("terms") }
        if after.strategic && !before.strategic { raised.append("strategic") }
        if after.nextReview(under: policy) > before.nextReview(under: policy) { raised.append("review") }
        return raised
    }

    /// `name="…"`, `limit=<old> → <new>`, … for every field that changed.
    static func differences(_ before: Customer, _ after: Customer, policy: Policy, today: Day) -> [String] {
        var words: [String] = []
        if after.name != before.name { words.append("name=" + Quoting.quoted(after.name)) }
        // Values compared as values; only a change is written out.
        func compare<Value: Equatable & CustomStringConvertible>(
            _ key: String, _ old: Value, _ new: Value, changed: Bool = false, suffix: String = ""
        ) {
            if changed || old != new { words.append("\(key)=\(old) → \(new)" + suffix) }
        }
        let limitChanged = before.ownLimit != after.ownLimit || before.temporaryLimit != after.temporaryLimit
        compare(
            "limit", before.limit(under: policy, on: today), after.limit(under: policy, on: today),
            changed: limitChanged,
            suffix: after.temporaryLimit.map { $0 != before.temporaryLimit ? " until=\($0.until)" : "" } ?? "")
        compare("class", before.riskClass, after.riskClass)
        compare(
            "terms", before.terms(under: policy), after.terms(under: policy), changed: before.ownTerms != after.ownTerms
        )
        compare("strategic", before.strategic ? "yes" : "no", after.strategic ? "yes" : "no")
        compare("review", before.nextReview(under: policy), after.nextReview(under: policy))
        contactDifferences(before, after, into: &words)
        return words
    }
}

/// Who asked for a change and who approved it, for the audit trail.
struct Authority {
    var requestedBy: String?
    var request: String?
    var approvedBy: String?
    var approval: String?
}

/// Overrides (R-OVR-1..6): issued, confirmed, revoked, ended with their manager; CHECK uses them
/// (`Ledger+Check.swift`).
extension Ledger {
    mutating func apply(_ entry: OverrideEntry, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(entry.customer)
        try Ledger.requireNote(entry.note)
        let manager: User
        if let named = entry.phoneManager {
            guard named != actor.name else {
                throw CreditError(
                    .badValue, "a manager issues an override in their own name, without by= and via=phone")
            }
            guard let user = users[named], user.role == .manager else {
                throw CreditError(.notAManager, "\(named) is not a manager")
            }
            manager = user
        } else {
            // Override authority is personal to managers (R-OVR-2): an admin administers the system, not credit.
            guard actor.role == .manager, let user = users[actor.name] else {
                throw CreditError(
                    .forbidden,
                    actor.role == .admin
                        ? "an admin does not issue overrides; only a manager does"
                        : "only a manager issues an override; record a phone approval with by=<manager> via=phone")
            }
            manager = user
        }
        let until: Instant
        switch entry.window {
        case .lasting(let span): until = moment.instant.adding(span)
        case .until(let instant): until = instant
        }
        guard until > moment.instant else { throw CreditError(.badInstant, "until=\(until) is not in the future") }
        guard until <= Instant.last else {
            throw CreditError(.badInstant, "the override would end after \(Instant.last)")
        }
        guard until.secondsSinceEpoch - moment.instant.secondsSinceEpoch <= policy.overrideMaximum.seconds else {
            throw CreditError(.overrideTooLong, "an override may last at most \(policy.overrideMaximum)")
        }
        if let uses = entry.uses, uses < 1 { throw CreditError(.badValue, "uses must be at least 1") }
        if let amount = entry.maximumAmount, !amount.isPositive {
            throw CreditError(.badAmount, "an override amount must be positive")
        }
        if let total = entry.total, !total.isPositive {
            throw CreditError(.badAmount, "an override total must be positive")
        }
        let reasons: HoldReason
        if let named = entry.reasons {
            guard !named.isEmpty else { throw CreditError(.badValue, "reasons= names at least one hold reason") }
            reasons = named
        } else {
            reasons = Decision.evaluate(customer, amount: .zero, policy: policy, at: moment).reasons
            guard !reasons.isEmpty else {
                throw CreditError(
                    .notHeld, "\(customer.id) is not held; name the reasons to pre-approve with reasons=<CODE,…>")
            }
        }
        var total = entry.total
        if let ceiling = manager.overrideMax {
            for (key, value) in [("amount", entry.maximumAmount), ("total", entry.total)] {
                if let value, value > ceiling {
                    throw CreditError(
                        .aboveCeiling, "\(key)=\(value) is above \(manager.name)'s override ceiling \(ceiling)")
                }
            }
            total = total ?? ceiling
        }
        let since = moment.instant.adding(Period(seconds: -policy.overrideWindow.seconds))
        let recent = customer.overrides.count { $0.issued > since }
        guard recent < policy.overrideCountMax else {
            throw CreditError(
                .overrideLimit,
                "\(customer.id) had \(recent) overrides within \(policy.overrideWindow)"
                    + " (at most \(policy.overrideCountMax)): the hold needs a decision, not another exception")
        }
        let id = "OV-\(nextOverride)"
        let override = Override(
            id: id, customer: customer.id, manager: manager.name, recordedBy: actor.name,
            issued: moment.instant, until: until, maximumAmount: entry.maximumAmount,
            order: entry.order, uses: entry.uses, total: total, reasons: reasons,
            exposure: customer.exposure, note: entry.note,
            lapses: entry.phoneManager == nil ? nil : moment.instant.adding(policy.phoneWindow))
        customer.add(override)
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .override,
                detail: Ledger.describe(override)))
        willChangeCounters()
        nextOverride += 1
        setOwner("override:" + id, customer.id)
        store(customer)
        var resolved = entry
        resolved.window = .until(until)
        resolved.total = total
        resolved.reasons = reasons
        return Applied(outcome: .override(override), event: .override(resolved))
    }

    /// The named manager confirms a phone approval, which then no longer lapses (R-OVR-6).
    mutating func confirm(_ id: String, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        var (customer, override) = try existingOverride(id)
        guard actor.role == .manager else { throw CreditError(.forbidden, "only a manager confirms an override") }
        guard override.manager == actor.name else {
            throw CreditError(.notYourOverride, "\(id) was approved in the name of \(override.manager)")
        }
        // A confirmation resent later is answered as the first time, whatever became of the override since.
        if override.confirmed != nil { return Applied(outcome: .confirmed(override), event: nil) }
        if let ending = override.ended(at: moment.instant), ending != .usedUp {
            throw CreditError(.overrideEnded, "\(id) has ended (\(ending.rawValue))")
        }
        guard override.lapses != nil else { return Applied(outcome: .confirmed(override), event: nil) }
        customer.update(override: id) {
            $0.lapses = nil
            $0.confirmed = moment.instant
        }
        customer.append(LogEntry(at: moment.instant, by: actor.name, action: .confirm, detail: "override=\(id)"))
        store(customer)
        return Applied(outcome: .confirmed(customer.overrides.first { $0.id == id }!), event: .confirm(override: id))
    }

    /// Ends an override early, with a written reason.
    mutating func revoke(_ id: String, note: String, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied
    {
        var (customer, override) = try existingOverride(id)
        try Ledger.requireNote(note)
        if let ending = override.ended(at: moment.instant), ending != .usedUp {
            throw CreditError(.overrideEnded, "\(id) has ended (\(ending.rawValue))")
        }
        customer.update(override: id) { $0.revoked = Revocation(at: moment.instant, by: actor.name, note: note) }
        customer.append(
            LogEntry(
                at: moment.instant, by: actor.name, action: .revoke,
                detail: "override=\(id) note=\(Quoting.quoted(note))"))
        override = customer.overrides.first { $0.id == id }!
        store(customer)
        return Applied(outcome: .revoked(override), event: .revoke(override: id, note: note))
    }

    /// A deleted user's authority ends with them: their overrides that have
    /// not ended are revoked, each in its customer's trail with who and when.
    mutating func endOverrides(of manager: String, by actor: Actor, at moment: Moment) {
        let ids = owners.keys.filter { $0.hasPrefix("override:") }.map { String($0.dropFirst(9)) }
        for id in ids.sorted() {
            guard let owner = owners["override:" + id], var customer = customers[owner],
                let override = customer.overrides.first(where: { $0.id == id }),
                override.manager == manager, [nil, .usedUp].contains(override.ended(at: moment.instant))
            else { continue }
            let note = "user \(manager) was deleted"
            customer.update(override: id) { $0.revoked = Revocation(at: moment.instant, by: actor.name, note: note) }
            customer.append(
                LogEntry(
                    at: moment.instant, by: actor.name, action: .revoke,
                    detail: "override=\(id) note=\(Quoting.quoted(note))"))
            store(customer)
        }
    }

    /// OVERRIDES: the live overrides of one customer, or of the book, by id.
    public func liveOverrides(of customer: String?, at now: Instant) -> [Override] {
        let accounts = customer.map { customers[$0].map { [$0] } ?? [] } ?? Array(customers.values)
        return accounts.flatMap { $0.overrides.filter { $0.ended(at: now) == nil } }
            .sorted { $0.narrowness(for: nil)[5] < $1.narrowness(for: nil)[5] }
    }

    /// For BLOCKED: the narrowest live override whose reasons cover all that hold the customer now.
    public static func lettingThrough(_ customer: Customer, held: HoldReason, at now: Instant) -> Override? {
        customer.overrides.filter { $0.ended(at: now) == nil && $0.reasons.isSuperset(of: held) }
            .min { $0.narrowness(for: nil).lexicographicallyPrecedes($1.narrowness(for: nil)) }
    }

    func existingOverride(_ id: String) throws(CreditError) -> (Customer, Override) {
        guard let owner = owners["override:" + id], let customer = customers[owner],
            let override = customer.overrides.first(where: { $0.id == id })
        else {
            throw CreditError(.unknownOverride, "no override \(id)")
        }
        return (customer, override)
    }

    static func describe(_ override: Override) -> String {
        var words = ["override=\(override.id)"] + override.bounds + ["exposure=\(override.exposure)"]
        if let lapses = override.lapses { words.append("via=phone lapses=\(lapses)") }
        words.append("note=" + Quoting.quoted(override.note))
        return words.joined(separator: " ")
    }
}

/// The whole credit state: customers, policy, users. It changes only through
/// `apply(_:by:at:)`, which validates before it changes anything and either
/// fails with a `CreditError` and changes nothing, or succeeds whole (the
/// shape of Redis's `incrDecrCommand`). Live traffic and journal replay share
/// this one path; replay passes the moment recorded with each event.
public struct Ledger: Sendable {
    public internal(set) var customers: CustomerBook
    public internal(set) var policy: Policy
    public internal(set) var users: [String: User]
    /// Every user name ever deleted, and when: a name is never given to
    /// another user, so nobody inherits a deleted user's authority or trail.
    public internal(set) var deletedUsers: [String: Instant]
    /// The number the next override gets (`OV-<n>`).
    public internal(set) var nextOverride: Int
    /// Every administrative act, oldest first (AUDIT).
    public internal(set) var audit: [AuditEntry]
    /// Change requests waiting for a manager, oldest first.
    public internal(set) var requests: [ChangeRequest]
    /// The number the next request gets (`RQ-<n>`).
    public internal(set) var nextRequest: Int
    /// Which customer an override, instrument, guarantee or order belongs to
    /// (`override:OV-1`, `instrument:<ref>`, `guarantee:<ref>`, `order:<ref>`),
    /// for the verbs that name only the ref.
    var owners: [String: String]
    /// The changes of the current group commit, newest last, while one is open.
    var undo: [UndoStep]?

    public init(policy: Policy = .standard) {
        customers = CustomerBook()
        self.policy = policy
        users = [:]
        deletedUsers = [:]
        nextOverride = 1
        requests = []
        nextRequest = 1
        audit = []
        owners = [:]
        undo = nil
    }

    /// Restores a ledger from its parts (a snapshot). `orderOwners` is the
    /// live ledger's order-to-customer map as the snapshot kept it; without
    /// it, it is rebuilt from the reservations.
    public init(
        customers: CustomerBook, policy: Policy, users: [String: User], deletedUsers: [String: Instant] = [:],
        nextOverride: Int, orderOwners: [String: String]? = nil,
        requests: [ChangeRequest] = [], nextRequest: Int = 1, audit: [AuditEntry] = []
    ) {
        self.customers = customers
        self.policy = policy
        self.users = users
        self.deletedUsers = deletedUsers
        self.nextOverride = nextOverride
        self.requests = requests
        self.nextRequest = nextRequest
        self.audit = audit
        owners = [:]
        undo = nil
        // An order id may be reserved again by another customer once its reservation has expired, and
        // the expired one stays with its customer until that customer's next reservation sweeps it.
        // Without the kept map, the owner is the newest reservation's customer — the one live traffic
        // named last while the clock only moved forward — chosen by time, not by the book's hash order.
        var newest: [String: (at: Instant, customer: String)] = [:]
        // Read in place (a copy of each customer costs a retain per field); only the extras hold any of these.
        for box in customers.boxes where box.customer.extras.box != nil {
            let id = box.customer.id
            for override in box.customer.overrides { owners["override:" + override.id] = id }
            for instrument in box.customer.instruments { owners["instrument:" + instrument.ref] = id }
            for guarantee in box.customer.guarantees { owners["guarantee:" + guarantee.ref] = id }
            for reservation in box.customer.reservations where orderOwners == nil {
                if let other = newest[reservation.order], (other.at, other.customer) > (reservation.at, id) { continue }
                newest[reservation.order] = (reservation.at, id)
            }
        }
        for (order, owner) in orderOwners ?? newest.mapValues(\.customer) { owners["order:" + order] = owner }
    }

    /// Which customer each order id's reservation belongs to, as RELEASE ORDER and CHECK look it up.
    public var orderOwners: [String: String] {
        var orders: [String: String] = [:]
        for (key, customer) in owners where key.hasPrefix("order:") { orders[String(key.dropFirst(6))] = customer }
        return orders
    }

    public func customer(_ id: String) -> Customer? { customers[id] }

    public func override(_ id: String) -> Override? {
        owners["override:" + id].flatMap { customers[$0]?.overrides.first { $0.id == id } }
    }

    /// Applies one command as `actor` at `moment`.
    public mutating func apply(_ command: Command, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        switch command {
        case .customer(let change): return try apply(change, by: actor, at: moment)
        case .request(let change): return try request(change, by: actor, at: moment)
        case .reviewed(let customer, let note): return try reviewed(customer, note: note, by: actor, at: moment)
        case .approve(let id, let note): return try decide(id, approve: true, note: note, by: actor, at: moment)
        case .reject(let id, let note): return try decide(id, approve: false, note: note, by: actor, at: moment)
        case .invoice(let entry): return try apply(entry, by: actor, at: moment)
        case .pay(let entry): return try apply(entry, by: actor, at: moment)
        case .block(let customer, let reason, let note):
            return try block(customer, reason: reason, note: note, by: actor, at: moment)
        case .unblock(let customer, let note): return try unblock(customer, note: note, by: actor, at: moment)
        case .override(let entry): return try apply(entry, by: actor, at: moment)
        case .confirm(let id): return try confirm(id, by: actor, at: moment)
        case .revoke(let id, let note): return try revoke(id, note: note, by: actor, at: moment)
        case .check(let query): return try check(query, by: actor, at: moment)
        case .relayedHold(let query, let hold): return try relay(query, hold, by: actor, at: moment)
        case .addUser(let name, let role, let credential, let ceiling):
            return try addUser(name, role: role, credential: credential, overrideMax: ceiling, by: actor, at: moment)
        case .deleteUser(let name): return try deleteUser(name, by: actor, at: moment)
        case .resetSecret(let name, let credential):
            return try resetSecret(name, credential: credential, by: actor, at: moment)
        case .audit(let event): return record(event, by: actor, at: moment)
        case .instrument(let customer, let ref, let amount, let due):
            return try instrument(customer, ref: ref, amount: amount, due: due, by: actor, at: moment)
        case .cleared(let ref): return try settleInstrument(ref, to: .cleared, by: actor, at: moment)
        case .bounced(let ref): return try settleInstrument(ref, to: .bounced, by: actor, at: moment)
        case .guarantee(let customer, let ref, let amount, let until):
            return try guarantee(customer, ref: ref, amount: amount, until: until, by: actor, at: moment)
        case .release(let ref): return try release(ref, by: actor, at: moment)
        case .credit(let entry): return try credit(entry, by: actor, at: moment)
        case .dispute(let customer, let invoice, let note):
            return try dispute(customer, invoice: invoice, note: note, by: actor, at: moment)
        case .void(let customer, let invoice, let note):
            return try void(customer, invoice: invoice, note: note, by: actor, at: moment)
        case .resolve(let customer, let invoice, let note):
            return try resolve(customer, invoice: invoice, note: note, by: actor, at: moment)
        case .promise(let customer, let amount, let by, let note):
            return try promise(customer, amount: amount, by: by, note: note, actor: actor, at: moment)
        case .plan(let entry): return try plan(entry, by: actor, at: moment)
        case .stage(let customer, let stage, let note):
            return try setStage(customer, stage, note: note, by: actor, at: moment)
        case .releaseOrder(let order): return try releaseOrder(order, by: actor, at: moment)
        case .setPolicy(let settings): return try setPolicy(settings, by: actor, at: moment)
        case .charge(let entry): return try charge(entry, by: actor, at: moment)
        case .note(let customer, let channel, let note, let outcome, let followUp):
            return try record(
                note, channel: channel, outcome: outcome, followUp: followUp, for: customer, by: actor,
                at: moment)
        }
    }

    // MARK: customers and open items

    mutating func apply(_ entry: InvoiceEntry, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        var customer = try existingCustomer(entry.customer)
        guard entry.amount.isPositive else { throw CreditError(.badAmount, "an invoice amount must be positive") }
        if let existing = customer.invoice(entry.id) {
            // A resend is the same invoice when what it states agrees; unstated dates default to the
            // original's. It is recognised before today's defaults are checked: it answers as the first time.
            guard existing.amount == entry.amount, existing.issued == entry.issued ?? existing.issued,
                existing.due == entry.due ?? existing.due, existing.order == entry.order
            else {
                throw CreditError(
                    .duplicateInvoice, "invoice \(entry.id) of \(entry.customer) exists with other details")
            }
            return Applied(outcome: .invoice(existing, customer: customer.id, exposure: customer.exposure), event: nil)
        }
        let issued = entry.issued ?? moment.today
        let terms = customer.terms(under: policy)
        guard entry.due != nil || issued.days(until: Day.last) >= terms.longest else {
            let from = terms.endOfMonth ? "\(issued) on terms \(terms)" : "\(issued) + \(terms.days) days"
            throw CreditError(.badDate, "the due date (\(from)) would be after \(Day.last)")
        }
        let due = entry.due ?? terms.due(issued: issued)
        guard due >= issued else { throw CreditError(.badDate, "due date \(due) is before invoice date \(issued)") }
        var resolved = entry
        resolved.issued = issued
        resolved.due = due
        try Ledger.requireRoom(for: entry.amount, in: customer)
        let invoice = Invoice(
            id: entry.id, amount: entry.amount, issued: issued, due: due, open: entry.amount,
            order: entry.order, recordedAt: moment.instant, recordedBy: actor.name)
        customer.add(invoice)
        if let order = entry.order, customer.reservations.contains(where: { $0.order == order }) {
            customer.reservations.removeAll { $0.order == order }
            // Only the owner's reservation frees the order: this customer's may have expired long
            // ago, and another customer's live one must keep it.
            if owners["order:" + order] == customer.id { setOwner("order:" + order, nil) }
        }
        store(customer)
        return Applied(
            outcome: .invoice(customer.invoice(entry.id)!, customer: customer.id, exposure: customer.exposure),
            event: .invoice(resolved))
    }

    mutating func apply(_ entry: PaymentEntry, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        try receive(entry, as: .payment, by: actor, at: moment)
    }

    /// A payment or a credit note: both settle the named invoice first, then
    /// the oldest; both are answered again, unchanged, when their ref repeats.
    enum Receipt {
        case payment, creditNote
    }

    mutating func receive(
        _ entry: PaymentEntry, as kind: Receipt, by actor: Actor,
        at moment: Moment
    ) throws(CreditError) -> Applied {
        var customer = try existingCustomer(entry.customer)
        let what = kind == .payment ? "payment" : "credit note"
        func answer(_ receipt: Payment) -> Outcome {
            kind == .payment ? .payment(receipt, customer: customer.id) : .creditNote(receipt, customer: customer.id)
        }
        guard entry.amount.isPositive else { throw CreditError(.badAmount, "a \(what) amount must be positive") }
        if let existing = (kind == .payment ? customer.payments : customer.creditNotes).element(entry.ref) {
            guard existing.amount == entry.amount, existing.invoice == entry.invoice else {
                throw CreditError(
                    .refConflict,
                    "\(what) \(entry.ref) of \(entry.customer) was \(existing.amount); a ref is used once")
            }
            return Applied(outcome: answer(existing), event: nil)
        }
        if let invoice = entry.invoice, customer.invoice(invoice) == nil {
            throw CreditError(.unknownInvoice, "\(entry.customer) has no invoice \(invoice)")
        }
        guard customer.credit.adding(entry.amount).map({ $0 <= Ledger.bookMaximum }) ?? false else {
            throw CreditError(.tooLarge, "credit balance of \(entry.customer) would exceed \(Ledger.bookMaximum)")
        }
        let (settlements, unapplied) = customer.settle(entry.amount, startingWith: entry.invoice)
        customer.addCredit(unapplied)
        let receipt = Payment(
            ref: entry.ref, amount: entry.amount, invoice: entry.invoice, at: moment.instant,
            by: actor.name, settlements: settlements, unapplied: unapplied)
        switch kind {
        case .payment: customer.record(receipt)
        case .creditNote: customer.record(creditNote: receipt)
        }
        store(customer)
        let stored = kind == .payment ? customer.payments.last! : customer.creditNotes.last!
        return Applied(outcome: answer(stored), event: kind == .payment ? .pay(entry) : .credit(entry))
    }

    // MARK: users

    /// Names the server itself writes as the actor of a change; no user may have them.
    public static let reservedUserNames: Set<String> = ["system", "server", "*"]

    mutating func addUser(
        _ name: String, role: Role, credential: Credential, overrideMax: Money?,
        by actor: Actor, at moment: Moment
    ) throws(CreditError) -> Applied {
        guard !Ledger.reservedUserNames.contains(name.lowercased()) else {
            throw CreditError(.badValue, "\(name) is reserved for the server; choose another user name")
        }
        guard users[name] == nil else { throw CreditError(.userExists, "user \(name) exists") }
        if let deleted = deletedUsers[name] {
            throw CreditError(.userExists, "user \(name) was deleted at \(deleted); a user name is never reused")
        }
        if let overrideMax {
            guard role == .manager else { throw CreditError(.badValue, "override_max= is for role=manager only") }
            guard overrideMax.isPositive else { throw CreditError(.badAmount, "override_max= must be positive") }
        }
        let user = User(name: name, role: role, credential: credential, overrideMax: overrideMax)
        willChangeUsers()
        users[name] = user
        audit(
            "USER ADD", "user=\(name) role=\(role)" + (overrideMax.map { " override_max=\($0)" } ?? ""), by: actor,
            at: moment)
        return Applied(
            outcome: .userAdded(user),
            event: .addUser(name: name, role: role, credential: credential, overrideMax: overrideMax))
    }

    /// Deletes a user: the name is retired for good, and every override in
    /// their name that has not ended (a phone approval awaiting their
    /// CONFIRM among them) ends now, in the trail of its customer.
    mutating func deleteUser(_ name: String, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        guard let user = users[name] else { throw CreditError(.unknownUser, "no user \(name)") }
        if user.role == .admin, users.values.filter({ $0.role == .admin }).count == 1 {
            throw CreditError(.forbidden, "\(name) is the last admin")
        }
        willChangeUsers()
        users[name] = nil
        deletedUsers[name] = moment.instant
        endOverrides(of: name, by: actor, at: moment)
        audit("USER DEL", "user=\(name) role=\(user.role)", by: actor, at: moment)
        return Applied(outcome: .userDeleted(name: name), event: .deleteUser(name: name))
    }

    /// Gives a user a new secret; the old one stops working at once.
    mutating func resetSecret(_ name: String, credential: Credential, by actor: Actor, at moment: Moment)
        throws(CreditError) -> Applied
    {
        guard let user = users[name] else { throw CreditError(.unknownUser, "no user \(name)") }
        willChangeUsers()
        users[name] = User(name: name, role: user.role, credential: credential, overrideMax: user.overrideMax)
        audit("USER SECRET", "user=\(name) role=\(user.role)", by: actor, at: moment)
        return Applied(outcome: .secretReset(name: name), event: .resetSecret(name: name, credential: credential))
    }

    // MARK: helpers

    /// No customer's open items or credit may pass this, so no sum overflows.
    public static let bookMaximum = Money(minorUnits: Int64.max / 4)

    func existingCustomer(_ id: String) throws(CreditError) -> Customer {
        guard let customer = customers[id] else { throw CreditError(.unknownCustomer, "\(id) is not a customer") }
        return customer
    }

    mutating func store(_ customer: consuming Customer) {
        willChange(customer: customer.id)
        customer.dropEmptyExtras()
        customers[customer.id] = customer
    }

    /// A new open item of `amount` keeps the customer within the book's bounds.
    static func requireRoom(for amount: Money, in customer: Customer) throws(CreditError) {
        guard customer.openTotal.adding(amount).map({ $0 <= Ledger.bookMaximum }) ?? false else {
            throw CreditError(.tooLarge, "open items of \(customer.id) would exceed \(Ledger.bookMaximum)")
        }
        guard customer.invoices.openCount < Customer.maximumOpenInvoices else {
            throw CreditError(
                .tooLarge,
                "\(customer.id) has \(Customer.maximumOpenInvoices) open invoices, the most a customer may have")
        }
    }

    static func requireNote(_ note: String) throws(CreditError) {
        guard Justification.isWritten(note) else {
            throw CreditError(.noteRequired, "a written note with visible characters is required")
        }
    }
}

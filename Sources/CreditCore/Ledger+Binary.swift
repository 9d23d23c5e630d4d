/// The ledger as bytes, for snapshots: every field of every customer, so a
/// restart loads state directly instead of replaying its history. Fields are
/// written and read in the same order; `Ledger.binaryVersion` changes when
/// that order does. Version 5 added the deleted user names, the order owners,
/// the change requests, the administrative audit, and the controls' fields of
/// users, customers, blocks, overrides and policy. Version 6 adds the customers' contacts, owner and
/// follow-up (and those of change requests), the classes' interest and late fee, and the late
/// charge an invoice is, each after version 5's fields; it reads 5 and 6.
extension Ledger {
    public static let binaryVersion: UInt64 = 6
    /// The oldest version a snapshot may have and still be read.
    static let oldestBinaryVersion: UInt64 = 5

    /// Writes everything but the customers; `encode(customer:)` writes each of those.
    public func encodeHeader(into writer: inout BinaryWriter) {
        writer.write(Ledger.binaryVersion)
        policy.encode(into: &writer)
        writer.write(nextOverride)
        writer.write(users.values.sorted { $0.name < $1.name }) { writer, user in
            writer.write(user.name)
            writer.write(user.role.rawValue)
            writer.write(user.overrideMax) { $0.write($1) }
            writer.write(bytes: user.credential.salt)
            writer.write(bytes: user.credential.digest)
        }
        writer.write(audit) { writer, entry in
            writer.write(entry.at)
            writer.write(entry.by)
            writer.write(entry.action)
            writer.write(entry.detail)
        }
        writer.write(nextRequest)
        writer.write(requests) { writer, request in
            writer.write(request.number)
            request.change.encode(into: &writer)
            writer.write(request.requestedBy)
            writer.write(request.at)
        }
        writer.write(deletedUsers.sorted { $0.key < $1.key }) { writer, deleted in
            writer.write(deleted.key)
            writer.write(deleted.value)
        }
        writer.write(orderOwners.sorted { $0.key < $1.key }) { writer, owner in
            writer.write(owner.key)
            writer.write(owner.value)
        }
        writer.write(UInt64(customers.count))
    }

    /// Reads what `encodeHeader` and the customers after it wrote.
    public init(reading reader: inout BinaryReader) throws(BinaryReader.Malformed) {
        let version = try reader.unsigned()
        guard (Ledger.oldestBinaryVersion...Ledger.binaryVersion).contains(version) else {
            throw BinaryReader.Malformed(offset: reader.offset)
        }
        let policy = try Policy(reading: &reader, version: version)
        let nextOverride = try reader.int()
        let users = try reader.array { reader throws(BinaryReader.Malformed) -> User in
            let name = try reader.string()
            guard let role = Role(rawValue: try reader.int()) else {
                throw BinaryReader.Malformed(offset: reader.offset)
            }
            let ceiling = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.money() }
            return User(
                name: name, role: role,
                credential: Credential(salt: try reader.byteArray(), digest: try reader.byteArray()),
                overrideMax: ceiling)
        }
        let audit = try reader.array { reader throws(BinaryReader.Malformed) -> AuditEntry in
            AuditEntry(
                at: try reader.instant(), by: try reader.string(), action: try reader.string(),
                detail: try reader.string())
        }
        let nextRequest = try reader.int()
        let requests = try reader.array { reader throws(BinaryReader.Malformed) -> ChangeRequest in
            let number = try reader.int()
            let change = try CustomerChange(reading: &reader, version: version)
            return ChangeRequest(
                number: number, change: change, requestedBy: try reader.string(), at: try reader.instant())
        }
        let deleted = try reader.array { reader throws(BinaryReader.Malformed) -> (String, Instant) in
            (try reader.string(), try reader.instant())
        }
        let orderOwners = try reader.array { reader throws(BinaryReader.Malformed) -> (String, String) in
            (try reader.string(), try reader.string())
        }
        let count = try reader.count()
        var customers = CustomerBook(capacity: count)
        for _ in 0..<count {
            let customer = try Customer(reading: &reader, version: version)
            customers[customer.id] = customer
        }
        self.init(
            customers: customers, policy: policy,
            users: Dictionary(uniqueKeysWithValues: users.map { ($0.name, $0) }),
            deletedUsers: Dictionary(deleted, uniquingKeysWith: { $1 }), nextOverride: nextOverride,
            orderOwners: Dictionary(orderOwners, uniquingKeysWith: { $1 }),
            requests: requests, nextRequest: nextRequest, audit: audit)
    }
}

extension CustomerChange {
    func encode(into writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(name) { $0.write($1) }
        writer.write(limit) { $0.write($1) }
        writer.write(terms) { $0.write($1) }
        writer.write(riskClass?.rawValue) { $0.write($1) }
        writer.write(strategic) { $0.write($1) }
        writer.write(until) { $0.write($1) }
        writer.write(review) { $0.write($1) }
        writer.write(note) { $0.write($1) }
        for field in [contact, phone, email, owner] { writer.write(field) { $0.write($1) } }
    }

    init(reading reader: inout BinaryReader, version: UInt64) throws(BinaryReader.Malformed) {
        self.init(id: try reader.string())
        name = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() }
        limit = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.money() }
        terms = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.terms() }
        let code = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() }
        if let code {
            guard let riskClass = RiskClass(rawValue: code) else { throw BinaryReader.Malformed(offset: reader.offset) }
            self.riskClass = riskClass
        }
        strategic = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.bool() }
        until = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.day() }
        review = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.day() }
        note = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() }
        guard version >= 6 else { return }
        contact = try reader.optionalString()
        phone = try reader.optionalString()
        email = try reader.optionalString()
        owner = try reader.optionalString()
    }
}

extension Policy {
    func encode(into writer: inout BinaryWriter) {
        for riskClass in RiskClass.allCases {
            let rules = self[riskClass]
            writer.write(rules.terms)
            writer.write(rules.limit)
            writer.write(rules.graceDays)
            writer.write(rules.minimumOverdue)
            writer.write(rules.bouncedLimit)
            writer.write(rules.brokenPromiseLimit)
            writer.write(rules.earnestPercent)
            writer.write(rules.reviewMonths)
        }
        for riskClass in RiskClass.allCases {
            writer.write(self[riskClass].interestBasisPoints)
            writer.write(self[riskClass].lateFee)
        }
        writer.write(overrideMaximum.seconds)
        writer.write(phoneWindow.seconds)
        writer.write(phoneAmountMax)
        writer.write(overrideCountMax)
        writer.write(overrideWindow.seconds)
        writer.write(defaultClass.rawValue)
        writer.write(earnestDays)
        writer.write(orderHold.seconds)
        writer.write(watchLimitPercent)
        writer.write(watchDays)
        writer.write(phoneFrom)
        writer.write(disputeDays)
        writer.write(agencyDays)
        writer.write(disputePayDays)
        writer.write(instrumentMaxDays)
    }

    init(reading reader: inout BinaryReader, version: UInt64) throws(BinaryReader.Malformed) {
        var classes: [RiskClass: ClassPolicy] = [:]
        for riskClass in RiskClass.allCases {
            classes[riskClass] = ClassPolicy(
                terms: try reader.terms(), limit: try reader.money(), graceDays: try reader.int(),
                minimumOverdue: try reader.money(), bouncedLimit: try reader.int(),
                brokenPromiseLimit: try reader.int(), earnestPercent: try reader.int(),
                reviewMonths: try reader.int())
        }
        for riskClass in RiskClass.allCases where version >= 6 {
            classes[riskClass]!.interestBasisPoints = try reader.int()
            classes[riskClass]!.lateFee = try reader.money()
        }
        let overrideMaximum = Period(seconds: try reader.signed())
        let phoneWindow = Period(seconds: try reader.signed())
        let phoneAmountMax = try reader.money()
        let overrideCountMax = try reader.int()
        let overrideWindow = Period(seconds: try reader.signed())
        guard let defaultClass = RiskClass(rawValue: try reader.string()) else {
            throw BinaryReader.Malformed(offset: reader.offset)
        }
        self.init(
            classes: classes, overrideMaximum: overrideMaximum, phoneWindow: phoneWindow,
            phoneAmountMax: phoneAmountMax, overrideCountMax: overrideCountMax, overrideWindow: overrideWindow,
            defaultClass: defaultClass, earnestDays: try reader.int(), orderHold: Period(seconds: try reader.signed()),
            watchLimitPercent: try reader.int(), watchDays: try reader.int(), phoneFrom: try reader.money(),
            disputeDays: try reader.int(), agencyDays: try reader.int(), disputePayDays: try reader.int(),
            instrumentMaxDays: try reader.int())
    }
}

extension Customer {
    /// The log with the CHECK entries in their places (by ordinal): the one trail a snapshot holds.
    var trail: [LogEntry] {
        var merged: [LogEntry] = []
        merged.reserveCapacity(log.count + checks.count)
        var next = (log: log.startIndex, check: checks.startIndex)
        while next.log < log.endIndex || next.check < checks.endIndex {
            if next.check == checks.endIndex
                || (next.log < log.endIndex && log[next.log].ordinal < checks[next.check].ordinal)
            {
                merged.append(log[next.log])
                next.log += 1
            } else {
                merged.append(checks[next.check])
                next.check += 1
            }
        }
        return merged
    }

    public func encode(into writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(name)
        writer.write(ownLimit) { $0.write($1) }
        writer.write(ownTerms) { $0.write($1) }
        writer.write(riskClass.rawValue)
        writer.write(strategic)
        writer.write(temporaryLimit) { writer, temporary in
            writer.write(temporary.amount)
            writer.write(temporary.until)
        }
        writer.write(review) { $0.write($1) }
        writer.write(block) { writer, block in
            writer.write(block.reason)
            writer.write(block.note)
            writer.write(block.by)
            writer.write(block.at)
            writer.write(block.exposure)
            writer.write(block.level.rawValue)
        }
        writer.write(invoices) { writer, invoice in
            writer.write(invoice.id)
            writer.write(invoice.amount)
            writer.write(invoice.issued)
            writer.write(invoice.due)
            writer.write(invoice.open)
            writer.write(invoice.order) { $0.write($1) }
            writer.write(invoice.recordedAt)
            writer.write(invoice.recorder)
            writer.write(invoice.dispute) { writer, dispute in
                writer.write(dispute.note)
                writer.write(dispute.at)
                writer.write(dispute.by)
            }
            writer.write(invoice.resolvedOn) { $0.write($1) }
            writer.write(invoice.planned)
            writer.write(invoice.voided)
            writer.write(invoice.charge) { writer, charge in
                writer.write(charge.item)
                writer.write(charge.through)
                writer.write(charge.note)
            }
            writer.write(invoice.ordinal)
        }
        writer.write(payments) { writer, payment in payment.encode(into: &writer) }
        writer.write(overrides) { writer, override in override.encode(into: &writer) }
        writer.write(trail) { writer, entry in
            writer.write(entry.at)
            writer.write(entry.by)
            writer.write(entry.action.rawValue)
            writer.write(entry.detail)
            writer.write(entry.ordinal)
        }
        writer.write(instruments) { writer, instrument in
            writer.write(instrument.ref)
            writer.write(instrument.amount)
            writer.write(instrument.due)
            writer.write(instrument.at)
            writer.write(instrument.by)
            writer.write(instrument.settlements) { writer, settlement in settlement.encode(into: &writer) }
            writer.write(instrument.state.rawValue)
            writer.write(instrument.settledAt) { $0.write($1) }
            writer.write(instrument.settledBy) { $0.write($1) }
            writer.write(instrument.ordinal)
        }
        writer.write(guarantees) { writer, guarantee in
            writer.write(guarantee.ref)
            writer.write(guarantee.amount)
            writer.write(guarantee.until) { $0.write($1) }
            writer.write(guarantee.at)
            writer.write(guarantee.by)
            writer.write(guarantee.released) { $0.write($1) }
        }
        writer.write(creditNotes) { writer, note in note.encode(into: &writer) }
        writer.write(promises) { writer, promise in
            writer.write(promise.amount)
            writer.write(promise.by)
            writer.write(promise.note)
            writer.write(promise.at)
            writer.write(promise.recordedBy)
        }
        writer.write(plan) { writer, plan in
            writer.write(plan.total)
            writer.write(plan.instalments)
            writer.write(plan.every)
            writer.write(plan.first)
            writer.write(plan.note)
            writer.write(plan.at)
            writer.write(plan.by)
            writer.write(plan.startOpen)
        }
        writer.write(stage.rawValue)
        writer.write(reservations) { writer, reservation in
            writer.write(reservation.order)
            writer.write(reservation.amount)
            writer.write(reservation.at)
            writer.write(reservation.expires)
        }
        writer.write(pendingInstruments)
        writer.write(lastOrdinal)
        writer.write(openTotal)
        writer.write(credit)
        writer.write(createdAt)
        writer.write(creator)
        writer.write(contact) { $0.write($1) }
        writer.write(phone) { $0.write($1) }
        writer.write(email) { $0.write($1) }
        writer.write(owner) { $0.write($1) }
        writer.write(followUp) { $0.write($1) }
    }

    init(reading reader: inout BinaryReader, version: UInt64 = Ledger.binaryVersion) throws(BinaryReader.Malformed) {
        var extras = CustomerExtras()
        id = try reader.string()
        name = try reader.string()
        ownLimit = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.money() }
        extras.ownTerms = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.terms() }
        guard let riskClass = RiskClass(rawValue: try reader.string()) else {
            throw BinaryReader.Malformed(offset: reader.offset)
        }
        self.riskClass = riskClass
        strategic = try reader.bool()
        extras.temporaryLimit = try reader.optional { reader throws(BinaryReader.Malformed) in
            TemporaryLimit(amount: try reader.money(), until: try reader.day())
        }
        extras.review = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.day() }
        extras.block = try reader.optional { reader throws(BinaryReader.Malformed) in
            let (reason, note, by) = (try reader.string(), try reader.string(), try reader.string())
            let (at, exposure) = (try reader.instant(), try reader.money())
            guard let level = Role(rawValue: try reader.int()) else {
                throw BinaryReader.Malformed(offset: reader.offset)
            }
            return ManualBlock(reason: reason, note: note, by: by, at: at, exposure: exposure, level: level)
        }
        invoices = InvoiceList(
            try reader.array { reader throws(BinaryReader.Malformed) in
                let (id, amount, issued, due, open) = (
                    try reader.string(), try reader.money(), try reader.day(), try reader.day(), try reader.money()
                )
                let order = try reader.optionalString()
                let (recordedAt, recorder) = (try reader.instant(), try reader.userName())
                let details = Invoice.Details.Fields(
                    order: order,
                    dispute: try reader.optional { reader throws(BinaryReader.Malformed) in
                        Dispute(note: try reader.string(), at: try reader.instant(), by: try reader.string())
                    },
                    resolvedOn: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.day() },
                    planned: try reader.bool(), voided: try reader.bool(),
                    charge: version < 6
                        ? nil
                        : try reader.optional { reader throws(BinaryReader.Malformed) in
                            Charge(item: try reader.int(), through: try reader.day(), note: try reader.string())
                        })
                return Invoice(
                    id: id, amount: amount, issued: issued, due: due, open: open, recordedAt: recordedAt,
                    recorder: recorder, details: details, ordinal: try reader.int())
            })
        extras.payments = KeyedList(
            try reader.array { reader throws(BinaryReader.Malformed) in try Payment(reading: &reader) })
        extras.overrides = PersistentList(
            try reader.array { reader throws(BinaryReader.Malformed) in try Override(reading: &reader) })
        let trail = try reader.array { reader throws(BinaryReader.Malformed) in
            let at = try reader.instant()
            let by = try reader.string()
            guard let action = LogEntry.Action(rawValue: try reader.string()) else {
                throw BinaryReader.Malformed(offset: reader.offset)
            }
            return LogEntry(at: at, by: by, action: action, detail: try reader.string()).numbered(try reader.int())
        }
        extras.log = PersistentList(trail.lazy.filter { $0.action != .check })
        for entry in trail where entry.action == .check { extras.checks.append(entry) }
        extras.instruments = PersistentList(
            try reader.array { reader throws(BinaryReader.Malformed) in
                let ref = try reader.string()
                let amount = try reader.money()
                let due = try reader.day()
                let at = try reader.instant()
                let by = try reader.string()
                let settlements = try reader.array { reader throws(BinaryReader.Malformed) in
                    try Settlement(reading: &reader)
                }
                guard let state = Instrument.State(rawValue: try reader.string()) else {
                    throw BinaryReader.Malformed(offset: reader.offset)
                }
                return Instrument(
                    ref: ref, amount: amount, due: due, at: at, by: by, settlements: settlements, state: state,
                    settledAt: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.instant() },
                    settledBy: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() }
                )
                .numbered(try reader.int())
            })
        extras.guarantees = PersistentList(
            try reader.array { reader throws(BinaryReader.Malformed) in
                Guarantee(
                    ref: try reader.string(), amount: try reader.money(),
                    until: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.day() },
                    at: try reader.instant(), by: try reader.string(),
                    released: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.instant() })
            })
        extras.creditNotes = KeyedList(
            try reader.array { reader throws(BinaryReader.Malformed) in try Payment(reading: &reader) })
        extras.promises = PersistentList(
            try reader.array { reader throws(BinaryReader.Malformed) in
                Promise(
                    amount: try reader.money(), by: try reader.day(), note: try reader.string(),
                    at: try reader.instant(),
                    recordedBy: try reader.string())
            })
        extras.plan = try reader.optional { reader throws(BinaryReader.Malformed) in
            PaymentPlan(
                total: try reader.money(), instalments: try reader.int(), every: try reader.int(),
                first: try reader.day(), note: try reader.string(), at: try reader.instant(), by: try reader.string(),
                startOpen: try reader.money())
        }
        guard let stage = CollectionStage(rawValue: try reader.string()) else {
            throw BinaryReader.Malformed(offset: reader.offset)
        }
        self.stage = stage
        extras.reservations = PersistentList(
            try reader.array { reader throws(BinaryReader.Malformed) in
                Reservation(
                    order: try reader.string(), amount: try reader.money(), at: try reader.instant(),
                    expires: try reader.instant())
            })
        extras.pendingInstruments = try reader.money()
        lastOrdinal = try reader.int()
        openTotal = try reader.money()
        extras.credit = try reader.money()
        createdAt = try reader.instant()
        creator = try reader.userName()
        if version >= 6 {
            extras.contact = try reader.optionalString()
            extras.phone = try reader.optionalString()
            extras.email = try reader.optionalString()
            extras.owner = try reader.optionalString()
            extras.followUp = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.day() }
        }
        self.extras = CustomerExtras.Slot(extras)
    }
}

extension Override {
    func encode(into writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(customer)
        writer.write(manager)
        writer.write(recordedBy)
        writer.write(issued)
        writer.write(until)
        writer.write(maximumAmount) { $0.write($1) }
        writer.write(order) { $0.write($1) }
        writer.write(uses) { $0.write($1) }
        writer.write(total) { $0.write($1) }
        writer.write(reasons.rawValue)
        writer.write(exposure)
        writer.write(note)
        writer.write(lapses) { $0.write($1) }
        writer.write(confirmed) { $0.write($1) }
        writer.write(revoked) { writer, revocation in
            writer.write(revocation.at)
            writer.write(revocation.by)
            writer.write(revocation.note)
        }
        writer.write(passed) { writer, pass in
            writer.write(pass.order)
            writer.write(pass.amount)
        }
    }

    init(reading reader: inout BinaryReader) throws(BinaryReader.Malformed) {
        id = try reader.string()
        customer = try reader.string()
        manager = try reader.string()
        recordedBy = try reader.string()
        issued = try reader.instant()
        until = try reader.instant()
        maximumAmount = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.money() }
        order = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() }
        uses = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.int() }
        total = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.money() }
        reasons = HoldReason(rawValue: UInt8(truncatingIfNeeded: try reader.unsigned()))
        exposure = try reader.money()
        note = try reader.string()
        lapses = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.instant() }
        confirmed = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.instant() }
        revoked = try reader.optional { reader throws(BinaryReader.Malformed) in
            Revocation(at: try reader.instant(), by: try reader.string(), note: try reader.string())
        }
        passed = try reader.array { reader throws(BinaryReader.Malformed) in
            Pass(order: try reader.string(), amount: try reader.money())
        }
    }
}

extension Payment {
    func encode(into writer: inout BinaryWriter) {
        writer.write(ref)
        writer.write(amount)
        writer.write(invoice) { $0.write($1) }
        writer.write(at)
        writer.write(by)
        writer.write(settlements) { writer, settlement in settlement.encode(into: &writer) }
        writer.write(unapplied)
        writer.write(ordinal)
    }

    init(reading reader: inout BinaryReader) throws(BinaryReader.Malformed) {
        self.init(
            ref: try reader.string(), amount: try reader.money(),
            invoice: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() },
            at: try reader.instant(), by: try reader.string(),
            settlements: try reader.array { reader throws(BinaryReader.Malformed) in try Settlement(reading: &reader) },
            unapplied: try reader.money())
        ordinal = try reader.int()
    }
}

extension Settlement {
    func encode(into writer: inout BinaryWriter) {
        writer.write(invoice)
        writer.write(amount)
    }

    init(reading reader: inout BinaryReader) throws(BinaryReader.Malformed) {
        self.init(invoice: try reader.string(), amount: try reader.money())
    }
}

/// Restoring a history entry's place from a snapshot.
protocol Numbered {
    var ordinal: Int { get set }
}

extension Numbered {
    func numbered(_ ordinal: Int) -> Self {
        var copy = self
        copy.ordinal = ordinal
        return copy
    }
}

extension LogEntry: Numbered {}
extension Instrument: Numbered {}

extension BinaryReader {
    mutating func optionalString() throws(BinaryReader.Malformed) -> String? {
        try optional { reader throws(BinaryReader.Malformed) in try reader.string() }
    }
}

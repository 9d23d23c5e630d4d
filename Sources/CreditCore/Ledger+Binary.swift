/// The ledger as bytes, for snapshots: every field of every customer, so a
/// restart loads state directly instead of replaying its history. Fields are
/// written and read in the same order; `Ledger.binaryVersion` changes when
/// that order does.
extension Ledger {
    public static let binaryVersion: UInt64 = 1

    /// Writes everything but the customers; `encode(customer:)` writes each of those.
    public func encodeHeader(into writer: inout BinaryWriter) {
        writer.write(Ledger.binaryVersion)
        policy.encode(into: &writer)
        writer.write(nextOverride)
        writer.write(users.values.sorted { $0.name < $1.name }) { writer, user in
            writer.write(user.name)
            writer.write(user.role.rawValue)
            writer.write(bytes: user.credential.salt)
            writer.write(bytes: user.credential.digest)
        }
        writer.write(UInt64(customers.count))
    }

    /// Reads what `encodeHeader` and the customers after it wrote.
    public init(reading reader: inout BinaryReader) throws(BinaryReader.Malformed) {
        guard try reader.unsigned() == Ledger.binaryVersion else { throw BinaryReader.Malformed(offset: reader.offset) }
        let policy = try Policy(reading: &reader)
        let nextOverride = try reader.int()
        let users = try reader.array { reader throws(BinaryReader.Malformed) -> User in
            let name = try reader.string()
            guard let role = Role(rawValue: try reader.int()) else { throw BinaryReader.Malformed(offset: reader.offset) }
            return User(name: name, role: role,
                        credential: Credential(salt: try reader.byteArray(), digest: try reader.byteArray()))
        }
        let count = try reader.count()
        var customers: [String: Customer] = [:]
        customers.reserveCapacity(count)
        for _ in 0..<count {
            let customer = try Customer(reading: &reader)
            customers[customer.id] = customer
        }
        self.init(customers: customers, policy: policy,
                  users: Dictionary(uniqueKeysWithValues: users.map { ($0.name, $0) }), nextOverride: nextOverride)
    }
}

extension Policy {
    func encode(into writer: inout BinaryWriter) {
        for riskClass in RiskClass.allCases {
            let rules = self[riskClass]
            writer.write(rules.terms)
            writer.write(rules.limit)
            writer.write(rules.graceDays)
        }
        writer.write(overrideMaximum.seconds)
        writer.write(phoneWindow.seconds)
        writer.write(defaultClass.rawValue)
    }

    init(reading reader: inout BinaryReader) throws(BinaryReader.Malformed) {
        var classes: [RiskClass: ClassPolicy] = [:]
        for riskClass in RiskClass.allCases {
            classes[riskClass] = ClassPolicy(terms: try reader.int(), limit: try reader.money(), graceDays: try reader.int())
        }
        let overrideMaximum = Span(seconds: try reader.signed())
        let phoneWindow = Span(seconds: try reader.signed())
        guard let defaultClass = RiskClass(rawValue: try reader.string()) else {
            throw BinaryReader.Malformed(offset: reader.offset)
        }
        self.init(classes: classes, overrideMaximum: overrideMaximum, phoneWindow: phoneWindow,
                  defaultClass: defaultClass)
    }
}

extension Customer {
    public func encode(into writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(name)
        writer.write(ownLimit) { $0.write($1) }
        writer.write(ownTerms) { $0.write($1) }
        writer.write(riskClass.rawValue)
        writer.write(strategic)
        writer.write(block) { writer, block in
            writer.write(block.reason)
            writer.write(block.note)
            writer.write(block.by)
            writer.write(block.at)
            writer.write(block.exposure)
        }
        writer.write(invoices) { writer, invoice in
            writer.write(invoice.id)
            writer.write(invoice.amount)
            writer.write(invoice.issued)
            writer.write(invoice.due)
            writer.write(invoice.open)
            writer.write(invoice.order) { $0.write($1) }
            writer.write(invoice.recordedAt)
            writer.write(invoice.recordedBy)
        }
        writer.write(payments) { writer, payment in
            writer.write(payment.ref)
            writer.write(payment.amount)
            writer.write(payment.invoice) { $0.write($1) }
            writer.write(payment.at)
            writer.write(payment.by)
            writer.write(payment.settlements) { writer, settlement in
                writer.write(settlement.invoice)
                writer.write(settlement.amount)
            }
            writer.write(payment.unapplied)
        }
        writer.write(overrides) { writer, override in override.encode(into: &writer) }
        writer.write(log) { writer, entry in
            writer.write(entry.at)
            writer.write(entry.by)
            writer.write(entry.action)
            writer.write(entry.detail)
        }
        writer.write(openTotal)
        writer.write(credit)
        writer.write(createdAt)
        writer.write(createdBy)
    }

    init(reading reader: inout BinaryReader) throws(BinaryReader.Malformed) {
        id = try reader.string()
        name = try reader.string()
        ownLimit = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.money() }
        ownTerms = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.int() }
        guard let riskClass = RiskClass(rawValue: try reader.string()) else {
            throw BinaryReader.Malformed(offset: reader.offset)
        }
        self.riskClass = riskClass
        strategic = try reader.bool()
        block = try reader.optional { reader throws(BinaryReader.Malformed) in
            ManualBlock(reason: try reader.string(), note: try reader.string(), by: try reader.string(),
                        at: try reader.instant(), exposure: try reader.money())
        }
        invoices = try reader.array { reader throws(BinaryReader.Malformed) in
            Invoice(id: try reader.string(), amount: try reader.money(), issued: try reader.day(), due: try reader.day(),
                    open: try reader.money(),
                    order: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() },
                    recordedAt: try reader.instant(), recordedBy: try reader.string())
        }
        payments = try reader.array { reader throws(BinaryReader.Malformed) in
            Payment(ref: try reader.string(), amount: try reader.money(),
                    invoice: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() },
                    at: try reader.instant(), by: try reader.string(),
                    settlements: try reader.array { reader throws(BinaryReader.Malformed) in
                        Settlement(invoice: try reader.string(), amount: try reader.money())
                    },
                    unapplied: try reader.money())
        }
        overrides = try reader.array { reader throws(BinaryReader.Malformed) in try Override(reading: &reader) }
        log = try reader.array { reader throws(BinaryReader.Malformed) in
            LogEntry(at: try reader.instant(), by: try reader.string(), action: try reader.string(),
                     detail: try reader.string())
        }
        openTotal = try reader.money()
        credit = try reader.money()
        createdAt = try reader.instant()
        createdBy = try reader.string()
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
        writer.write(note)
        writer.write(lapses) { $0.write($1) }
        writer.write(confirmed) { $0.write($1) }
        writer.write(revoked) { writer, revocation in
            writer.write(revocation.at)
            writer.write(revocation.by)
            writer.write(revocation.note)
        }
        writer.write(usedBy) { $0.write($1) }
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
        note = try reader.string()
        lapses = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.instant() }
        confirmed = try reader.optional { reader throws(BinaryReader.Malformed) in try reader.instant() }
        revoked = try reader.optional { reader throws(BinaryReader.Malformed) in
            Revocation(at: try reader.instant(), by: try reader.string(), note: try reader.string())
        }
        usedBy = try reader.array { reader throws(BinaryReader.Malformed) in try reader.string() }
    }
}

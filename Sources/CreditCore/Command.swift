/// Every change to the books, typed. Live traffic and journal replay both
/// reach the state only through `Ledger.apply(_:by:at:)` with one of these.
public enum Command: Hashable, Sendable {
    case customer(CustomerChange)
    /// A change that raises risk, asked for a manager's approval (four eyes).
    case request(CustomerChange)
    case approve(request: String, note: String)
    case reject(request: String, note: String)
    case reviewed(customer: String, note: String)
    case invoice(InvoiceEntry)
    case pay(PaymentEntry)
    case block(customer: String, reason: String, note: String)
    case unblock(customer: String, note: String)
    case override(OverrideEntry)
    case confirm(override: String)
    case revoke(override: String, note: String)
    /// A CHECK changes state when it uses an override for an order.
    case check(CheckQuery)
    /// The audit entry of a HOLD a replica answered, forwarded to its primary.
    case relayedHold(CheckQuery, RelayedHold)
    case addUser(name: String, role: Role, credential: Credential, overrideMax: Money? = nil)
    case deleteUser(name: String)
    /// USER SECRET: a new salted secret for an existing user (the server makes the secret).
    case resetSecret(name: String, credential: Credential)
    case instrument(customer: String, ref: String, amount: Money, due: Day)
    case cleared(ref: String)
    case bounced(ref: String)
    case guarantee(customer: String, ref: String, amount: Money, until: Day?)
    case release(ref: String)
    case credit(PaymentEntry)
    case dispute(customer: String, invoice: String, note: String)
    /// VOID: an invoice entered by mistake.
    case void(customer: String, invoice: String, note: String)
    case resolve(customer: String, invoice: String, note: String)
    case promise(customer: String, amount: Money, by: Day, note: String)
    case plan(PlanEntry)
    case stage(customer: String, stage: CollectionStage, note: String)
    case releaseOrder(order: String)
    case setPolicy([PolicySetting])
    /// CLOCK SET and SNAPSHOT, journaled so that AUDIT keeps them.
    case audit(AuditEvent)
    /// NOTE; `followUp`: when to follow the customer up next (R-COL-10).
    case note(customer: String, channel: String, note: String, outcome: String?, followUp: Day? = nil)
    /// CHARGE: a late charge CHARGES proposed, posted as an invoice due at once.
    case charge(ChargeEntry)

    /// Each case without its values: a test goes over `allCases` and fails for a command that has
    /// no verb, no canonical line that decodes back to it, or no section in protocol.md.
    public enum Kind: CaseIterable, Sendable {
        case customer, request, approve, reject, reviewed, invoice, pay, block, unblock, override, confirm, revoke
        case check, relayedHold, addUser, deleteUser, resetSecret, instrument, cleared, bounced, guarantee, release,
            credit
        case dispute, void, resolve, promise, plan, stage, releaseOrder, setPolicy, audit, note, charge
    }

    public var kind: Kind {
        switch self {
        case .customer: .customer
        case .request: .request
        case .approve: .approve
        case .reject: .reject
        case .reviewed: .reviewed
        case .invoice: .invoice
        case .pay: .pay
        case .block: .block
        case .unblock: .unblock
        case .override: .override
        case .confirm: .confirm
        case .revoke: .revoke
        case .check: .check
        case .relayedHold: .relayedHold
        case .addUser: .addUser
        case .deleteUser: .deleteUser
        case .resetSecret: .resetSecret
        case .instrument: .instrument
        case .cleared: .cleared
        case .bounced: .bounced
        case .guarantee: .guarantee
        case .release: .release
        case .credit: .credit
        case .dispute: .dispute
        case .void: .void
        case .resolve: .resolve
        case .promise: .promise
        case .plan: .plan
        case .stage: .stage
        case .releaseOrder: .releaseOrder
        case .setPolicy: .setPolicy
        case .audit: .audit
        case .note: .note
        case .charge: .charge
        }
    }
}

/// CHARGE: the proposal's id, the amount posted (at most the proposal's), and why.
public struct ChargeEntry: Hashable, Sendable {
    public var customer: String
    public var id: String
    public var amount: Money
    public var note: String

    public init(customer: String, id: String, amount: Money, note: String) {
        self.customer = customer
        self.id = id
        self.amount = amount
        self.note = note
    }
}

/// PLAN: an agreed debt in equal instalments every so many days.
public struct PlanEntry: Hashable, Sendable {
    public var customer: String
    public var total: Money
    public var instalments: Int
    public var every: Int
    public var first: Day
    public var note: String

    public init(customer: String, total: Money, instalments: Int, every: Int, first: Day, note: String) {
        self.customer = customer
        self.total = total
        self.instalments = instalments
        self.every = every
        self.first = first
        self.note = note
    }
}

/// One `key=value` of POLICY SET.
public struct PolicySetting: Hashable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// CUSTOMER: creates the customer, or changes the fields given.
public struct CustomerChange: Hashable, Sendable {
    public var id: String
    public var name: String?
    public var limit: Money?
    public var terms: Terms?
    public var riskClass: RiskClass?
    public var strategic: Bool?
    /// With `limit`: a temporary limit, until the end of that day.
    public var until: Day?
    /// The next credit review.
    public var review: Day?
    /// Why: required for a change that raises risk.
    public var note: String?
    /// Whom to speak to and how, and the collector (R-COL-10); an empty value clears the field.
    public var contact: String?
    public var phone: String?
    public var email: String?
    public var owner: String?

    public init(
        id: String, name: String? = nil, limit: Money? = nil, terms: Terms? = nil,
        riskClass: RiskClass? = nil, strategic: Bool? = nil, until: Day? = nil, review: Day? = nil,
        note: String? = nil, contact: String? = nil, phone: String? = nil, email: String? = nil,
        owner: String? = nil
    ) {
        self.contact = contact
        self.phone = phone
        self.email = email
        self.owner = owner
        self.id = id
        self.name = name
        self.limit = limit
        self.terms = terms
        self.riskClass = riskClass
        self.strategic = strategic
        self.until = until
        self.review = review
        self.note = note
    }

    /// The fields given, as `key=value` words (the audit trail and REQUESTS use them).
    public var settings: [String] {
        var words: [String] = []
        forEachSetting { key, value in words.append(key + value) }
        return words
    }

    /// Each field given, in the canonical order, as its key (`limit=`) and its written value: the
    /// journal line is built from these without a word or an interpolation per field.
    public func forEachSetting(_ body: (String, String) -> Void) {
        if let name { body("name=", Quoting.quoted(name)) }
        if let limit { body("limit=", limit.description) }
        if let until { body("until=", until.description) }
        if let terms { body("terms=", terms.description) }
        if let riskClass { body("class=", riskClass.description) }
        if let strategic { body("strategic=", strategic ? "yes" : "no") }
        if let review { body("review=", review.description) }
        if let contact { body("contact=", Quoting.quoted(contact)) }
        if let phone { body("phone=", Quoting.quoted(phone)) }
        if let email { body("email=", Quoting.quoted(email)) }
        if let owner { body("owner=", Quoting.quoted(owner)) }
        if let note { body("note=", Quoting.quoted(note)) }
    }
}

/// INVOICE: a new open item. `issued` defaults to today and `due` to issued +
/// the customer's terms; the journaled event always carries both.
public struct InvoiceEntry: Hashable, Sendable {
    public var customer: String
    public var id: String
    public var amount: Money
    public var issued: Day?
    public var due: Day?
    public var order: String?

    public init(
        customer: String, id: String, amount: Money, issued: Day? = nil, due: Day? = nil,
        order: String? = nil
    ) {
        self.customer = customer
        self.id = id
        self.amount = amount
        self.issued = issued
        self.due = due
        self.order = order
    }
}

/// PAY: money received, applied to the named invoice first, then oldest first.
public struct PaymentEntry: Hashable, Sendable {
    public var customer: String
    public var amount: Money
    public var ref: String
    public var invoice: String?

    public init(customer: String, amount: Money, ref: String, invoice: String? = nil) {
        self.customer = customer
        self.amount = amount
        self.ref = ref
        self.invoice = invoice
    }
}

/// OVERRIDE: a manager's bounded permission. With `manager` set, a clerk
/// records a phone approval in that manager's name (R-OVR-6).
public struct OverrideEntry: Hashable, Sendable {
    public enum Window: Hashable, Sendable {
        case lasting(Period)
        case until(Instant)
    }

    public var customer: String
    public var window: Window
    public var maximumAmount: Money?
    public var order: String?
    public var uses: Int?
    public var total: Money?
    /// The hold reasons it is for; nil: those present when it is issued.
    public var reasons: HoldReason?
    /// The manager named by a phone approval; nil when the actor is the manager.
    public var phoneManager: String?
    public var note: String

    public init(
        customer: String, window: Window, maximumAmount: Money? = nil, order: String? = nil,
        uses: Int? = nil, total: Money? = nil, reasons: HoldReason? = nil, phoneManager: String? = nil,
        note: String
    ) {
        self.customer = customer
        self.window = window
        self.maximumAmount = maximumAmount
        self.order = order
        self.uses = uses
        self.total = total
        self.reasons = reasons
        self.phoneManager = phoneManager
        self.note = note
    }
}

/// CHECK: may we supply `customer` for `amount` (for `order`)?
public struct CheckQuery: Hashable, Sendable {
    public var customer: String
    public var amount: Money
    public var order: String?
    /// Only in the journal: this record stands for `count` identical refusals, the last `seconds`
    /// after the first (protocol.md §7). Nil for one.
    public var repeated: Repetition?

    /// Inlinable: built in another module (CHECK's reader), it was made in a temporary and copied.
    @inlinable
    public init(customer: String, amount: Money = .zero, order: String? = nil, repeated: Repetition? = nil) {
        self.customer = customer
        self.amount = amount
        self.order = order
        self.repeated = repeated
    }

    /// The same question, however often it was asked.
    public func asks(_ other: CheckQuery) -> Bool {
        customer == other.customer && amount == other.amount && order == other.order
    }
}

/// How many identical refusals one audit entry counts, and how long after the first the last was.
public struct Repetition: Hashable, Sendable {
    public var count: Int
    public var seconds: Int64

    public init(count: Int, seconds: Int64) {
        self.count = count
        self.seconds = seconds
    }
}

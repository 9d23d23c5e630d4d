import CreditCore
import CreditProtocol

/// A ledger with a hand-moved clock and the people of the examples: clerk
/// carla, managers dana and mo, terminal pos1, admin ada. Every test starts from one.
/// Commands are applied directly, or decoded from request lines as a server would
/// (`run`, `reply`); each event is kept for replay.
public struct Books {
    public static let start = Instant(parsing: "2026-03-01T09:00:00Z")!
    public static let clerk = Actor(name: "carla", role: .clerk)
    public static let manager = Actor(name: "dana", role: .manager)
    public static let otherManager = Actor(name: "mo", role: .manager)
    public static let terminal = Actor(name: "pos1", role: .terminal)
    public static let admin = Actor(name: "ada", role: .admin)

    /// A change of the books as the journal keeps it.
    public struct Event {
        public let command: Command
        public let actor: Actor
        public let moment: Moment
    }

    public var ledger: Ledger
    public var now: Instant
    public private(set) var events: [Event] = []

    public init(policy: Policy = .standard, users: Bool = true) {
        ledger = Ledger(policy: policy)
        now = Books.start
        if users {
            for actor in [Books.clerk, Books.manager, Books.otherManager, Books.terminal, Books.admin] {
                _ = try! apply(
                    .addUser(
                        name: actor.name, role: actor.role,
                        credential: Credential(secret: "s3cret", salt: [1, 2, 3])), as: .system)
            }
        }
    }

    public var moment: Moment { Moment(instant: now) }
    public var today: Day { now.utcDay }

    public mutating func advance(_ span: Period) { now = now.adding(span) }
    public mutating func advance(days: Int) { now = now.adding(.days(Int64(days))) }

    @discardableResult
    public mutating func apply(_ command: Command, as actor: Actor = Books.clerk) throws(CreditError) -> Applied {
        let applied = try ledger.apply(command, by: actor, at: moment)
        if let event = applied.event { events.append(Event(command: event, actor: actor, moment: moment)) }
        return applied
    }

    /// Decodes `line` as a client's request and applies it.
    @discardableResult
    public mutating func run(_ line: String, as actor: Actor = Books.clerk) throws(CreditError) -> Applied {
        switch Books.decode(Array(line.utf8)) {
        case .success(.command(let command)): return try apply(command, as: actor)
        case .success(.check(let query)): return try apply(.check(query), as: actor)
        case .success(let other): fatalError("\(line) is not a change of the books: \(other)")
        case .failure(let error): throw error
        }
    }

    /// The reply line a server would send for `line`.
    public mutating func reply(_ line: String, as actor: Actor = Books.clerk) -> String {
        var out: [UInt8] = []
        do {
            Reply.outcome(try run(line, as: actor).outcome, into: &out)
        } catch {
            Reply.error(error, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses and decodes one line the way the server and the journal replay do:
    /// `RequestParser`, then `VerbTable.spec(for:)`, then `VerbSpec.decode`.
    public static func decode(_ bytes: [UInt8], origin: Origin = .wire) -> Result<Request, CreditError> {
        let parser = RequestParser()
        return bytes.withUnsafeBytes { raw in
            do throws(CreditError) {
                let line = try parser.parse(raw)
                return .success(try VerbTable.spec(for: line).decode(line, origin: origin))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The code `command` is refused with, or nil when it succeeds.
    public mutating func refusal(_ command: Command, as actor: Actor = Books.clerk) -> ErrorCode? {
        do {
            _ = try ledger.apply(command, by: actor, at: moment)
            return nil
        } catch {
            return error.code
        }
    }

    /// CHECK as the terminal.
    public mutating func check(_ customer: String, _ amount: String = "0", order: String? = nil) throws(CreditError)
        -> Decision
    {
        let applied = try ledger.check(
            CheckQuery(customer: customer, amount: Money(parsing: amount)!, order: order),
            by: Books.terminal, at: moment)
        guard case .decision(let decision) = applied.outcome else { fatalError("CHECK answered \(applied.outcome)") }
        return decision
    }

    // Short forms of the commands the tests use most.

    /// A customer set up by the credit manager: settings that raise risk need a manager and a note.
    public mutating func customer(
        _ id: String, limit: String? = nil, terms: Int? = nil, riskClass: RiskClass? = nil,
        strategic: Bool? = nil
    ) throws(CreditError) {
        try apply(
            .customer(
                CustomerChange(
                    id: id, limit: limit.map { Money(parsing: $0)! }, terms: terms.map { Terms(days: $0) },
                    riskClass: riskClass, strategic: strategic, note: "set by the credit manager")),
            as: Books.manager)
    }

    public mutating func invoice(
        _ customer: String, _ id: String, _ amount: String, date: String? = nil, due: String? = nil,
        order: String? = nil
    ) throws(CreditError) {
        try apply(
            .invoice(
                InvoiceEntry(
                    customer: customer, id: id, amount: Money(parsing: amount)!,
                    issued: date.map { Day(parsing: $0)! }, due: due.map { Day(parsing: $0)! },
                    order: order)))
    }

    @discardableResult
    public mutating func pay(_ customer: String, _ amount: String, ref: String, invoice: String? = nil)
        throws(CreditError) -> Payment
    {
        let applied = try apply(
            .pay(
                PaymentEntry(
                    customer: customer, amount: Money(parsing: amount)!, ref: ref,
                    invoice: invoice)))
        guard case .payment(let payment, _) = applied.outcome else { fatalError("PAY answered \(applied.outcome)") }
        return payment
    }

    public mutating func block(_ customer: String, reason: String = "FRAUD", note: String = "cheque forged")
        throws(CreditError)
    {
        try apply(.block(customer: customer, reason: reason, note: note))
    }

    @discardableResult
    public mutating func override(
        _ customer: String, for span: String = "2h", amount: String? = nil, order: String? = nil,
        uses: Int? = nil, total: String? = nil, reasons: HoldReason? = nil,
        phone manager: String? = nil, note: String = "long-standing client",
        as actor: Actor = Books.manager
    ) throws(CreditError) -> Override {
        let entry = OverrideEntry(
            customer: customer, window: .lasting(Period(parsing: span)!),
            maximumAmount: amount.map { Money(parsing: $0)! }, order: order, uses: uses,
            total: total.map { Money(parsing: $0)! }, reasons: reasons,
            phoneManager: manager, note: note)
        let applied = try apply(.override(entry), as: actor)
        guard case .override(let override) = applied.outcome else { fatalError("OVERRIDE answered \(applied.outcome)") }
        return override
    }
}

public func money(_ text: String) -> Money { Money(parsing: text, allowNegative: true)! }
public func day(_ text: String) -> Day { Day(parsing: text)! }

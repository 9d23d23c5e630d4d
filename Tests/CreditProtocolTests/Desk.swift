import CreditCore
import CreditProtocol

/// A ledger driven by request lines, as a server would: each line is decoded,
/// applied by an actor at the desk's clock, and its event kept for replay.
struct Desk {
    static let start = Instant(parsing: "2026-03-01T09:00:00Z")!
    static let clerk = Actor(name: "carla", role: .clerk)
    static let manager = Actor(name: "dana", role: .manager)
    static let otherManager = Actor(name: "mo", role: .manager)
    static let terminal = Actor(name: "pos1", role: .terminal)

    struct Event {
        let command: Command
        let actor: Actor
        let moment: Moment
    }

    var ledger = Ledger()
    var now = Desk.start
    var events: [Event] = []

    var moment: Moment { Moment(instant: now) }

    init() {
        for actor in [Desk.clerk, Desk.manager, Desk.otherManager, Desk.terminal] {
            try! apply(.addUser(name: actor.name, role: actor.role, credential: Credential(secret: "pw", salt: [4, 2])),
                       as: .system)
        }
    }

    mutating func advance(_ span: Period) { now = now.adding(span) }

    @discardableResult
    mutating func apply(_ command: Command, as actor: Actor) throws(CreditError) -> Applied {
        let applied = try ledger.apply(command, by: actor, at: moment)
        if let event = applied.event { events.append(Event(command: event, actor: actor, moment: moment)) }
        return applied
    }

    /// Decodes `line` as a client's request and applies it.
    @discardableResult
    mutating func run(_ line: String, as actor: Actor = Desk.clerk) throws(CreditError) -> Applied {
        switch decode(line) {
        case .success(.command(let command)): return try apply(command, as: actor)
        case .success(.check(let query)): return try apply(.check(query), as: actor)
        case .success(let other): fatalError("\(line) is not a change of the books: \(other)")
        case .failure(let error): throw error
        }
    }

    /// The reply line a server would send for `line`.
    mutating func reply(_ line: String, as actor: Actor = Desk.clerk) -> String {
        var out: [UInt8] = []
        do {
            Reply.outcome(try run(line, as: actor).outcome, into: &out)
        } catch {
            Reply.error(error, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

func text(_ body: (inout [UInt8]) -> Void) -> String {
    var out: [UInt8] = []
    body(&out)
    return String(decoding: out, as: UTF8.self)
}

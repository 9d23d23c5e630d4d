import CreditCore
import CreditProtocol

/// Live traffic in process, as the server handles it (a line of at most
/// `Limits.maximumLineLength` bytes, the parser, the verb table, the role
/// check, the decoder, `Ledger.apply`), writing each accepted change's
/// journal line; and the replay of those lines into a fresh ledger, or into
/// one loaded from a snapshot, as start-up does.
struct LiveRun {
    struct Entry {
        let line: String
        let actor: Actor
        let moment: Moment
    }

    var ledger = Ledger()
    var journal: [Entry] = []
    var now = Instant(parsing: "2026-03-01T09:00:00Z")!
    var accepted = 0
    var refused = 0
    /// Refusals counted into an earlier audit entry.
    var repeated = 0
    /// The codes each verb answered once its line had parsed, for the audit against protocol.md.
    var codes: [String: Set<ErrorCode>] = [:]
    /// Journal lines that did not read back as the change they record.
    var unreadable: [String] = []
    /// The newest journal entry when it is a refusal's audit entry, which the server keeps in
    /// memory until a change is journaled: an identical refusal is counted into it (`count=`).
    var pendingRefusal: (actor: Actor, query: CheckQuery, counted: Repeat)?
    private let parser = RequestParser()

    static let admin = Actor(name: "ada", role: .admin)

    init() {
        for (name, role) in [
            ("ada", Role.admin), ("carla", .clerk), ("dana", .manager), ("mo", .manager),
            ("pos1", .terminal),
        ] {
            send("USER ADD \(name) role=\(role)", as: LiveRun.admin)
        }
    }

    var moment: Moment { Moment(instant: now) }

    /// The signed-in users an actor may be, by name.
    var actors: [Actor] {
        ledger.users.values.sorted { $0.name < $1.name }.map { Actor(name: $0.name, role: $0.role) }
    }

    mutating func send(_ text: String, as actor: Actor) {
        send(text) { _ in actor }
    }

    /// Sends `text` as the user `choose` picks for the verb's role.
    mutating func send(_ text: String, choose: (Role?) -> Actor) {
        // The line buffer refuses a longer line before any parsing (LINE_TOO_LONG).
        guard text.utf8.count < Limits.maximumLineLength else {
            refused += 1
            return
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in handle(UnsafeRawBufferPointer(raw), choose: choose) }
    }

    private mutating func handle(_ bytes: UnsafeRawBufferPointer, choose: (Role?) -> Actor) {
        let line: RequestLine
        let spec: VerbSpec
        do throws(CreditError) {
            line = try parser.parse(bytes)
            spec = try VerbTable.spec(for: line)
        } catch {
            refused += 1
            return
        }
        let actor = choose(spec.role)
        guard spec.role.map({ actor.role >= $0 }) ?? true else {
            refused += 1
            return
        }
        do throws(CreditError) {
            let command: Command
            switch try spec.decode(line) {
            case .command(let change): command = change
            case .check(let query): command = .check(query)
            case .addUser(let name, let role, let ceiling):
                command = .addUser(
                    name: name, role: role,
                    credential: Credential(secret: "s", salt: Array("salt\(journal.count)".utf8)),
                    overrideMax: ceiling)
            case .resetSecret(let name):
                command = .resetSecret(
                    name: name, credential: Credential(secret: "t", salt: Array("salt\(journal.count)".utf8)))
            default: return
            }
            let applied: Applied
            if case .check(let query) = command {
                let pending = pendingRefusal
                applied = try ledger.check(query, by: actor, at: moment) { asked in
                    pending.flatMap { $0.actor == actor && $0.query.asks(asked) ? $0.counted : nil }
                }
            } else {
                applied = try ledger.apply(command, by: actor, at: moment)
            }
            accepted += 1
            guard let event = applied.event else { return }
            let journaled = event.line
            if LiveRun.read(journaled) != event { unreadable.append(journaled) }
            guard case .decision(let decision) = applied.outcome, decision.isHold, case .check(let query) = event else {
                writeRefusal()
                journal.append(Entry(line: journaled, actor: actor, moment: moment))
                return
            }
            if let count = query.repeated?.count, let pending = pendingRefusal, let first = journal.popLast() {
                let earlier = pending.counted
                pendingRefusal = (
                    actor, query,
                    Repeat(
                        ordinal: earlier.ordinal, count: count, first: earlier.first,
                        reasons: earlier.reasons)
                )
                journal.append(Entry(line: journaled, actor: actor, moment: first.moment))
                repeated += 1
            } else {
                writeRefusal()
                pendingRefusal = (
                    actor, query,
                    Repeat(
                        ordinal: ledger.customer(query.customer)?.lastOrdinal ?? 0, count: 1,
                        first: now, reasons: decision.reasons)
                )
                journal.append(Entry(line: journaled, actor: actor, moment: moment))
            }
        } catch {
            refused += 1
            codes[spec.name, default: []].insert(error.code)
        }
    }

    /// The server writes a refusal's entry, and its count into the ledger, before a change or a
    /// snapshot (`RefusalAudits.drain`).
    mutating func writeRefusal() {
        if let pending = pendingRefusal { ledger.recount(pending.query, ordinal: pending.counted.ordinal) }
        pendingRefusal = nil
    }

    /// A journal line read back as start-up reads it, or nil.
    static func read(_ text: String) -> Command? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { raw -> Command? in
            do throws(CreditError) {
                let line = try RequestParser().parse(UnsafeRawBufferPointer(raw))
                guard case .command(let command) = try VerbTable.spec(for: line).decode(line, origin: .journal) else {
                    return nil
                }
                return command
            } catch {
                return nil
            }
        }
    }

    /// Replays `journal[from...]` into `ledger`; the first failure, if any.
    static func replay(_ entries: ArraySlice<Entry>, into ledger: inout Ledger) -> String? {
        for entry in entries {
            guard let command = read(entry.line) else { return "does not parse: \(entry.line.prefix(200))" }
            do throws(CreditError) {
                _ = try ledger.apply(command, by: entry.actor, at: entry.moment)
            } catch {
                return "no longer applies (\(error)): \(entry.line.prefix(200))"
            }
        }
        return nil
    }

    /// The ledger as a snapshot writes it, read back.
    static func snapshotRoundTrip(_ ledger: Ledger) throws -> Ledger {
        var writer = BinaryWriter(capacity: 1 << 16)
        ledger.encodeHeader(into: &writer)
        for customer in ledger.customers.values { customer.encode(into: &writer) }
        let bytes = writer.bytes
        return try bytes.withUnsafeBytes { raw in
            var reader = BinaryReader(raw, offset: 0)
            return try Ledger(reading: &reader)
        }
    }

    /// Where two ledgers differ, in everything a request can observe: the
    /// customers, users, deleted names, policy and counters, each override,
    /// and which customer each order's reservation is released from.
    static func differences(_ one: Ledger, _ other: Ledger, at moment: Moment) -> [String] {
        var found: [String] = []
        if one.customers != other.customers {
            let ids = Set(one.customers.values.map(\.id)).union(other.customers.values.map(\.id))
            found += ids.sorted().filter { one.customer($0) != other.customer($0) }.map { "customer \($0)" }
        }
        if one.users != other.users { found.append("users") }
        if one.deletedUsers != other.deletedUsers { found.append("deleted users") }
        if one.policy != other.policy { found.append("policy") }
        if one.nextOverride != other.nextOverride { found.append("next override") }
        for number in 1..<max(one.nextOverride, 1) where one.override("OV-\(number)") != other.override("OV-\(number)")
        {
            found.append("OV-\(number)")
        }
        for order in OddRequests.orders {
            var first = one
            var second = other
            let a = Result { () throws(CreditError) in
                try first.apply(.releaseOrder(order: order), by: admin, at: moment).outcome
            }
            let b = Result { () throws(CreditError) in
                try second.apply(.releaseOrder(order: order), by: admin, at: moment).outcome
            }
            if a != b { found.append("RELEASE ORDER \(order): \(a) vs \(b)") }
        }
        return found
    }
}

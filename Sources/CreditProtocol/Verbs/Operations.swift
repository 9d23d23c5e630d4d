import CreditCore

/// INFO, SNAPSHOT, BACKUP, ROLE, SYNC, PROMOTE, FENCE, FOLLOW, ACK, HELD, CLOCK SET and AUDIT: running the server and its
/// replicas. Their rows, and the canonical journal lines of CLOCK SET and SNAPSHOT, kept so that
/// AUDIT shows them.
extension VerbTable {
    static let operations: [VerbSpec] = [
        VerbSpec(
            "INFO", "INFO", "Health and counters; an admin also sees the journal, fsync latency and snapshots.",
            arguments: 0...0, role: .terminal, access: .read
        ) { _, _ in .info },
        VerbSpec(
            "SNAPSHOT", "SNAPSHOT", "Starts a snapshot in the background.",
            arguments: 0...0, keys: ["sequence"], role: .admin,
            access: .session
        ) { line, origin throws(CreditError) in
            // The journal keeps each SNAPSHOT asked for, for AUDIT; a client sends no key.
            guard origin == .journal else {
                if let word = line.words.first(where: \.isKeyed) {
                    throw CreditError(.unknownKey, "SNAPSHOT takes no \(line.key(word))=; usage: SNAPSHOT")
                }
                return .snapshot
            }
            guard let sequence = try line.integer("sequence", in: 0...Int.max) else {
                throw CreditError(.missingArgument, "a journaled SNAPSHOT has sequence=")
            }
            return .command(.audit(.snapshot(sequence: sequence)))
        },
        VerbSpec(
            "BACKUP", "BACKUP <dir>",
            "Writes a consistent copy of the books into a new folder on the server: a snapshot and the journal file that continues it.",
            arguments: 1...1, role: .admin, access: .session
        ) { line, _ throws(CreditError) in
            let directory = try line.text(0, "folder")
            guard directory.hasPrefix("/"), directory.count > 1 else {
                throw CreditError(
                    .badValue, "BACKUP needs an absolute folder path, e.g. /var/backups/creditgate/2026-12-04")
            }
            return .backup(directory: directory)
        },
        VerbSpec(
            "ROLE", "ROLE", "Whether this server is the primary or a replica, its epoch and last record.",
            arguments: 0...0, role: .replica, access: .session
        ) { _, _ in .role },
        VerbSpec(
            "SYNC", "SYNC <sequence> [history=<epochs>] [replica=<id>]",
            "A replica asks for the records after its last one (a snapshot first when needed), then follows.",
            arguments: 1...1, keys: ["history", "replica"], role: .replica, access: .session, replicaOnly: true
        ) { line, _ throws(CreditError) in
            .sync(after: try line.sequence(0), history: line.text("history"), replica: try line.identifier("replica"))
        },
        VerbSpec(
            "PROMOTE", "PROMOTE note=\"…\"",
            "A replica stops following and becomes the primary of a new epoch, recorded before the reply.",
            arguments: 0...0, keys: ["note", "epoch", "id", "old"], required: ["note"], role: .admin,
            access: .session
        ) { line, origin throws(CreditError) in
            let note = try line.note()
            // The journal keeps the epoch begun; a client gives only the note.
            guard origin == .journal else {
                for key: StaticString in ["epoch", "id", "old"] where line.keyed(key) != nil {
                    throw CreditError(.unknownKey, "PROMOTE takes no \(key)=; usage: PROMOTE note=\"…\"")
                }
                return .promote(note: note)
            }
            guard let epoch = try line.integer("epoch", in: 1...Int.max), let id = line.text("id"),
                let old = line.text("old")
            else {
                throw CreditError(.missingArgument, "a journaled PROMOTE has epoch=, id= and old=")
            }
            return .command(.audit(.promoted(epoch: UInt64(epoch), id: id, old: old, note: note)))
        },
        VerbSpec(
            "FOLLOW", "FOLLOW <host:port> note=\"…\"",
            "Makes this server a replica of that primary; records it held that the primary never had are set aside.",
            arguments: 1...1, keys: ["note"], required: ["note"], role: .admin,
            access: .session
        ) { line, _ throws(CreditError) in
            .follow(primary: try line.text(0, "primary"), note: try line.note())
        },
        VerbSpec(
            "FENCE", "FENCE note=\"…\"",
            "A primary stops taking changes at once (reads go on) until PROMOTE or FOLLOW; a replica stays as it is.",
            arguments: 0...0, keys: ["note"], required: ["note"], role: .admin,
            access: .session
        ) { line, _ throws(CreditError) in
            .fence(note: try line.note())
        },
        VerbSpec(
            "ACK", "ACK <sequence>", "A replica tells the primary the records up to here are durable on it; no reply.",
            arguments: 1...1, role: .replica, access: .session, replicaOnly: true
        ) { line, _ throws(CreditError) in
            .ack(sequence: try line.sequence(0))
        },
        VerbSpec(
            "HELD",
            "HELD <customer> <amount> reasons=<CODES> by=<user> role=<role> at=<instant> day=<date> [order=<ref>] [count=<n> seconds=<s>]",
            "A replica forwards the audit entry of a CHECK it answered HOLD; no reply.",
            arguments: 2...2, keys: ["reasons", "by", "role", "at", "day", "order", "count", "seconds"],
            role: .replica, access: .session, replicaOnly: true
        ) { line, _ throws(CreditError) in
            guard let reasons = line.text("reasons").flatMap({ HoldReason(codes: $0) }), let user = line.text("by"),
                let role = try line.role("role"), let instant = try line.instant("at"), let day = try line.day("day")
            else {
                throw CreditError(.missingArgument, "HELD needs reasons=, by=, role=, at= and day=")
            }
            var query = CheckQuery(
                customer: try line.identifier(0, "customer"), amount: try line.amount(1, positive: false) ?? .zero,
                order: try line.identifier("order"))
            if let count = try line.integer("count", in: 2...Int.max),
                let seconds = try line.integer("seconds", in: 0...Int.max)
            {
                query.repeated = Repetition(count: count, seconds: Int64(seconds))
            }
            return .held(
                query, reasons: reasons, by: Actor(name: user, role: role), at: Moment(instant: instant, today: day))
        },
        VerbSpec(
            "CLOCK SET", "CLOCK SET <instant>",
            "Moves the server's clock (only with --test-clock).",
            arguments: 1...1, role: .admin, access: .session
        ) { line, origin throws(CreditError) in
            let instant = try line.instant(1, "instant")
            return origin == .journal ? .command(.audit(.clock(instant))) : .setClock(instant)
        },
        VerbSpec(
            "AUDIT", "AUDIT [limit=<n>]",
            "Every USER ADD/DEL, POLICY SET, CLOCK SET and SNAPSHOT, who and when; kept for good.",
            arguments: 0...0, keys: ["limit"], role: .admin, access: .read
        ) { line, _ throws(CreditError) in
            .audit(limit: try line.integer("limit", in: 1...100_000))
        },
    ]
}

extension Reply {
    /// AUDIT's lines: `audit at=<instant> by=<user> action=<VERB> <detail>`, one word per action as
    /// INFO's verbs: a space becomes `_` (protocol.md §5).
    public static func audit(_ entry: AuditEntry) -> String {
        "audit at=\(entry.at) by=\(entry.by) action=\(String(entry.action.map { $0 == " " ? "_" : $0 })) \(entry.detail)"
    }
}

extension Command {
    static func line(_ event: AuditEvent) -> String {
        switch event {
        case .clock(let instant): "CLOCK SET \(instant)"
        case .snapshot(let sequence): "SNAPSHOT sequence=\(sequence)"
        case .promoted(let epoch, let id, let old, let note):
            "PROMOTE epoch=\(epoch) id=\(id) old=\(Quoting.quoted(old)) note=\(Quoting.quoted(note))"
        }
    }
}

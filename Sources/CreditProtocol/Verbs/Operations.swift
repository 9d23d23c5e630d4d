import CreditCore

/// INFO, SNAPSHOT, BACKUP, ROLE, SYNC, ACK, CLOCK SET and AUDIT: running the server and its
/// replicas. Their rows, and the canonical journal lines of CLOCK SET and SNAPSHOT, kept so that
/// AUDIT shows them.
extension VerbTable {
    static let operations: [VerbSpec] = [
        VerbSpec("INFO", "INFO", "Health and counters; an admin also sees the journal, fsync latency and snapshots.",
                 arguments: 0...0, role: .terminal, access: .read) { _, _ in .info },
        VerbSpec("SNAPSHOT", "SNAPSHOT", "Starts a snapshot in the background.",
                 arguments: 0...0, keys: ["sequence"], role: .admin,
                 access: .session) { line, origin throws(CreditError) in
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
        VerbSpec("BACKUP", "BACKUP <dir>",
                 "Writes a consistent copy of the books into a new folder on the server: a snapshot and the journal file that continues it.",
                 arguments: 1...1, role: .admin, access: .session) { line, _ throws(CreditError) in
            let directory = try line.text(0, "folder")
            guard directory.hasPrefix("/"), directory.count > 1 else {
                throw CreditError(.badValue, "BACKUP needs an absolute folder path, e.g. /var/backups/creditgate/2026-12-04")
            }
            return .backup(directory: directory)
        },
        VerbSpec("ROLE", "ROLE", "Whether this server is the primary or a replica, its epoch and last record.",
                 arguments: 0...0, role: .replica, access: .session) { _, _ in .role },
        VerbSpec("SYNC", "SYNC <sequence>",
                 "A replica asks for the records after its last one (a snapshot first when needed), then follows.",
                 arguments: 1...1, role: .replica, access: .session) { line, _ throws(CreditError) in
            .sync(after: try line.sequence(0))
        },
        VerbSpec("ACK", "ACK <sequence>", "A replica tells the primary the records up to here are durable on it; no reply.",
                 arguments: 1...1, role: .replica, access: .session) { line, _ throws(CreditError) in
            .ack(sequence: try line.sequence(0))
        },
        VerbSpec("CLOCK SET", "CLOCK SET <instant>",
                 "Moves the server's clock (only with --test-clock).",
                 arguments: 1...1, role: .admin, access: .session) { line, origin throws(CreditError) in
            let instant = try line.instant(1, "instant")
            return origin == .journal ? .command(.audit(.clock(instant))) : .setClock(instant)
        },
        VerbSpec("AUDIT", "AUDIT [limit=<n>]",
                 "Every USER ADD/DEL, POLICY SET, CLOCK SET and SNAPSHOT, who and when; kept for good.",
                 arguments: 0...0, keys: ["limit"], role: .admin, access: .read) { line, _ throws(CreditError) in
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
        }
    }
}

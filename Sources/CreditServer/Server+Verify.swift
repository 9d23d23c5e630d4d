import CreditCore
import CreditProtocol
import CreditStore

/// `creditgated --verify <dir>`: a data folder or a backup read as a start would read it, with
/// nothing created, locked, cut or written.
extension Server {
    /// Checks every snapshot (its CRC and contents), the journal files' continuity after the
    /// newest intact one, and every record (CRC, decoding, and that it applies), replaying into a
    /// ledger of its own. Returns the report and whether everything held; a torn last record,
    /// which a start would cut, counts as damage here: a copy to restore from should have none.
    public static func verify(_ path: String) -> (ok: Bool, lines: [String]) {
        var lines: [String] = []
        var ok = true
        do {
            let directory = try DataDirectory(inspecting: path)
            let snapshots = try Snapshot.list(in: path)
            var ledger = Ledger()
            var covered: UInt64?
            for snapshot in snapshots {
                do {
                    let (loaded, sequence) = try Snapshot.load(snapshot.path)
                    if covered == nil { (ledger, covered) = (loaded, sequence) }
                    lines.append("snapshot \(snapshot.path) sequence=\(sequence) intact")
                } catch {
                    ok = false
                    lines.append("snapshot \(snapshot.path) damaged: \(error)")
                }
            }
            let parser = RequestParser()
            var replayed = 0
            let end = try JournalChain.replay(
                in: directory, after: covered ?? 0, newestSnapshot: snapshots.first?.sequence,
                force: false, repair: false,
                warn: { message in
                    ok = false
                    lines.append("damaged: \(message)")
                },
                apply: { record, file, _ in
                    let entry = try JournalEntry(decoding: record, parser: parser, file: file)
                    do {
                        _ = try ledger.apply(entry.command, by: entry.actor, at: entry.moment)
                    } catch {
                        throw JournalEntry.damage(record, file, "no longer applies (\(error))")
                    }
                    replayed += 1
                })
            lines.append(
                replayed == 0
                    ? "journal: no record after snapshot \(covered ?? 0)"
                    : "journal records \(end.next - UInt64(replayed)) to \(end.next - 1) replayed after snapshot \(covered ?? 0)"
            )
            lines.append("ledger customers=\(ledger.customers.count) users=\(ledger.users.count)")
        } catch {
            ok = false
            lines.append("damaged: \(error)")
        }
        lines.append(ok ? "verified \(path): intact" : "verified \(path): DAMAGED")
        return (ok, lines)
    }
}

import CreditCore
import CreditNet
import CreditProtocol

/// INFO: health and counters for everyone signed in; the journal, fsync
/// latency and snapshots for admins.
extension Server {
    func info(full: Bool) -> [String] {
        let now = Syscall.monotonicNanoseconds()
        var lines = [
            "server uptime=\((now - started) / 1_000_000_000) connections=\(connections.count)"
                + " accepted=\(statistics.connectionsAccepted) refused=\(statistics.connectionsRefused)"
                + " writable=\(journalWritable ? "yes" : "no")",
            "checks passed=\(statistics.checksPassed) held=\(statistics.checksHeld) errors=\(statistics.errors)",
            "ledger customers=\(ledger.customers.count) users=\(ledger.users.count)",
        ]
        guard full else { return lines }
        let latencies = journal.syncLatencies
        let file = journal.path.split(separator: "/").last.map(String.init) ?? journal.path
        lines.append(
            "journal file=\(file) records=\(journal.recordsInFile) bytes=\(journal.durableSize)"
                + " next=\(journal.nextSequence) audits_pending=\(refusals.count) fsync=\(configuration.fsync) fsyncs=\(latencies.count)"
                + " fsync_p50_us=\(latencies.percentile(0.5)) fsync_p99_us=\(latencies.percentile(0.99))")
        lines.append(
            "snapshot sequence=\(snapshots.lastSequence) at=\(snapshots.lastAt.map(\.description) ?? "-")"
                + " seconds=\(String(format: "%.3f", snapshots.lastSeconds)) bytes=\(snapshots.lastBytes)"
                + " running=\(snapshots.running == nil ? "no" : "yes")")
        lines += replicationInfo()
        for spec in VerbTable.all where statistics.commands[spec.number] > 0 {
            lines.append(
                "command verb=\(spec.name.replacingOccurrences(of: " ", with: "_")) count=\(statistics.commands[spec.number])"
            )
        }
        return lines
    }
}

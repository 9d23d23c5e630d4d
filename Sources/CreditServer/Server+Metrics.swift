import CreditCore
import CreditNet
import CreditProtocol

/// `GET /metrics` on the `--metrics` listener: the same counters as INFO, for Prometheus.
extension Server {
    static func listenForMetrics(on address: SocketAddress) throws(StartError) -> MetricsEndpoint {
        do {
            return try MetricsEndpoint(listening: address)
        } catch {
            throw StartError(
                description: "cannot serve metrics on \(address): \(error). Stop what uses it, or choose "
                    + "another address with --metrics.")
        }
    }

    func acceptScrapes() {
        guard let metrics else { return }
        for (token, exchange) in metrics.accept(now: Syscall.monotonicNanoseconds()) {
            do {
                try loop.register(exchange.fd, interest: .readable, token: token)
            } catch {
                endScrape(token)
            }
        }
    }

    /// Reads the request until its head is complete, then sends the response and closes.
    func serveScrape(_ token: UInt64) {
        guard let exchange = metrics?.exchanges[token] else { return }
        if !exchange.responded {
            guard let parse = exchange.read() else {
                endScrape(token)
                return
            }
            switch parse {
            case .incomplete: return
            case .invalid: exchange.respond(MetricsEndpoint.response(to: nil, body: { "" }))
            case .complete(let head): exchange.respond(MetricsEndpoint.response(to: head, body: exposition))
            }
        }
        if exchange.flush() {
            endScrape(token)
        } else {
            try? loop.modify(exchange.fd, interest: .writable, token: token)
        }
    }

    func endScrape(_ token: UInt64) {
        guard let exchange = metrics?.remove(token) else { return }
        loop.unregister(exchange.fd)
        Syscall.close(exchange.fd)
    }

    func expireScrapes(now: UInt64) {
        for token in metrics?.expired(now: now) ?? [] { endScrape(token) }
    }

    /// Every family in Prometheus's text format. Customer ids never appear: a label per
    /// customer would be a time series per customer, and the book is not the monitor's business.
    func exposition() -> String {
        let now = Syscall.monotonicNanoseconds()
        var out = PrometheusText()
        out.family("creditgate_uptime_seconds", "gauge", "Seconds since the server started.")
        out.sample("creditgate_uptime_seconds", Double(now - started) / 1e9)
        out.family(
            "creditgate_writable", "gauge",
            "1 while the journal takes writes; 0 while changes are refused with ERR READONLY.")
        out.sample("creditgate_writable", journalWritable ? 1 : 0)

        out.family("creditgate_connections", "gauge", "Line-protocol connections open now.")
        out.sample("creditgate_connections", connections.count)
        out.family("creditgate_connections_accepted_total", "counter", "Line-protocol connections accepted.")
        out.sample("creditgate_connections_accepted_total", statistics.connectionsAccepted)
        out.family("creditgate_connections_refused_total", "counter", "Connections refused with ERR BUSY.")
        out.sample("creditgate_connections_refused_total", statistics.connectionsRefused)

        out.family("creditgate_checks_total", "counter", "CHECK answers, by answer.")
        out.sample("creditgate_checks_total", labels: ["answer": "ok"], statistics.checksPassed)
        out.sample("creditgate_checks_total", labels: ["answer": "hold"], statistics.checksHeld)
        out.family(
            "creditgate_check_holds_total", "counter",
            "Held CHECKs by reason; a HOLD with two reasons counts under both.")
        for (index, code) in HoldReason.codes.enumerated() {
            out.sample("creditgate_check_holds_total", labels: ["reason": code.code], statistics.holds[index])
        }
        out.family("creditgate_requests_total", "counter", "Requests by verb; access is read, write or session.")
        for spec in VerbTable.all {
            out.sample(
                "creditgate_requests_total", labels: ["verb": spec.name, "access": "\(spec.access)"],
                statistics.commands[spec.number])
        }
        out.family("creditgate_errors_total", "counter", "Requests answered ERR.")
        out.sample("creditgate_errors_total", statistics.errors)

        out.family("creditgate_customers", "gauge", "Customers in the ledger.")
        out.sample("creditgate_customers", ledger.customers.count)
        out.family("creditgate_users", "gauge", "Users who may sign in.")
        out.sample("creditgate_users", ledger.users.count)

        out.family("creditgate_journal_sequence", "gauge", "Sequence number of the last journaled record.")
        out.sample("creditgate_journal_sequence", journal.nextSequence - 1)
        out.family("creditgate_journal_bytes", "gauge", "Durable bytes in the current journal file.")
        out.sample("creditgate_journal_bytes", journal.durableSize)
        out.family(
            "creditgate_journal_records", "gauge", "Records in the current journal file (since the last snapshot).")
        out.sample("creditgate_journal_records", journal.recordsInFile)
        let latencies = journal.syncLatencies
        out.histogram(
            "creditgate_fsync_duration_seconds", "Time of each group commit's fdatasync (or fsync).",
            buckets: latencies.cumulativeCounts(10...34).map {
                (Double(UInt64(1) << UInt64($0.bucket)) / 1e9, $0.count)
            },
            count: latencies.count, sum: Double(latencies.sumNanoseconds) / 1e9)

        out.family("creditgate_snapshot_sequence", "gauge", "Journal sequence covered by the newest snapshot.")
        out.sample("creditgate_snapshot_sequence", snapshots.lastSequence)
        out.family("creditgate_snapshot_running", "gauge", "1 while a snapshot is being written.")
        out.sample("creditgate_snapshot_running", snapshots.running == nil ? 0 : 1)
        if let at = snapshots.lastAt {
            out.family("creditgate_snapshot_age_seconds", "gauge", "Seconds since the newest snapshot this run wrote.")
            out.sample("creditgate_snapshot_age_seconds", max(0, clock.now.secondsSinceEpoch - at.secondsSinceEpoch))
            out.family("creditgate_snapshot_duration_seconds", "gauge", "How long the newest snapshot took to write.")
            out.sample("creditgate_snapshot_duration_seconds", snapshots.lastSeconds)
            out.family("creditgate_snapshot_bytes", "gauge", "Size of the newest snapshot.")
            out.sample("creditgate_snapshot_bytes", snapshots.lastBytes)
        }
        return out.text
    }
}

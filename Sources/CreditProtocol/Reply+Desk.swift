import CreditCore

/// The desk's multi-line replies: one `kind key=value …` line a row, so the
/// client prints them as columns and exports them as CSV without knowing the verb.
extension Reply {
    /// `name`: the customer's, on AGING detail=yes lines (the desk's lists carry it).
    public static func aging(_ aging: Aging, customer: String?, name: String? = nil) -> String {
        var words = ["aging", "customer=" + (customer ?? "*")]
        if let name { words.append("name=" + Quoting.quoted(name)) }
        for (name, amount) in zip(Aging.bucketNames, aging.buckets) { words.append("\(name)=\(Money(minorUnits: amount))") }
        words.append("total=\(aging.total)")
        words.append("instruments=\(Money(minorUnits: aging.instruments))")
        words.append("charges=\(Money(minorUnits: aging.charges))")
        return words.joined(separator: " ")
    }

    public static func history(_ entry: LogEntry) -> String {
        "history at=\(entry.at) by=\(entry.by) action=\(entry.action) \(entry.detail)"
    }

    public static func held(_ customer: Customer, _ decision: Decision, since: String, override: String? = nil) -> String {
        var line = "blocked customer=\(customer.id) name=\(Quoting.quoted(customer.name)) reasons=\(decision.reasons) since=\(since) exposure=\(decision.exposure)"
            + " limit=\(decision.limit)"
        if let reason = decision.blockReason, decision.reasons.contains(.manual) { line += " block=\(reason)" }
        if let oldest = decision.oldest { line += " overdue_days=\(decision.overdueDays) oldest=\(oldest)" }
        if let override { line += " override=\(override)" }
        return line
    }

    /// `override <id> customer=<id> manager=… until=… [amount=…] [total=… spent=…] [order=…] [uses=… used=…]
    /// reasons=… exposure=… issued=… recorded_by=…[ awaiting=<manager> lapses=…]`.
    public static func override(_ override: Override) -> String {
        var words = ["override \(override.id) customer=\(override.customer)"] + override.bounds
        if override.total != nil { words.append("spent=\(override.spent)") }
        if override.uses != nil { words.append("used=\(override.passed.count)") }
        words.append("exposure=\(override.exposure) issued=\(override.issued) recorded_by=\(override.recordedBy)")
        if override.awaitingConfirmation, let lapses = override.lapses {
            words.append("awaiting=\(override.manager) lapses=\(lapses)")
        }
        return words.joined(separator: " ")
    }

    /// `request <id> customer=<id> [limit=…] [terms=…] [class=…] [strategic=…] requested_by=<user> at=<instant> note="…"`.
    public static func request(_ request: ChangeRequest) -> String {
        let settings = request.change.settings.filter { !$0.hasPrefix("note=") }
        return (["request \(request.id) customer=\(request.change.id)"] + settings
            + ["requested_by=\(request.requestedBy) at=\(request.at) note=" + Quoting.quoted(request.change.note ?? "")])
            .joined(separator: " ")
    }

    /// `charge <id> customer=<id> name="…" invoice=<id> open=… due=… from=… to=… days=… rate=… interest=… fee=… amount=…`.
    public static func charge(_ proposal: ChargeProposal, of customer: Customer) -> String {
        "charge \(proposal.id) customer=\(customer.id) name=\(Quoting.quoted(customer.name)) invoice=\(proposal.item.id)"
            + " open=\(proposal.item.open) due=\(proposal.item.due) from=\(proposal.from) to=\(proposal.to) days=\(proposal.days)"
            + " rate=\(Policy.percent(proposal.basisPoints)) interest=\(proposal.interest) fee=\(proposal.fee) amount=\(proposal.amount)"
    }

    /// `kpi from=… to=… receivables=… current=… overdue=… sales=… dso=<days.d> cei=<percent|-> overdue_share=<percent|-> customers=… held=… overrides=…`.
    public static func kpi(_ kpi: KPI) -> String {
        func money(_ minor: Int128) -> String { "\(Money(minorUnits: Int64(clamping: minor)))" }
        return "kpi from=\(kpi.from) to=\(kpi.to) receivables=\(money(kpi.receivables)) current=\(money(kpi.current))"
            + " overdue=\(money(kpi.overdue)) sales=\(money(kpi.sales)) dso=\(KPI.decimal(kpi.dsoTenths, places: 1))"
            + " cei=\(kpi.ceiHundredths.map { KPI.decimal($0, places: 2) } ?? "-")"
            + " overdue_share=\(kpi.overdueShareHundredths.map { KPI.decimal($0, places: 2) } ?? "-")"
            + " customers=\(kpi.customers) held=\(kpi.held) overrides=\(kpi.overrides)"
    }

    public static func work(_ item: WorkItem, rank: Int) -> String {
        "work rank=\(rank) customer=\(item.customer) name=\(Quoting.quoted(item.name)) action=\(item.action.rawValue) amount=\(item.amount)"
            + " reason=" + Quoting.quoted(item.reason)
    }
}

import CreditCore

/// NOTE, HISTORY, AGING, BLOCKED, WATCH and WORKLIST: the credit controller's desk (R-COL-1..3,
/// R-COL-7, R-BLK-4). Their rows, NOTE's canonical journal line, and the desk's multi-line
/// replies: one `kind key=value …` line a row, so the client prints them as columns and exports
/// them as CSV without knowing the verb.
extension VerbTable {
    static let desk: [VerbSpec] = [
        VerbSpec(
            "NOTE",
            "NOTE <customer> channel=<call|meeting|email|letter|fax|other> note=\"…\" [outcome=\"…\"] [follow_up=<YYYY-MM-DD>]",
            "Records a call, meeting, letter, e-mail or fax with the customer, what was agreed, and when to follow up.",
            arguments: 1...1, keys: ["channel", "note", "outcome", "follow_up"], required: ["channel", "note"],
            role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            let channel = try line.required(line.text("channel"), "channel=").lowercased()
            guard ["call", "meeting", "email", "letter", "fax", "other"].contains(channel) else {
                throw CreditError(.badValue, "channel= must be call, meeting, email, letter, fax or other")
            }
            return .command(
                .note(
                    customer: try line.identifier(0, "customer"), channel: channel, note: try line.note(),
                    outcome: line.text("outcome"), followUp: try line.day("follow_up")))
        },
        VerbSpec(
            "HISTORY", "HISTORY <customer> [limit=<n>]",
            "The audit trail: every change, note, override and refused CHECK, who, when and why.",
            arguments: 1...1, keys: ["limit"], role: .clerk, access: .read
        ) { line, _ throws(CreditError) in
            .history(customer: try line.identifier(0, "customer"), limit: try line.integer("limit", in: 1...100_000))
        },
        VerbSpec(
            "AGING", "AGING [<customer>] [detail=yes]",
            "Open items by days past due: one customer, the book's totals, or every customer with detail=yes.",
            arguments: 0...1, keys: ["detail"], role: .clerk, access: .read
        ) { line, _ throws(CreditError) in
            .aging(
                customer: line.positional(0) == nil ? nil : try line.identifier(0, "customer"),
                detail: try line.yesNo("detail") ?? false)
        },
        VerbSpec(
            "BLOCKED", "BLOCKED", "Every customer held now: why, and since when.",
            arguments: 0...0, role: .clerk, access: .read
        ) { _, _ in .blocked },
        VerbSpec(
            "WATCH", "WATCH", "Customers close to an automatic hold.",
            arguments: 0...0, role: .clerk, access: .read
        ) { _, _ in .watch },
        VerbSpec(
            "WORKLIST", "WORKLIST [owner=<user>]",
            "Today's collection actions, most urgent first, each with its reason; owner= only one collector's customers.",
            arguments: 0...0, keys: ["owner"], role: .clerk, access: .read
        ) { line, _ throws(CreditError) in
            .worklist(owner: try line.identifier("owner"))
        },
        VerbSpec(
            "CHARGES", "CHARGES [<customer>]",
            "The late interest and fees due today on each overdue item, each with the id CHARGE posts it under.",
            arguments: 0...1, role: .clerk, access: .read
        ) { line, _ throws(CreditError) in
            .charges(customer: line.positional(0) == nil ? nil : try line.identifier(0, "customer"))
        },
        VerbSpec(
            "CHARGE", "CHARGE <customer> <charge-id> <amount> note=\"…\"",
            "Posts a late charge CHARGES proposed (at most its amount) as an invoice due at once.",
            arguments: 3...3, keys: ["note"], required: ["note"], role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            .command(
                .charge(
                    ChargeEntry(
                        customer: try line.identifier(0, "customer"), id: try line.identifier(1, "charge id"),
                        amount: try line.required(line.amount(2, positive: true), "amount"),
                        note: try line.note())))
        },
        VerbSpec(
            "KPI", "KPI [from=<YYYY-MM-DD>] [to=<YYYY-MM-DD>]",
            "DSO (countback), CEI, overdue share, customers held and overrides issued, over a period (default: 90 days to today).",
            arguments: 0...0, keys: ["from", "to"], role: .clerk, access: .read
        ) { line, _ throws(CreditError) in
            .kpi(from: try line.day("from"), to: try line.day("to"))
        },
    ]
}

extension Command {
    static func line(note customer: String, channel: String, note: String, outcome: String?, followUp: Day?) -> String {
        "NOTE \(customer) channel=\(channel) note=" + Quoting.quoted(note)
            + (outcome.map { " outcome=" + Quoting.quoted($0) } ?? "") + (followUp.map { " follow_up=\($0)" } ?? "")
    }

    static func line(charge entry: ChargeEntry) -> String {
        "CHARGE \(entry.customer) \(entry.id) \(entry.amount) note=" + Quoting.quoted(entry.note)
    }
}

extension Reply {
    static func noted(_ customer: String, channel: String, followUp: Day?) -> String {
        "\(customer) noted channel=\(channel)" + (followUp.map { " follow_up=\($0)" } ?? "")
    }

    /// `name`: the customer's, on AGING detail=yes lines (the desk's lists carry it).
    public static func aging(_ aging: Aging, customer: String?, name: String? = nil) -> String {
        var words = ["aging", "customer=" + (customer ?? "*")]
        if let name { words.append("name=" + Quoting.quoted(name)) }
        for (name, amount) in zip(Aging.bucketNames, aging.buckets) {
            words.append("\(name)=\(Money(minorUnits: amount))")
        }
        words.append("total=\(aging.total)")
        words.append("instruments=\(Money(minorUnits: aging.instruments))")
        words.append("charges=\(Money(minorUnits: aging.charges))")
        return words.joined(separator: " ")
    }

    public static func history(_ entry: LogEntry) -> String {
        "history at=\(entry.at) by=\(entry.by) action=\(entry.action.rawValue) \(entry.detail)"
    }

    public static func held(_ customer: Customer, _ decision: Decision, since: String, override: String? = nil)
        -> String
    {
        var line =
            "blocked customer=\(customer.id) name=\(Quoting.quoted(customer.name)) reasons=\(decision.reasons) since=\(since) exposure=\(decision.exposure)"
            + " limit=\(decision.limit)"
        if let reason = decision.blockReason, decision.reasons.contains(.manual) { line += " block=\(reason)" }
        if let oldest = decision.oldest { line += " overdue_days=\(decision.overdueDays) oldest=\(oldest)" }
        if let override { line += " override=\(override)" }
        return line
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

    static func charged(_ charge: Invoice, customer: String, item: String, exposure: Money) -> String {
        "\(customer) charge=\(charge.id) invoice=\(item) amount=\(charge.amount)"
            + " through=\(charge.charge.map { "\($0.through)" } ?? "-") due=\(charge.due) exposure=\(exposure)"
    }
}

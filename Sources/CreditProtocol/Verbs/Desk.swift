import CreditCore

/// NOTE, HISTORY, AGING, BLOCKED, WATCH and WORKLIST: the credit controller's desk (R-COL-1..3,
/// R-COL-7, R-BLK-4). Their rows, NOTE's canonical journal line, and the desk's multi-line
/// replies: one `kind key=value …` line a row, so the client prints them as columns and exports
/// them as CSV without knowing the verb.
extension VerbTable {
    static let desk: [VerbSpec] = [
        VerbSpec("NOTE",
                 "NOTE <customer> channel=<call|meeting|email|letter|fax|other> note=\"…\" [outcome=\"…\"]",
                 "Records a call, meeting, letter, e-mail or fax with the customer, and what was agreed.",
                 arguments: 1...1, keys: ["channel", "note", "outcome"], required: ["channel", "note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            let channel = try line.required(line.text("channel"), "channel=").lowercased()
            guard ["call", "meeting", "email", "letter", "fax", "other"].contains(channel) else {
                throw CreditError(.badValue, "channel= must be call, meeting, email, letter, fax or other")
            }
            return .command(.note(customer: try line.identifier(0, "customer"), channel: channel, note: try line.note(),
                                  outcome: line.text("outcome")))
        },
        VerbSpec("HISTORY", "HISTORY <customer> [limit=<n>]",
                 "The audit trail: every change, note, override and refused CHECK, who, when and why.",
                 arguments: 1...1, keys: ["limit"], role: .clerk, access: .read) { line, _ throws(CreditError) in
            .history(customer: try line.identifier(0, "customer"), limit: try line.integer("limit", in: 1...100_000))
        },
        VerbSpec("AGING", "AGING [<customer>] [detail=yes]",
                 "Open items by days past due: one customer, the book's totals, or every customer with detail=yes.",
                 arguments: 0...1, keys: ["detail"], role: .clerk, access: .read) { line, _ throws(CreditError) in
            .aging(customer: line.positional(0) == nil ? nil : try line.identifier(0, "customer"),
                   detail: try line.yesNo("detail") ?? false)
        },
        VerbSpec("BLOCKED", "BLOCKED", "Every customer held now: why, and since when.",
                 arguments: 0...0, role: .clerk, access: .read) { _, _ in .blocked },
        VerbSpec("WATCH", "WATCH", "Customers close to an automatic hold.",
                 arguments: 0...0, role: .clerk, access: .read) { _, _ in .watch },
        VerbSpec("WORKLIST", "WORKLIST", "Today's collection actions, most urgent first, each with its reason.",
                 arguments: 0...0, role: .clerk, access: .read) { _, _ in .worklist },
    ]
}

extension Command {
    static func line(note customer: String, channel: String, note: String, outcome: String?) -> String {
        "NOTE \(customer) channel=\(channel) note=" + Quoting.quoted(note)
            + (outcome.map { " outcome=" + Quoting.quoted($0) } ?? "")
    }
}

extension Reply {
    static func noted(_ customer: String, channel: String) -> String {
        "\(customer) noted channel=\(channel)"
    }

    public static func aging(_ aging: Aging, customer: String?) -> String {
        var words = ["aging", "customer=" + (customer ?? "*")]
        for (name, amount) in zip(Aging.bucketNames, aging.buckets) { words.append("\(name)=\(Money(minorUnits: amount))") }
        words.append("total=\(aging.total)")
        words.append("instruments=\(Money(minorUnits: aging.instruments))")
        return words.joined(separator: " ")
    }

    public static func history(_ entry: LogEntry) -> String {
        "history at=\(entry.at) by=\(entry.by) action=\(entry.action.rawValue) \(entry.detail)"
    }

    public static func held(_ customer: Customer, _ decision: Decision, since: String, override: String? = nil) -> String {
        var line = "blocked customer=\(customer.id) reasons=\(decision.reasons) since=\(since) exposure=\(decision.exposure)"
            + " limit=\(decision.limit)"
        if let reason = decision.blockReason, decision.reasons.contains(.manual) { line += " block=\(reason)" }
        if let oldest = decision.oldest { line += " overdue_days=\(decision.overdueDays) oldest=\(oldest)" }
        if let override { line += " override=\(override)" }
        return line
    }

    public static func work(_ item: WorkItem, rank: Int) -> String {
        "work rank=\(rank) customer=\(item.customer) action=\(item.action.rawValue) amount=\(item.amount)"
            + " reason=" + Quoting.quoted(item.reason)
    }
}

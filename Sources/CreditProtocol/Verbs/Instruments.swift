import CreditCore

/// INSTRUMENT, CLEARED, BOUNCED, GUARANTEE, RELEASE and RELEASE ORDER: post-dated cheques,
/// guarantees, and credit reserved for an order (R-BLK-3, R-UNB-2). Their rows, canonical journal
/// lines and replies.
extension VerbTable {
    static let instruments: [VerbSpec] = [
        VerbSpec(
            "INSTRUMENT", "INSTRUMENT <customer> <ref> <amount> due=<YYYY-MM-DD>",
            "Records a post-dated cheque: it settles open items now and stays in exposure until CLEARED.",
            arguments: 3...3, keys: ["due"], required: ["due"], role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            .command(
                .instrument(
                    customer: try line.identifier(0, "customer"), ref: try line.identifier(1, "ref"),
                    amount: try line.required(line.amount(2, positive: true), "amount"),
                    due: try line.required(line.day("due"), "due=")))
        },
        ref("CLEARED", "The instrument cleared: it leaves exposure.", Command.cleared),
        ref("BOUNCED", "The instrument bounced: the debt it settled is open again.", Command.bounced),
        VerbSpec(
            "GUARANTEE", "GUARANTEE <customer> <ref> <amount> [until=<YYYY-MM-DD>]",
            "Records a guarantee or collateral: it raises the limit while in force.",
            arguments: 3...3, keys: ["until"], role: .clerk, access: .write
        ) { line, _ throws(CreditError) in
            .command(
                .guarantee(
                    customer: try line.identifier(0, "customer"), ref: try line.identifier(1, "ref"),
                    amount: try line.required(line.amount(2, positive: true), "amount"),
                    until: try line.day("until")))
        },
        ref("RELEASE", "Returns a guarantee: it no longer raises the limit.", Command.release),
        VerbSpec(
            "RELEASE ORDER", "RELEASE ORDER <ref>", "Frees the credit reserved for an order that will not be invoiced.",
            arguments: 1...1, role: .terminal, access: .write
        ) { line, _ throws(CreditError) in
            .command(.releaseOrder(order: try line.identifier(1, "order")))
        },
    ]
}

extension Command {
    static func line(instrument customer: String, ref: String, amount: Money, due: Day) -> String {
        "INSTRUMENT \(customer) \(ref) \(amount) due=\(due)"
    }

    static func line(guarantee customer: String, ref: String, amount: Money, until: Day?) -> String {
        "GUARANTEE \(customer) \(ref) \(amount)" + (until.map { " until=\($0)" } ?? "")
    }
}

extension Reply {
    static func instrument(_ instrument: Instrument, customer: String, exposure: Money) -> String {
        "\(customer) instrument=\(instrument.ref) amount=\(instrument.amount) due=\(instrument.due)"
            + " state=\(instrument.state.rawValue) settled=\(settled(instrument.settlements)) exposure=\(exposure)"
    }

    static func guarantee(_ guarantee: Guarantee, customer: String, limit: Money) -> String {
        "\(customer) guarantee=\(guarantee.ref) amount=\(guarantee.amount)"
            + (guarantee.until.map { " until=\($0)" } ?? "")
            + " state=\(guarantee.released == nil ? "active" : "released") limit=\(limit)"
    }

    static func released(order: String, customer: String) -> String {
        "\(customer) order=\(order) released"
    }
}

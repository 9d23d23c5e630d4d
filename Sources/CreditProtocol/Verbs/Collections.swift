import CreditCore

/// CREDIT, DISPUTE, VOID, RESOLVE, PROMISE, PLAN and STAGE: the collector's tools (R-COL-5..7,
/// R-UNB-6). Their rows, canonical journal lines and replies.
extension VerbTable {
    static let collections: [VerbSpec] = [
        VerbSpec(
            "CREDIT", "CREDIT <customer> <ref> <amount> [invoice=<invoice-id>]",
            "Records a credit note: it settles open items like a payment, the named invoice first.",
            arguments: 3...3, keys: ["invoice"], role: .clerk, access: .write
        ) { line, _ throws(CreditError) in
            .command(
                .credit(
                    PaymentEntry(
                        customer: try line.identifier(0, "customer"),
                        amount: try line.required(line.amount(2, positive: true), "amount"),
                        ref: try line.identifier(1, "ref"), invoice: try line.identifier("invoice"))))
        },
        invoiceAndNote("DISPUTE", "Opens a dispute: the invoice stops counting as overdue.", Command.dispute),
        invoiceAndNote(
            "VOID", "Removes an invoice entered by mistake: what was paid on it goes back to credit on account.",
            Command.void),
        invoiceAndNote("RESOLVE", "Closes a dispute: the invoice is due at once.", Command.resolve),
        VerbSpec(
            "PROMISE", "PROMISE <customer> <amount> by=<YYYY-MM-DD> note=\"…\"",
            "Records a promise to pay; it never lifts a hold, and a broken one holds.",
            arguments: 2...2, keys: ["by", "note"], required: ["by", "note"], role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            .command(
                .promise(
                    customer: try line.identifier(0, "customer"),
                    amount: try line.required(line.amount(1, positive: true), "amount"),
                    by: try line.required(line.day("by"), "by="), note: try line.note()))
        },
        VerbSpec(
            "PLAN",
            "PLAN <customer> total=<money> instalments=<n> every=<days>d first=<YYYY-MM-DD> note=\"…\"",
            "Agrees a payment plan: the debt under it is not overdue while the instalments are paid.",
            arguments: 1...1, keys: ["total", "instalments", "every", "first", "note"],
            required: ["total", "instalments", "every", "first", "note"], role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            guard let every = try line.span("every"), every.seconds % 86_400 == 0 else {
                throw CreditError(.badDuration, "every= must be whole days, like 30d")
            }
            return .command(
                .plan(
                    PlanEntry(
                        customer: try line.identifier(0, "customer"),
                        total: try line.required(line.amount("total", positive: true), "total="),
                        instalments: try line.required(line.integer("instalments", in: 1...120), "instalments="),
                        every: Int(every.seconds / 86_400),
                        first: try line.required(line.day("first"), "first="),
                        note: try line.note())))
        },
        VerbSpec(
            "STAGE", "STAGE <customer> <none|reminder|call|final|agency|legal> note=\"…\"",
            "Sets the collection stage; agency and legal hold the customer.",
            arguments: 2...2, keys: ["note"], required: ["note"], role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            guard let word = line.positional(1), let stage = CollectionStage(rawValue: line.text(word).lowercased())
            else {
                throw CreditError(.badValue, "the stage must be none, reminder, call, final, agency or legal")
            }
            return .command(.stage(customer: try line.identifier(0, "customer"), stage: stage, note: try line.note()))
        },
    ]
}

extension VerbTable {
    /// DISPUTE, VOID, RESOLVE: `<VERB> <customer> <invoice-id> note="…"`, a clerk's.
    static func invoiceAndNote(
        _ name: String, _ summary: String,
        _ command: @escaping @Sendable (String, String, String) -> Command
    ) -> VerbSpec {
        VerbSpec(
            name, "\(name) <customer> <invoice-id> note=\"…\"", summary, arguments: 2...2, keys: ["note"],
            required: ["note"], role: .clerk, access: .write
        ) { line, _ throws(CreditError) in
            .command(command(try line.identifier(0, "customer"), try line.identifier(1, "invoice id"), try line.note()))
        }
    }
}

extension Command {
    static func line(credit entry: PaymentEntry) -> String {
        "CREDIT \(entry.customer) \(entry.ref) \(entry.amount)" + (entry.invoice.map { " invoice=\($0)" } ?? "")
    }

    /// DISPUTE, VOID or RESOLVE: an invoice of a customer, and a note.
    static func line(_ verb: String, _ customer: String, invoice: String, note: String) -> String {
        "\(verb) \(customer) \(invoice) note=" + Quoting.quoted(note)
    }

    static func line(promise customer: String, amount: Money, by day: Day, note: String) -> String {
        "PROMISE \(customer) \(amount) by=\(day) note=" + Quoting.quoted(note)
    }

    static func line(_ entry: PlanEntry) -> String {
        "PLAN \(entry.customer) total=\(entry.total) instalments=\(entry.instalments) every=\(entry.every)d"
            + " first=\(entry.first) note=" + Quoting.quoted(entry.note)
    }

    static func line(stage customer: String, _ stage: CollectionStage, note: String) -> String {
        "STAGE \(customer) \(stage.rawValue) note=" + Quoting.quoted(note)
    }
}

extension Reply {
    static func credited(_ note: Payment, customer: String) -> String {
        "\(customer) credit=\(note.ref) amount=\(note.amount) settled=\(settled(note.settlements)) unapplied=\(note.unapplied)"
    }

    static func invoiceState(_ invoice: Invoice, customer: String) -> String {
        "\(customer) invoice=\(invoice.id) \(invoice.dispute == nil ? "resolved" : "disputed") open=\(invoice.open)"
            + " due=\(invoice.due)"
    }

    static func voided(_ invoice: Invoice, customer: String, returned: Money, exposure: Money) -> String {
        "\(customer) invoice=\(invoice.id) voided amount=\(invoice.amount) returned=\(returned) exposure=\(exposure)"
    }

    static func promised(_ promise: Promise, customer: String) -> String {
        "\(customer) promise amount=\(promise.amount) by=\(promise.by)"
    }

    static func planned(_ plan: PaymentPlan, customer: String) -> String {
        "\(customer) plan total=\(plan.total) instalments=\(plan.instalments) every=\(plan.every)d first=\(plan.first)"
            + " last=\(plan.instalment(plan.instalments - 1).due)"
    }

    static func staged(_ stage: CollectionStage, customer: String) -> String {
        "\(customer) stage=\(stage.rawValue)"
    }
}

import CreditCore

/// INVOICE and PAY: the open items and the money received. Their rows, canonical journal lines
/// and replies.
extension VerbTable {
    static let invoices: [VerbSpec] = [
        VerbSpec(
            "INVOICE",
            "INVOICE <customer> <invoice-id> <amount> [date=<YYYY-MM-DD>] [due=<YYYY-MM-DD>] [order=<ref>]",
            "Records an invoice: an open item, due after the customer's terms unless due= says.",
            arguments: 3...3, keys: ["date", "due", "order"], role: .clerk, access: .write
        ) { line, _ throws(CreditError) in
            .command(
                .invoice(
                    InvoiceEntry(
                        customer: try line.identifier(0, "customer"), id: try line.identifier(1, "invoice id"),
                        amount: try line.required(line.amount(2, positive: true), "amount"),
                        issued: try line.day("date"), due: try line.day("due"), order: try line.identifier("order"))))
        },
        VerbSpec(
            "PAY", "PAY <customer> <amount> ref=<payment-ref> [invoice=<invoice-id>]",
            "Records a payment: the named invoice first, then the oldest open items. A repeated ref changes nothing.",
            arguments: 2...2, keys: ["ref", "invoice"], required: ["ref"], role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            .command(
                .pay(
                    PaymentEntry(
                        customer: try line.identifier(0, "customer"),
                        amount: try line.required(line.amount(1, positive: true), "amount"),
                        ref: try line.required(line.identifier("ref"), "ref="), invoice: try line.identifier("invoice"))
                ))
        },
    ]
}

extension Command {
    static func line(_ entry: InvoiceEntry) -> String {
        var words = ["INVOICE", entry.customer, entry.id, entry.amount.description]
        if let issued = entry.issued { words.append("date=\(issued)") }
        if let due = entry.due { words.append("due=\(due)") }
        if let order = entry.order { words.append("order=\(order)") }
        return words.joined(separator: " ")
    }

    static func line(_ entry: PaymentEntry) -> String {
        var words = ["PAY", entry.customer, entry.amount.description, "ref=\(entry.ref)"]
        if let invoice = entry.invoice { words.append("invoice=\(invoice)") }
        return words.joined(separator: " ")
    }
}

extension Reply {
    static func invoiced(_ invoice: Invoice, customer: String, exposure: Money) -> String {
        "\(customer) invoice=\(invoice.id) amount=\(invoice.amount) open=\(invoice.open) due=\(invoice.due) exposure=\(exposure)"
    }

    static func paid(_ payment: Payment, customer: String) -> String {
        "\(customer) ref=\(payment.ref) paid=\(payment.amount) settled=\(settled(payment.settlements)) unapplied=\(payment.unapplied)"
    }
}

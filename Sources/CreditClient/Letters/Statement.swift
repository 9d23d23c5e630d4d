/// `creditgate statement <customer> --html FILE`: the customer's statement of account and
/// written reminder, built from STATUS and AGING: the open items, their aging, what is past
/// due, and what happens next; late charges posted by CHARGE are named as such, and the
/// customer's contact heads the letter. The server's figures are printed as they are; the only
/// sum made here is the past-due total, of the items the server says are past due.
struct Statement {
    static let buckets = [
        ("current", "Current"), ("d1_30", "1–30 days"), ("d31_60", "31–60 days"),
        ("d61_90", "61–90 days"), ("d91_120", "91–120 days"), ("d120_plus", "Over 120 days"),
    ]

    let customer: ReplyRecord
    let credit: ReplyRecord
    let invoices: [ReplyRecord]
    let aging: ReplyRecord
    /// The day the statement is made, as the server's calendar has it.
    let date: String

    /// From the body lines of `STATUS <customer>` and `AGING <customer>`; nil if either lacks
    /// the lines a statement needs.
    init?(status: [ReplyRecord], aging: [ReplyRecord], date: String) {
        guard let customer = status.first(where: { $0.kind == "customer" }),
            let credit = status.first(where: { $0.kind == "credit" }),
            let bucketLine = aging.first(where: { $0.kind == "aging" })
        else { return nil }
        self.customer = customer
        self.credit = credit
        invoices = status.filter { $0.kind == "invoice" }
        self.aging = bucketLine
        self.date = date
    }

    var pastDue: [ReplyRecord] {
        invoices.filter { (Int($0["days_past_due"]) ?? 0) > 0 && $0.minorUnits("open") > 0 && $0["disputed"] != "yes" }
    }

    var html: String {
        let id = customer["id"]
        let name = customer["name"].isEmpty ? id : customer["name"]
        var page = HTMLPage(title: "Statement of account")
        page.paragraph(
            markup: "<strong id=\"customer\">\(HTMLPage.isolated(name))</strong> "
                + "<span class=\"muted\">(customer <span id=\"customer-id\">\(HTMLPage.escape(id))</span>)</span><br>"
                + attention
                + "Date: <span id=\"date\">\(HTMLPage.escape(date))</span> · Payment terms: "
                + Statement.terms(customer["terms"])
        )

        page.heading("Your account")
        page.table(
            headers: ["", "Amount"],
            rows: [
                ["Open invoices", "<span id=\"open\">\(HTMLPage.escape(credit["open"]))</span>"],
                ["Cheques and instruments not yet cleared", HTMLPage.escape(credit["instruments"])],
                ["Credit on account", HTMLPage.escape(credit["unapplied"])],
                [
                    "Total owed to us (exposure)",
                    "<strong id=\"exposure\">\(HTMLPage.escape(credit["exposure"]))</strong>",
                ],
                ["Credit limit", HTMLPage.escape(customer["limit"])],
            ], numeric: [1], id: "account")

        page.heading("Open invoices")
        let open = invoices.filter { $0.minorUnits("open") != 0 }
        if open.isEmpty {
            page.paragraph(markup: "No open invoices.")
        } else {
            page.table(
                headers: ["Item", "Invoice", "Date", "Due", "Amount", "Open", "Days past due"],
                rows: open.map { invoice in
                    [
                        invoice["kind"] == "charge" ? "Late charge" : "Invoice",
                        HTMLPage.isolated(invoice["id"]), HTMLPage.escape(invoice["date"]),
                        HTMLPage.escape(invoice["due"]),
                        HTMLPage.escape(invoice["amount"]), HTMLPage.escape(invoice["open"]),
                        invoice["disputed"] == "yes" ? "in dispute" : HTMLPage.escape(invoice["days_past_due"]),
                    ]
                }, numeric: [4, 5, 6], id: "invoices")
        }

        page.heading("Aging")
        page.table(
            headers: Statement.buckets.map(\.1) + ["Total"],
            rows: [
                Statement.buckets.map { "<span id=\"aging-\($0.0)\">\(HTMLPage.escape(aging[$0.0]))</span>" }
                    + ["<span id=\"aging-total\">\(HTMLPage.escape(aging["total"]))</span>"]
            ],
            numeric: Set(0...Statement.buckets.count), id: "aging")
        if aging.minorUnits("charges") != 0 {
            page.paragraph(
                markup: "Of which late charges (interest and fees on overdue invoices): "
                    + "<span id=\"aging-charges\">\(HTMLPage.escape(aging["charges"]))</span>")
        }

        page.heading("What is overdue")
        let overdue = pastDue
        let overdueTotal = overdue.reduce(Int64(0)) { $0 + $1.minorUnits("open") }
        if overdue.isEmpty {
            page.paragraph(markup: "Nothing is past due. Thank you.", classes: "ok")
        } else {
            let oldest = overdue.max { (Int($0["days_past_due"]) ?? 0) < (Int($1["days_past_due"]) ?? 0) }!
            page.paragraph(
                markup: "<strong id=\"overdue\">\(Amount.text(overdueTotal))</strong> is past due on "
                    + "\(overdue.count) invoice\(overdue.count == 1 ? "" : "s"); the oldest, "
                    + "\(HTMLPage.isolated(oldest["id"])), was due on \(HTMLPage.escape(oldest["due"])) "
                    + "(\(HTMLPage.escape(oldest["days_past_due"])) days ago).")
        }

        page.heading("What happens next")
        page.paragraph(markup: nextSteps(overdueTotal: overdueTotal), classes: credit["state"] == "HOLD" ? "held" : nil)
        return page.html
    }

    /// "For the attention of …" with the phone and email the books hold, each on its line; ""
    /// when none is set.
    var attention: String {
        var parts: [String] = []
        if !customer["contact"].isEmpty {
            parts.append("For the attention of <bdi id=\"contact\">\(HTMLPage.escape(customer["contact"]))</bdi>")
        }
        if !customer["phone"].isEmpty {
            parts.append("Phone: <span id=\"phone\">\(HTMLPage.escape(customer["phone"]))</span>")
        }
        if !customer["email"].isEmpty {
            parts.append("Email: <span id=\"email\">\(HTMLPage.escape(customer["email"]))</span>")
        }
        return parts.map { $0 + "<br>" }.joined()
    }

    /// STATUS's `terms=` in words: `30` is "30 days", `eom+30` "end of month + 30 days".
    static func terms(_ terms: String) -> String {
        guard terms.hasPrefix("eom") else { return "\(HTMLPage.escape(terms)) days" }
        let days = terms.dropFirst(3).drop { $0 == "+" }
        return days.isEmpty ? "end of month" : "end of month + \(HTMLPage.escape(String(days))) days"
    }

    /// What happens to unpaid debts: handed over before 120 days past due, or now once the oldest is
    /// past that (R-COL-7).
    var handOver: String {
        (Int(credit["overdue_days"]) ?? 0) >= 120
            ? "debts 120 or more days past due are being handed to a collection agency or to legal now."
            : "debts are handed to a collection agency or to legal before they are 120 days past due."
    }

    func nextSteps(overdueTotal: Int64) -> String {
        if credit["state"] == "HOLD" {
            return "Supplies to you are on hold: \(HTMLPage.escape(HoldReasonWords.describe(credit["reasons"]))). "
                + (overdueTotal > 0
                    ? "They resume as soon as the past-due amount of \(Amount.text(overdueTotal)) is paid. "
                    : "Please contact our credit department. ")
                + "Unpaid " + handOver
        }
        if overdueTotal > 0 {
            return
                "Please pay \(Amount.text(overdueTotal)) at once. If it stays unpaid, further supplies will be held, "
                + "and " + handOver
        }
        return "Your account is in order; the next invoices fall due on their due dates above."
    }
}

/// `creditgate report --html FILE`: the book at a glance for a credit manager, from the desk's
/// reads: the aging of the whole book as a chart, the largest balances, who is held and why,
/// and today's worklist; customers by id and name, the late charges (CHARGE) apart where
/// amounts are shown.
struct BookReport {
    /// Customers listed under "Largest balances".
    static let largest = 10

    let totals: ReplyRecord
    let customers: [ReplyRecord]
    let blocked: [ReplyRecord]
    let worklist: [ReplyRecord]
    let date: String

    /// From the body lines of `AGING detail=yes` (every customer, then the book's total),
    /// `BLOCKED` and `WORKLIST`.
    init?(aging: [ReplyRecord], blocked: [ReplyRecord], worklist: [ReplyRecord], date: String) {
        guard let totals = aging.first(where: { $0["customer"] == "*" }) else { return nil }
        self.totals = totals
        customers = aging.filter { $0.kind == "aging" && $0["customer"] != "*" && $0.minorUnits("total") != 0 }
        self.blocked = blocked
        self.worklist = worklist
        self.date = date
    }

    var html: String {
        var page = HTMLPage(title: "The book at a glance")
        page.paragraph(
            markup: "Date: <span id=\"date\">\(HTMLPage.escape(date))</span> · "
                + "\(customers.count) customers with open items · open in all: "
                + "<strong id=\"total\">\(HTMLPage.escape(totals["total"]))</strong>")

        page.heading("Aging of the book")
        page.barChart(
            Statement.buckets.map { (label: $0.1, minorUnits: totals.minorUnits($0.0), text: totals[$0.0]) },
            id: "aging-chart")
        page.table(
            headers: Statement.buckets.map(\.1) + ["Total", "Late charges"],
            rows: [
                Statement.buckets.map { "<span id=\"aging-\($0.0)\">\(HTMLPage.escape(totals[$0.0]))</span>" }
                    + [
                        HTMLPage.escape(totals["total"]),
                        "<span id=\"aging-charges\">\(HTMLPage.escape(totals["charges"]))</span>",
                    ]
            ],
            numeric: Set(0...Statement.buckets.count + 1), id: "aging")

        page.heading("Largest balances")
        let top = customers.sorted {
            ($0.minorUnits("total"), $1["customer"]) > ($1.minorUnits("total"), $0["customer"])
        }
        .prefix(BookReport.largest)
        page.table(
            headers: ["Customer", "Open", "Past due over 60 days", "Late charges"],
            rows: top.map { line in
                let late = line.minorUnits("d61_90") + line.minorUnits("d91_120") + line.minorUnits("d120_plus")
                return [
                    BookReport.customer(line), HTMLPage.escape(line["total"]), Amount.text(late),
                    HTMLPage.escape(line["charges"]),
                ]
            }, numeric: [1, 2, 3], id: "largest")

        page.heading("Held now (\(blocked.count))")
        if blocked.isEmpty {
            page.paragraph(markup: "No customer is held.", classes: "ok")
        } else {
            page.table(
                headers: ["Customer", "Why", "Since", "Exposure", "Limit"],
                rows: blocked.map { line in
                    [
                        BookReport.customer(line),
                        HTMLPage.escape(line["reasons"]) + "<br><span class=\"muted\">"
                            + HTMLPage.escape(HoldReasonWords.describe(line["reasons"])) + "</span>",
                        HTMLPage.escape(line["since"]), HTMLPage.escape(line["exposure"]),
                        HTMLPage.escape(line["limit"]),
                    ]
                }, numeric: [3, 4], id: "held")
        }

        page.heading("Today's worklist (\(worklist.count))")
        if worklist.isEmpty {
            page.paragraph(markup: "Nothing to chase today.", classes: "ok")
        } else {
            page.table(
                headers: ["#", "Customer", "Action", "Amount", "Why"],
                rows: worklist.map { line in
                    [
                        HTMLPage.escape(line["rank"]), BookReport.customer(line),
                        HTMLPage.escape(line["action"]),
                        HTMLPage.escape(line["amount"]), HTMLPage.isolated(line["reason"]),
                    ]
                }, numeric: [0, 3], id: "worklist")
        }
        return page.html
    }

    /// A desk line's customer: the id, and the name under it when the line has one.
    static func customer(_ line: ReplyRecord) -> String {
        HTMLPage.isolated(line["customer"])
            + (line["name"].isEmpty ? "" : "<br><span class=\"muted\">\(HTMLPage.isolated(line["name"]))</span>")
    }
}

import CreditCore
import CreditProtocol
import Foundation
import Testing

/// `creditgate statement` and `creditgate report`: the pages open in a real headless Chromium
/// with nothing fetched and no console message, and the text it renders carries the server's
/// own figures (STATUS, AGING, BLOCKED, WORKLIST).
@Suite struct LettersTests {
    static let chromium = "/usr/bin/chromium"

    /// The DOM Chromium built from the file, and what it logged (console messages, failed loads).
    static func render(_ path: String, screenshot: String) throws -> (dom: String, log: String) {
        let flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1300",
            "--enable-logging=stderr", "--v=0",
        ]
        let dom = try ScriptProcess.run([chromium] + flags + ["--dump-dom", "file://" + path], within: 60)
        #expect(dom.status == 0)
        let shot = try ScriptProcess([chromium] + flags + ["--screenshot=" + screenshot, "file://" + path])
        #expect(try shot.wait(within: 60) == 0)
        #expect(FileManager.default.fileExists(atPath: screenshot))
        return (dom.output, shot.errorText())
    }

    /// The text of the element with `id`, as rendered in the DOM.
    static func text(_ id: String, in dom: String) -> String? {
        guard let start = dom.range(of: "id=\"\(id)\">") else { return nil }
        let rest = dom[start.upperBound...]
        return String(rest[..<(rest.range(of: "<")?.lowerBound ?? rest.endIndex)])
    }

    func creditgate(_ server: ServerProcess, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try ScriptProcess.run(
            [ServerProcess.binary("creditgate"), "--port", String(server.port), "--user", "admin"] + arguments,
            environment: ["CREDITGATE_SECRET": ServerProcess.adminSecret, "HOME": server.directory])
    }

    /// A late fee of 25.00 on every class, and the first charge CHARGES proposes for `customer`
    /// posted in full; returns the charge's id.
    static func postLateCharge(_ customer: String, via admin: TestClient) throws -> String {
        try admin.expect(
            "POLICY SET class.A.late_fee=25 class.B.late_fee=25 class.C.late_fee=25 class.D.late_fee=25",
            startsWith: "OK ")
        let proposal = try #require(try admin.reply("CHARGES \(customer)").dropFirst().first)
        let id = String(try #require(proposal.split(separator: " ").dropFirst().first))
        let amount = try #require(ReplyWord.value("amount", in: proposal))
        try admin.expect(
            #"CHARGE \#(customer) \#(id) \#(amount) note="late fee""#, startsWith: "OK \(customer) charge=\(id) ")
        return id
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: chromium),
            "chromium is not installed (Debian package chromium; .ci/run installs it)"))
    func statement_InChromium_ShowsTheServersFigures_ContactAndLateCharges_RightToLeftNameIntact() throws {
        let server = try ServerProcess(["--demo"])
        let admin = try server.admin()
        try admin.expect(
            #"CUSTOMER C1003 name="שלום בע\"מ" contact="דנה לוי" phone=+972-3-555-0101 email=ap@shalom.example terms=eom+30 note="terms per contract""#,
            "OK C1003 updated")
        try admin.expect("INVOICE C1003 X-2 300 date=2026-07-01", startsWith: "OK C1003 invoice=X-2 ")
        try admin.expect("INVOICE C1003 X-3 100 date=2026-01-05 due=2026-02-04", startsWith: "OK C1003 invoice=X-3 ")
        let charge = try Self.postLateCharge("C1003", via: admin)
        let path = server.directory + "/statement.html"
        let run = try creditgate(server, ["statement", "C1003", "--html", path])
        #expect(run.status == 0, "\(run.output)")

        let (dom, log) = try Self.render(path, screenshot: server.directory + "/statement.png")
        #expect(!log.contains("CONSOLE"), "no console message: \(log)")
        #expect(!log.contains("net::ERR"), "nothing fetched: \(log)")
        #expect(dom.contains("<bdi>שלום בע\"מ</bdi>") || dom.contains("<bdi>שלום בע&quot;מ</bdi>"))
        #expect(Self.text("customer-id", in: dom) == "C1003")
        #expect(Self.text("contact", in: dom) == "דנה לוי")
        #expect(Self.text("phone", in: dom) == "+972-3-555-0101")
        #expect(Self.text("email", in: dom) == "ap@shalom.example")
        #expect(dom.contains("Payment terms: end of month + 30 days"))
        #expect(dom.contains("<tr><td>Late charge</td><td><bdi>\(charge)</bdi></td>"), "the charge's row is named")
        #expect(dom.contains("<tr><td>Invoice</td><td><bdi>X-2</bdi></td>"))

        let status = try admin.reply("STATUS C1003")
        let credit = try #require(status.first { $0.hasPrefix("credit ") })
        #expect(Self.text("exposure", in: dom) == ReplyWord.value("exposure", in: credit))
        #expect(Self.text("open", in: dom) == ReplyWord.value("open", in: credit))
        #expect(status.contains { $0.hasPrefix("invoice \(charge) ") && $0.hasSuffix(" kind=charge") })
        let aging = try admin.reply("AGING C1003")[1]
        #expect(ReplyWord.value("charges", in: aging) != "0.00")
        for bucket in ["current", "d1_30", "d31_60", "d61_90", "d91_120", "d120_plus", "total", "charges"] {
            #expect(Self.text("aging-\(bucket)", in: dom) == ReplyWord.value(bucket, in: aging), "\(bucket)")
        }
        // Both invoices are past due and undisputed, the charge due today is not yet past due.
        let charged = try #require(status.first { $0.hasPrefix("invoice \(charge) ") })
        let open = try #require(Money(parsing: ReplyWord.value("open", in: credit)!))
        let chargeOpen = try #require(Money(parsing: ReplyWord.value("open", in: charged)!))
        #expect(Self.text("overdue", in: dom) == open.subtracting(chargeOpen)?.description)
        #expect(dom.contains("Supplies to you are on hold: invoices are past due."))
        // Past 120 days the letter says the hand-over is now, not "before 120 days" (R-COL-7).
        let oldest = try #require(Int(ReplyWord.value("overdue_days", in: credit) ?? ""))
        let handOver =
            oldest >= 120
            ? "debts 120 or more days past due are being handed to a collection agency or to legal now."
            : "debts are handed to a collection agency or to legal before they are 120 days past due."
        #expect(dom.contains(handOver), "oldest \(oldest) days past due")
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: chromium),
            "chromium is not installed (Debian package chromium; .ci/run installs it)"))
    func report_InChromium_ShowsAgingLateChargesHeldAndWorklist() throws {
        let server = try ServerProcess(["--demo"])
        let admin = try server.admin()
        try admin.expect("INVOICE C1003 X-2 300 date=2026-07-01", startsWith: "OK C1003 invoice=X-2 ")
        _ = try Self.postLateCharge("C1003", via: admin)
        let path = server.directory + "/report.html"
        let run = try creditgate(server, ["report", "--html", path])
        #expect(run.status == 0, "\(run.output)")

        let (dom, log) = try Self.render(path, screenshot: server.directory + "/report.png")
        #expect(!log.contains("CONSOLE") && !log.contains("net::ERR"), "\(log)")
        let totals = try admin.reply("AGING")[1]
        #expect(Self.text("total", in: dom) == ReplyWord.value("total", in: totals))
        #expect(ReplyWord.value("charges", in: totals) != "0.00")
        for bucket in ["current", "d1_30", "d31_60", "d61_90", "d91_120", "d120_plus", "charges"] {
            #expect(Self.text("aging-\(bucket)", in: dom) == ReplyWord.value(bucket, in: totals), "\(bucket)")
        }
        #expect(dom.contains("<svg id=\"aging-chart\""))
        let blocked = try admin.reply("BLOCKED").dropFirst()
        #expect(dom.contains("Held now (\(blocked.count))"))
        for line in blocked {
            let name = try #require(line.firstRange(of: "name=\"").map { line[$0.upperBound...].prefix { $0 != "\"" } })
            #expect(
                dom.contains(
                    "<bdi>\(ReplyWord.value("customer", in: line)!)</bdi><br><span class=\"muted\"><bdi>\(name)</bdi>"))
        }
        let worklist = try admin.reply("WORKLIST").dropFirst()
        #expect(dom.contains("Today's worklist (\(worklist.count))"))
    }

    @Test func statement_WithoutHTML_IsAUsageError_AndAnUnknownCustomerIsRefused() throws {
        let server = try ServerProcess(["--demo"])
        #expect(try creditgate(server, ["statement", "C1003"]).status == 64)
        let path = server.directory + "/none.html"
        #expect(try creditgate(server, ["statement", "NOPE", "--html", path]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

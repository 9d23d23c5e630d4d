import CreditClient
import Foundation
import Testing

/// ERP import and export against the real server, with IBM's public Accounts Receivable sample.
@Suite struct ImportTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/data/…` beside the repository; the nearest such folder upward, so a worktree
    /// elsewhere finds it too.
    static let ibmFile: String = {
        let name = "shared/data/WA_Fn-UseC_-Accounts-Receivable.csv"
        var folder = repositoryRoot
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent("../" + name).standardized.path
    }()

    func importer(_ kind: ImportKind, via client: TestClient, preset: ImportMapping.Preset? = .ibmAR) throws -> Importer {
        let pipeline = Pipeline(connection: client.connection)
        return Importer(mapping: try ImportMapping(kind: kind, preset: preset), dateFormat: .mdy, send: pipeline.send)
    }

    /// Open amount per customer, in cents, straight from the file (no quotes in it, so a split
    /// on commas is exact), independent of the importer's code.
    func expectedOpenCents() throws -> [String: Int] {
        let text = try String(contentsOfFile: Self.ibmFile, encoding: .utf8)
        var open: [String: Int] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let parts = fields[6].split(separator: ".")
            let cents = Int(parts[0])! * 100 + (parts.count > 1 ? Int(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0))! : 0)
            open[String(fields[1]), default: 0] += cents
        }
        return open
    }

    func openAmount(_ customer: String, via client: TestClient) throws -> String? {
        let credit = try client.reply("STATUS \(customer)").first { $0.hasPrefix("credit ") }
        return credit?.split(separator: " ").first { $0.hasPrefix("open=") }.map { String($0.dropFirst(5)) }
    }

    func journalNext(via client: TestClient) throws -> String? {
        let journal = try client.reply("INFO").first { $0.hasPrefix("journal ") }
        return journal?.split(separator: " ").first { $0.hasPrefix("next=") }.map(String.init)
    }

    static func money(_ cents: Int) -> String {
        "\(cents / 100)." + (cents % 100 < 10 ? "0" : "") + "\(cents % 100)"
    }

    @Test func ibmFile_ImportsAsItIs_AndReimportChangesNothing() throws {
        try #require(FileManager.default.fileExists(atPath: Self.ibmFile), "missing \(Self.ibmFile)")
        let server = try ServerProcess()
        let admin = try server.admin()
        let expected = try expectedOpenCents()
        #expect(expected.count == 100)

        let start = ContinuousClock.now
        let invoices = try importer(.invoices, via: admin).run(path: Self.ibmFile)
        let invoiceTime = ContinuousClock.now - start
        #expect(invoices.lines == [
            "import invoices rows=2466 accepted=2466 unchanged=0 skipped=0 rejected=0 customers_created=100 customers_unchanged=0 customers_rejected=0",
        ])
        #expect(try admin.reply("INFO").contains("ledger customers=100 users=1"))
        let sample = ["0379-NEVHP", "8976-AMJEO", "9322-YCTQO", "2820-XGXSB"]
        for customer in sample {
            #expect(try openAmount(customer, via: admin) == Self.money(expected[customer]!), "\(customer)")
        }

        let paymentsStart = ContinuousClock.now
        let payments = try importer(.payments, via: admin).run(path: Self.ibmFile)
        let paymentTime = ContinuousClock.now - paymentsStart
        #expect(payments.lines == ["import payments rows=2466 accepted=2466 unchanged=0 skipped=0 rejected=0"])
        for customer in sample {
            #expect(try openAmount(customer, via: admin) == "0.00", "\(customer): every invoice is settled")
        }
        print("IBM AR import: invoices \(invoiceTime), payments \(paymentTime)")

        // Re-import: every request is answered as before and nothing is journaled.
        let before = try journalNext(via: admin)
        #expect(before != nil)
        let again = try importer(.invoices, via: admin).run(path: Self.ibmFile)
        #expect(again.customersCreated == 0 && again.customersUnchanged == 100 && again.accepted == 2466 && again.isClean)
        let paidAgain = try importer(.payments, via: admin).run(path: Self.ibmFile)
        #expect(paidAgain.accepted == 2466 && paidAgain.isClean)
        #expect(try journalNext(via: admin) == before, "a re-import records nothing")
        for customer in sample {
            #expect(try openAmount(customer, via: admin) == "0.00")
        }
    }

    @Test func malformedFile_RejectsOnlyItsBadRows_WithFileLines() throws {
        let server = try ServerProcess()
        let admin = try server.admin()
        let path = server.directory + "/bad.csv"
        let csv = """
            customerID,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,SettledDate\r
            C1,0001,1/2/2013,2/1/2013,55.94,1/15/2013\r
            C1,0002,1/2/2013,2/1/2013,5x.00,\r
            C1,0003,2/30/2013,3/1/2013,10,3/5/2013\r
            C2,,1/2/2013,2/1/2013,10,\r
            C 3,0004,1/2/2013,2/1/2013,10,\r
            C2,0005,3/1/2013,2/1/2013,10,\r
            C2,0006,1/2/2013,2/1/2013,20,1/20/2013\r
            C1,0001,1/2/2013,2/1/2013,99.00,\r
            C1,0007,1/2/2013,2/1/2013,-5,1/20/2013\r
            C2,0006,1/2/2013,2/1/2013,20,13/45/2013\r

            """
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let invoices = try importer(.invoices, via: admin).run(path: path)
        #expect(invoices.rows == 10 && invoices.accepted == 3 && invoices.customersCreated == 2)
        #expect(invoices.rejected.map { "\($0.line) \($0.code)" } == [
            "3 BAD_AMOUNT", // 5x.00
            "4 BAD_DATE", // February 30th
            "5 MISSING_VALUE", // no invoice number
            "6 BAD_ID", // a space in the customer id
            "7 BAD_DATE", // the server's: due before the invoice date
            "9 DUPLICATE_INVOICE", // the server's: 0001 again with another amount
            "10 BAD_AMOUNT", // negative
        ])
        #expect(try openAmount("C1", via: admin) == "55.94")
        #expect(try openAmount("C2", via: admin) == "20.00")

        let payments = try importer(.payments, via: admin).run(path: path)
        #expect(payments.accepted == 2 && payments.skipped == 5)
        #expect(payments.rejected.map { "\($0.line) \($0.code)" } == [
            "4 UNKNOWN_INVOICE", // the server's: invoice 0003 was refused above
            "10 BAD_AMOUNT",
            "11 BAD_DATE", // the settled date, checked though not sent
        ])
        #expect(try openAmount("C1", via: admin) == "0.00")
        #expect(try openAmount("C2", via: admin) == "0.00")
    }

    @Test func export_StatusAndUserList_AsCSV() throws {
        let server = try ServerProcess()
        let admin = try server.admin()
        try admin.expect(#"CUSTOMER C1 name="Acme, \"Best\" Ltd" limit=1000"#, "OK C1 created")
        try admin.expect("INVOICE C1 I-1 400 date=2026-01-01 due=2026-12-31", startsWith: "OK C1 invoice=I-1")
        let pipeline = Pipeline(connection: admin.connection)
        let status = try Exporter(request: "STATUS C1", send: pipeline.send).run()
        #expect(Array(status.header.prefix(7)) == ["kind", "id", "name", "class", "strategic", "limit", "terms"])
        #expect(status.rows.first.map { Array($0.prefix(3)) } == ["customer", "C1", #"Acme, "Best" Ltd"#])
        #expect(status.rows.map(\.[0]) == ["customer", "credit", "invoice"])
        #expect(status.csv().hasPrefix("kind,id,name,class,strategic,limit,terms,"))
        #expect(status.csv().contains("\r\ncustomer,C1,\"Acme, \"\"Best\"\" Ltd\",B,no,1000.00,30,"))
        let users = try Exporter(request: "USER LIST", send: pipeline.send).run()
        #expect(users.csv() == "kind,id,role\r\nuser,admin,admin\r\n")
        let error = #expect(throws: ExportError.self) { try Exporter(request: "NOSUCHVERB", send: pipeline.send).run() }
        guard case .server(code: "UNKNOWN_VERB", _) = error else {
            Issue.record("expected ERR UNKNOWN_VERB, got \(String(describing: error))")
            return
        }
    }
}

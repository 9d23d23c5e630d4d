import CreditClient
import CreditProtocol
import Foundation
import Testing

/// ERP import and export against the real server, on a file in the format of IBM's public
/// Accounts Receivable sample: the generated stand-in in `Tests/Fixtures` always, and IBM's own
/// file as well when `shared/data/` is beside the repository (a clone has none).
@Suite struct ImportTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Written by `Tests/Fixtures/make_ar_sample.py`: 2,466 rows of 100 customers, IBM's columns.
    static let fixture = repositoryRoot.appendingPathComponent("Tests/Fixtures/ar-sample.csv").path
    /// `shared/data/…` in the nearest folder upward from the repository, so a worktree finds it
    /// too; nil where there is none.
    static let ibmFile: String? = {
        let name = "shared/data/WA_Fn-UseC_-Accounts-Receivable.csv"
        var folder = repositoryRoot.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()
    /// The files the import tests run on.
    static let samples: [String] = [fixture] + (ibmFile.map { [$0] } ?? [])

    /// Said once in the test log, so a run without IBM's file says what it did not cover.
    @Test(
        .enabled(
            if: ibmFile != nil,
            "IBM's sample is not beside the repository; the import tests ran on Tests/Fixtures/ar-sample.csv only"))
    func ibmSample_IsCoveredWhenPresent() throws {
        #expect(Self.samples.count == 2)
    }

    /// Rows and distinct customers of a sample, counted straight from the file.
    static func shape(_ path: String) throws -> (rows: Int, customers: Int) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).dropFirst()
        return (lines.count, Set(lines.map { $0.split(separator: ",")[1] }).count)
    }

    func importer(_ kind: ImportKind, via client: TestClient, preset: ImportMapping.Preset? = .ibmAR) throws -> Importer
    {
        Importer(mapping: try ImportMapping(kind: kind, preset: preset), dateFormat: .mdy, send: client.send(batch:))
    }

    /// Open amount per customer, in cents, straight from the file (no quotes in it, so a split
    /// on commas is exact), independent of the importer's code.
    func expectedOpenCents(_ path: String) throws -> [String: Int] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var open: [String: Int] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let parts = fields[6].split(separator: ".")
            let cents =
                Int(parts[0])! * 100
                + (parts.count > 1 ? Int(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0))! : 0)
            open[String(fields[1]), default: 0] += cents
        }
        return open
    }

    func openAmount(_ customer: String, via client: TestClient) throws -> String? {
        let credit = try client.reply("STATUS \(customer)").first { $0.hasPrefix("credit ") }
        return credit.flatMap { ReplyWord.value("open", in: $0) }
    }

    func journalNext(via client: TestClient) throws -> String? {
        let journal = try client.reply("INFO").first { $0.hasPrefix("journal ") }
        return journal.flatMap { ReplyWord.value("next", in: $0) }
    }

    static func money(_ cents: Int) -> String {
        "\(cents / 100)." + (cents % 100 < 10 ? "0" : "") + "\(cents % 100)"
    }

    @Test(arguments: samples)
    func sample_ImportsAsItIs_AndReimportChangesNothing(file: String) throws {
        let (rows, customers) = try Self.shape(file)
        let server = try ServerProcess()
        let admin = try server.admin()
        let expected = try expectedOpenCents(file)
        #expect(expected.count == customers)

        let start = ContinuousClock.now
        let invoices = try importer(.invoices, via: admin).run(path: file)
        let invoiceTime = ContinuousClock.now - start
        #expect(
            invoices.lines == [
                "import invoices rows=\(rows) accepted=\(rows) unchanged=0 skipped=0 rejected=0 customers_created=\(customers) customers_unchanged=0 customers_rejected=0"
            ])
        #expect(try admin.reply("INFO").contains("ledger customers=\(customers) users=1"))
        let sample = Array(expected.keys.sorted().prefix(4))
        for customer in sample {
            #expect(try openAmount(customer, via: admin) == Self.money(expected[customer]!), "\(customer)")
        }

        let paymentsStart = ContinuousClock.now
        let payments = try importer(.payments, via: admin).run(path: file)
        let paymentTime = ContinuousClock.now - paymentsStart
        #expect(payments.lines == ["import payments rows=\(rows) accepted=\(rows) unchanged=0 skipped=0 rejected=0"])
        for customer in sample {
            #expect(try openAmount(customer, via: admin) == "0.00", "\(customer): every invoice is settled")
        }
        print("AR import of \(file):  invoices \(invoiceTime), payments \(paymentTime)")

        // Re-import: every request is answered as before and nothing is journaled.
        let before = try journalNext(via: admin)
        #expect(before != nil)
        let again = try importer(.invoices, via: admin).run(path: file)
        #expect(
            again.customersCreated == 0 && again.customersUnchanged == customers && again.accepted == rows
                && again.isClean)
        let paidAgain = try importer(.payments, via: admin).run(path: file)
        #expect(paidAgain.accepted == rows && paidAgain.isClean)
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
        #expect(
            invoices.rejected.map { "\($0.line) \($0.code)" } == [
                "3 BAD_AMOUNT",  // 5x.00
                "4 BAD_DATE",  // February 30th
                "5 MISSING_VALUE",  // no invoice number
                "6 BAD_ID",  // a space in the customer id
                "7 BAD_DATE",  // the server's: due before the invoice date
                "9 DUPLICATE_INVOICE",  // the server's: 0001 again with another amount
                "10 BAD_AMOUNT",  // negative
            ])
        #expect(try openAmount("C1", via: admin) == "55.94")
        #expect(try openAmount("C2", via: admin) == "20.00")

        let payments = try importer(.payments, via: admin).run(path: path)
        #expect(payments.accepted == 2 && payments.skipped == 5)
        #expect(
            payments.rejected.map { "\($0.line) \($0.code)" } == [
                "4 UNKNOWN_INVOICE",  // the server's: invoice 0003 was refused above
                "10 BAD_AMOUNT",
                "11 BAD_DATE",  // the settled date, checked though not sent
            ])
        #expect(try openAmount("C1", via: admin) == "0.00")
        #expect(try openAmount("C2", via: admin) == "0.00")
    }

    @Test func export_StatusAndUserList_AsCSV() throws {
        let server = try ServerProcess()
        let admin = try server.admin()
        try admin.expect(#"CUSTOMER C1 name="Acme, \"Best\" Ltd" limit=1000"#, "OK C1 created")
        try admin.expect("INVOICE C1 I-1 400 date=2026-01-01 due=2026-12-31", startsWith: "OK C1 invoice=I-1")
        let status = try Exporter(request: "STATUS C1", send: admin.send(batch:)).run()
        #expect(Array(status.header.prefix(7)) == ["kind", "id", "name", "class", "strategic", "limit", "terms"])
        #expect(status.rows.first.map { Array($0.prefix(3)) } == ["customer", "C1", #"Acme, "Best" Ltd"#])
        #expect(status.rows.map(\.[0]) == ["customer", "credit", "invoice"])
        #expect(status.csv().hasPrefix("kind,id,name,class,strategic,limit,terms,"))
        #expect(status.csv().contains("\r\ncustomer,C1,\"Acme, \"\"Best\"\" Ltd\",B,no,1000.00,30,"))
        let users = try Exporter(request: "USER LIST", send: admin.send(batch:)).run()
        #expect(users.csv() == "kind,id,role\r\nuser,admin,admin\r\n")
        let error = #expect(throws: ExportError.self) {
            try Exporter(request: "NOSUCHVERB", send: admin.send(batch:)).run()
        }
        guard case .server(code: "UNKNOWN_VERB", _) = error else {
            Issue.record("expected ERR UNKNOWN_VERB, got \(String(describing: error))")
            return
        }
    }
}

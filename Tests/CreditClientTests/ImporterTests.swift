import CreditClient
import Testing

/// A fake server: records every request and answers each with `answer`.
final class FakeServer {
    var requests: [String] = []
    var batches: [Int] = []
    let answer: (String) -> String

    init(answer: @escaping (String) -> String = FakeServer.ok) {
        self.answer = answer
    }

    static func ok(_ request: String) -> String {
        let words = request.split(separator: " ")
        return words[0] == "CUSTOMER" ? "OK \(words[1]) created" : "OK \(words[1])"
    }

    func send(_ lines: [String]) -> [[String]] {
        requests += lines
        batches.append(lines.count)
        return lines.map { [answer($0)] }
    }
}

@Suite struct ImporterTests {
    func run(
        _ kind: ImportKind, _ csv: String, preset: ImportMapping.Preset? = nil, columns: [String] = [],
        dates: DateFormat = .iso, amounts: AmountFormat = AmountFormat(), batch: Int = 500,
        server: FakeServer = FakeServer()
    ) throws -> (ImportReport, [String]) {
        let mapping = try ImportMapping(kind: kind, preset: preset, columnOptions: columns)
        let importer = Importer(
            mapping: mapping, dateFormat: dates, amountFormat: amounts, batchSize: batch, send: server.send)
        return (try importer.run(csv: csv), server.requests)
    }

    // MARK: money

    struct AmountCase: Sendable, CustomTestStringConvertible {
        let text: String
        let separator: Character?
        let expected: String?
        var testDescription: String { "\(text) sep=\(separator.map(String.init) ?? "none") → \(expected ?? "refused")" }
    }

    static let amounts: [AmountCase] = [
        .init(text: "55.94", separator: nil, expected: "55.94"),
        .init(text: "94", separator: nil, expected: "94.00"),
        .init(text: "94.5", separator: nil, expected: "94.50"),
        .init(text: "0.10", separator: nil, expected: "0.10"),
        .init(text: "007.25", separator: nil, expected: "7.25"),
        .init(text: " 12.30 ", separator: nil, expected: "12.30"),
        .init(text: "12.3400", separator: nil, expected: "12.34"),
        .init(text: "999999999999.99", separator: nil, expected: "999999999999.99"),
        .init(text: "1,234.50", separator: ",", expected: "1234.50"),
        .init(text: "1,234,567", separator: ",", expected: "1234567.00"),
        .init(text: "999", separator: ",", expected: "999.00"),
        .init(text: "1,234.50", separator: nil, expected: nil),
        .init(text: "12,34", separator: ",", expected: nil),
        .init(text: "1,2345", separator: ",", expected: nil),
        .init(text: ",123", separator: ",", expected: nil),
        .init(text: "12.345", separator: nil, expected: nil),
        .init(text: "0", separator: nil, expected: nil),
        .init(text: "0.00", separator: nil, expected: nil),
        .init(text: "-5", separator: nil, expected: nil),
        .init(text: "(5.00)", separator: nil, expected: nil),
        .init(text: "+5", separator: nil, expected: nil),
        .init(text: "5.", separator: nil, expected: nil),
        .init(text: ".5", separator: nil, expected: nil),
        .init(text: "1e3", separator: nil, expected: nil),
        .init(text: "$12", separator: nil, expected: nil),
        .init(text: "1.2.3", separator: nil, expected: nil),
        .init(text: "1000000000000", separator: nil, expected: nil),
        .init(text: "", separator: nil, expected: nil),
    ]

    @Test(arguments: amounts) func amount_ConvertsByText(_ item: AmountCase) {
        let format = AmountFormat(thousandsSeparator: item.separator)
        #expect((try? format.protocolAmount(item.text)) == item.expected)
    }

    @Test func amount_ZeroOnlyWhereAllowed() throws {
        #expect(try AmountFormat().protocolAmount("0", allowZero: true) == "0.00")
        #expect(throws: AmountFormat.Problem.notPositive("0")) { try AmountFormat().protocolAmount("0") }
    }

    // MARK: dates

    @Test func dates_InEachFormat() {
        #expect(DateFormat.iso.protocolDate("2013-02-01") == "2013-02-01")
        #expect(DateFormat.iso.protocolDate("2013-2-1") == nil)
        #expect(DateFormat.mdy.protocolDate("2/1/2013") == "2013-02-01")
        #expect(DateFormat.mdy.protocolDate("12/31/2013") == "2013-12-31")
        #expect(DateFormat.dmy.protocolDate("2/1/2013") == "2013-01-02")
        #expect(DateFormat.dmy.protocolDate("31/12/2013") == "2013-12-31")
        #expect(DateFormat.mdy.protocolDate("31/12/2013") == nil, "month 31")
        #expect(DateFormat.mdy.protocolDate("2/29/2013") == nil, "not a leap year")
        #expect(DateFormat.mdy.protocolDate("2/29/2012") == "2012-02-29")
        #expect(DateFormat.mdy.protocolDate("1/2/13") == nil, "two-digit year")
        #expect(DateFormat.mdy.protocolDate("1/2/2013 0:00") == nil)
        #expect(DateFormat.dmy.protocolDate("2013-01-02") == nil)
    }

    // MARK: mapping

    @Test func mapping_DefaultColumns_AreFieldNames_CaseInsensitive() throws {
        let (report, requests) = try run(
            .invoices, "Customer,INVOICE,Amount,Date,due,Order\nC1,INV-1,10,2026-01-02,2026-02-01,PO-9\n")
        #expect(
            requests == [
                "CUSTOMER C1",
                "INVOICE C1 INV-1 10.00 date=2026-01-02 due=2026-02-01 order=PO-9",
            ])
        #expect(report.accepted == 1 && report.customersCreated == 1 && report.rejected.isEmpty)
    }

    @Test func mapping_OptionalDefaultColumns_MayBeAbsent() throws {
        let (_, requests) = try run(.invoices, "customer,invoice,amount\nC1,INV-1,10\n")
        #expect(requests == ["CUSTOMER C1", "INVOICE C1 INV-1 10.00"])
    }

    @Test func mapping_ColumnOption_RenamesAField() throws {
        let csv = "cust;x,invoiceNumber,total\nC1,0001,5\n"
        let (_, requests) = try run(
            .invoices, csv, columns: ["customer=CUST;X", "invoice=invoiceNumber", "amount=total"])
        #expect(requests.last == "INVOICE C1 0001 5.00")
    }

    @Test func mapping_Errors() throws {
        #expect(throws: ImportError.unknownField("bogus", kind: .invoices)) {
            try ImportMapping(kind: .invoices, columnOptions: ["bogus=x"])
        }
        #expect(throws: ImportError.badColumnOption("invoice")) {
            try ImportMapping(kind: .invoices, columnOptions: ["invoice"])
        }
        #expect(throws: ImportError.missingColumn(field: "amount", column: "amount", header: ["customer", "invoice"])) {
            try run(.invoices, "customer,invoice\nC1,I1\n")
        }
        #expect(
            throws: ImportError.missingColumn(field: "order", column: "po", header: ["customer", "invoice", "amount"])
        ) {
            try run(.invoices, "customer,invoice,amount\nC1,I1,5\n", columns: ["order=po"])
        }
    }

    static let ibm = """
        countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\r
        391,0379-NEVHP,4/6/2013,0000611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0\r
        406,8976-AMJEO,3/3/2012,0007900770,1/26/2013,2/25/2013,94,Yes,,Electronic,36,6\r
        391,0379-NEVHP,1/26/2012,0009231909,7/3/2013,8/2/2013,65.88,No,7/8/2013,Electronic,5,0\r

        """

    @Test func ibmPreset_Invoices_CreateCustomersOnceThenInvoices() throws {
        let server = FakeServer()
        let (report, requests) = try run(.invoices, Self.ibm, preset: .ibmAR, dates: .mdy, server: server)
        #expect(
            requests == [
                "CUSTOMER 0379-NEVHP",
                "CUSTOMER 8976-AMJEO",
                "INVOICE 0379-NEVHP 0000611365 55.94 date=2013-01-02 due=2013-02-01",
                "INVOICE 8976-AMJEO 0007900770 94.00 date=2013-01-26 due=2013-02-25",
                "INVOICE 0379-NEVHP 0009231909 65.88 date=2013-07-03 due=2013-08-02",
            ])
        #expect(
            report.lines == [
                "import invoices rows=3 accepted=3 unchanged=0 skipped=0 rejected=0 customers_created=2 customers_unchanged=0 customers_rejected=0"
            ])
    }

    @Test func ibmPreset_Payments_OnlySettledRows_WithoutTheDate() throws {
        let (report, requests) = try run(.payments, Self.ibm, preset: .ibmAR, dates: .mdy)
        #expect(
            requests == [
                "PAY 0379-NEVHP 55.94 ref=SETTLE-0000611365 invoice=0000611365",
                "PAY 0379-NEVHP 65.88 ref=SETTLE-0009231909 invoice=0009231909",
            ])
        #expect(report.accepted == 2 && report.skipped == 1 && report.isClean)
    }

    @Test func ibmPreset_Customers() throws {
        let server = FakeServer { request in
            request == "CUSTOMER 8976-AMJEO" ? "OK 8976-AMJEO created" : "OK 0379-NEVHP unchanged"
        }
        let (report, requests) = try run(.customers, Self.ibm, preset: .ibmAR, dates: .mdy, server: server)
        #expect(requests == ["CUSTOMER 0379-NEVHP", "CUSTOMER 8976-AMJEO", "CUSTOMER 0379-NEVHP"])
        #expect(report.accepted == 1 && report.unchanged == 2)
    }

    @Test func customers_AllFields_QuotedAndNormalised() throws {
        let csv =
            "id,name,limit,terms,class,strategic\r\nC1,\"Acme \"\"Best\"\", Ltd\",\"10,000\",60,a,Y\r\nC2,\"two\r\nlines\",0,0,D,no\r\nC3,,,,,\r\n"
        let (report, requests) = try run(.customers, csv, amounts: AmountFormat(thousandsSeparator: ","))
        #expect(
            requests == [
                #"CUSTOMER C1 name="Acme \"Best\", Ltd" limit=10000.00 terms=60 class=A strategic=yes"#,
                #"CUSTOMER C2 name="two lines" limit=0.00 terms=0 class=D strategic=no"#,
                "CUSTOMER C3",
            ])
        #expect(report.accepted == 3)
    }

    // MARK: bad rows

    @Test func badRows_AreRejectedAlone_WithTheirFileLines() throws {
        let csv = """
            customer,invoice,amount,date,due
            C1,I-1,10.00,2026-01-01,2026-01-31
            C1,I-2,12.5x,2026-01-01,
            C1,I-3,10,2026-13-01,
            ,I-4,10,,
            C 1,I-5,10,,
            C1,"I-6
            still I-6",10,,
            C1,I-7,10
            C1,I-8,10,2026-01-01,2026-01-31
            C1,I-9,"10"x,,
            C1,I-10,0,,

            """
        let (report, requests) = try run(.invoices, csv)
        #expect(
            requests == [
                "CUSTOMER C1",
                "INVOICE C1 I-1 10.00 date=2026-01-01 due=2026-01-31",
                "INVOICE C1 I-8 10.00 date=2026-01-01 due=2026-01-31",
            ])
        #expect(report.rows == 10 && report.accepted == 2)
        #expect(
            report.rejected == [
                .init(line: 3, code: "BAD_AMOUNT", reason: #"amount "12.5x" is not an amount"#),
                .init(line: 4, code: "BAD_DATE", reason: #"date "2026-13-01" is not a date YYYY-MM-DD"#),
                .init(line: 5, code: "MISSING_VALUE", reason: "no customer in column customer"),
                .init(line: 6, code: "BAD_ID", reason: #"customer "C 1" is not an id (1-64 of A-Z a-z 0-9 . _ - / :)"#),
                .init(
                    line: 7, code: "BAD_ID",
                    reason: "invoice \"I-6\nstill I-6\" is not an id (1-64 of A-Z a-z 0-9 . _ - / :)"),
                .init(line: 9, code: "BAD_CSV", reason: "3 fields where the header has 5"),
                .init(line: 11, code: "BAD_CSV", reason: "text after a closing quote"),
                .init(line: 12, code: "BAD_AMOUNT", reason: #"amount "0" is not a positive amount"#),
            ])
        #expect(!report.isClean)
        #expect(report.lines[1] == #"rejected line=3 code=BAD_AMOUNT reason="amount \"12.5x\" is not an amount""#)
    }

    @Test func serverRejections_CarryTheServersCode() throws {
        let server = FakeServer { request in
            request.contains("I-2")
                ? "ERR DUPLICATE_INVOICE invoice I-2 exists with other details" : FakeServer.ok(request)
        }
        let (report, _) = try run(.invoices, "customer,invoice,amount\nC1,I-1,1\nC1,I-2,2\n", server: server)
        #expect(report.accepted == 1)
        #expect(
            report.rejected == [
                .init(line: 3, code: "DUPLICATE_INVOICE", reason: "invoice I-2 exists with other details")
            ])
    }

    @Test func batches_AreAtMostTheBatchSize() throws {
        var csv = "customer,invoice,amount\n"
        for index in 1...12 { csv += "C\(index % 3),I-\(index),\(index)\n" }
        let server = FakeServer()
        let (report, _) = try run(.invoices, csv, batch: 5, server: server)
        #expect(server.batches == [3, 5, 5, 2])
        #expect(report.accepted == 12 && report.customersCreated == 3)
    }

    @Test func wrongReplyCount_Throws() throws {
        let mapping = try ImportMapping(kind: .payments)
        let importer = Importer(mapping: mapping) { lines in [] }
        #expect(throws: ImportError.replyCount(sent: 1, received: 0)) {
            try importer.run(csv: "customer,amount,ref\nC1,5,R1\n")
        }
    }

    @Test func options_FromAParsedCommand() throws {
        let command = ParsedCommand(
            path: ["import"], arguments: [:],
            options: [
                "preset": ["ibm-ar"], "date-format": ["mdy"], "column": ["amount=Total"], "thousands-separator": [","],
                "batch": ["100"],
            ],
            flags: ["no-create-customers"])
        let options = try ImportOptions(kind: "invoices", command: command)
        #expect(options.mapping.columns["amount"] == "Total")
        #expect(options.mapping.columns["invoice"] == "invoiceNumber")
        #expect(options.dateFormat == .mdy && options.batchSize == 100 && !options.createCustomers)
        #expect(options.amountFormat == AmountFormat(thousandsSeparator: ","))
        #expect(throws: ImportError.unknownKind("orders")) { try ImportOptions(kind: "orders", command: command) }
    }
}

extension ImporterTests {
    @Test func missingFile_IsAnImportError() throws {
        let importer = Importer(mapping: try ImportMapping(kind: .invoices)) { _ in [] }
        #expect(throws: ImportError.self) { try importer.run(path: "/nonexistent/invoices.csv") }
        #expect(throws: ImportError.emptyFile("the input")) { try importer.run(csv: "") }
    }
}

import Foundation
import Testing

/// `creditgate import … --dry-run` and `--terms eom+<days>` through the real binary: every row
/// checked, nothing sent that changes anything, the date format that fits named.
@Suite struct ImportDryRunTests {
    let tool = ClientTests()
    let admin = ["CREDITGATE_SECRET": ServerProcess.adminSecret]

    func run(_ server: ServerProcess, _ arguments: [String], home: ClientTests.Home, signedIn: Bool = true) throws
        -> ClientTests.Run
    {
        try tool.creditgate(
            ["--port", "\(server.port)"] + (signedIn ? ["--user", "admin"] : []) + arguments, home: home,
            environment: admin)
    }

    /// The journal's next record (INFO): it does not move when nothing is recorded.
    static func next(_ client: TestClient) throws -> String {
        try client.reply("INFO").flatMap { $0.split(separator: " ") }.first { $0.hasPrefix("next=") }.map(String.init)
            ?? ""
    }

    /// A server with customer C1 and `existing` (an invoice or a payment of C1), signed in as admin.
    static func server(with existing: String) throws -> (ServerProcess, TestClient) {
        let server = try ServerProcess()
        let client = try server.admin()
        try client.expect("CUSTOMER C1 name=\"One\" limit=1000.00 terms=30", startsWith: "OK C1")
        try client.expect(existing, startsWith: "OK C1")
        return (server, client)
    }

    @Test func invoices_EveryRowChecked_NothingSent_TheFittingDateFormatNamed() throws {
        let (server, client) = try Self.server(with: "INVOICE C1 I-OLD 50.00")
        let home = try ClientTests.Home()
        let file = home.path + "/invoices.csv"
        try """
        customer,invoice,amount,date
        C1,I-1,10.00,25/01/2026
        C1,I-2,12.x,01/02/2026
        C1,I-3,20.00,02/03/2026
        C1,I-3,21.00,02/03/2026
        C1,I-OLD,99.00,02/03/2026
        C 1,I-4,5.00,02/03/2026
        C2,I-5,5.00,02/03/2026

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try Self.next(client)
        let checked = try run(server, ["import", "invoices", file, "--date-format", "mdy", "--dry-run"], home: home)
        #expect(
            checked.output == """
                dry-run import invoices rows=7 ok=2 skipped=0 rejected=5 sent=0
                rejected line=2 code=BAD_DATE reason="date \\"25/01/2026\\" is not a date M/D/YYYY"
                rejected line=3 code=BAD_AMOUNT reason="amount \\"12.x\\" is not an amount"
                rejected line=5 code=DUPLICATE_INVOICE reason="invoice I-3 of C1 is on line 4 with other values"
                rejected line=6 code=DUPLICATE_INVOICE reason="C1 has invoice I-OLD of 50.00 already"
                rejected line=7 code=BAD_ID reason="customer \\"C 1\\" is not an id (1-64 of A-Z a-z 0-9 . _ - / :)"
                date-format given=mdy fits=dmy

                """)
        #expect(checked.status == 1)
        // Unsigned: no server asked (line 6 passes), and the right format: no date line.
        let local = try run(
            server, ["import", "invoices", file, "--date-format", "dmy", "--dry-run"], home: home, signedIn: false)
        #expect(
            local.output.split(separator: "\n").first
                == "dry-run import invoices rows=7 ok=4 skipped=0 rejected=3 sent=0")
        #expect(!local.output.contains("date-format"))
        #expect(try Self.next(client) == before)
        #expect(try client.request("STATUS C2").hasPrefix("ERR UNKNOWN_CUSTOMER"))
    }

    @Test func payments_UnknownCustomersAndConflictingRefs_AgainstTheServer() throws {
        let (server, _) = try Self.server(with: "PAY C1 5.00 ref=P-OLD")
        let home = try ClientTests.Home()
        let file = home.path + "/payments.csv"
        try "customer,amount,ref\nC1,5.00,P-OLD\nC1,6.00,P-OLD\nC9,1.00,P-9\nC1,2.00,P-1\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let checked = try run(server, ["import", "payments", file, "--dry-run"], home: home)
        #expect(
            checked.output == """
                dry-run import payments rows=4 ok=2 skipped=0 rejected=2 sent=0
                rejected line=3 code=REF_CONFLICT reason="payment P-OLD of C1 is on line 2 with other values"
                rejected line=4 code=UNKNOWN_CUSTOMER reason="C9 is not a customer"

                """)
        #expect(checked.status == 1)
    }

    @Test func terms_EndOfMonth_OnTheCommandLineAndInACustomerFile() throws {
        let server = try ServerProcess()
        let client = try server.admin()
        let home = try ClientTests.Home()
        #expect(
            try run(
                server,
                [
                    "customer", "T1", "--name", "Eom", "--limit", "100", "--terms", "EOM+30",
                    "--note", "end of month plus 30, as agreed",
                ], home: home
            ).status == 0)
        #expect(try client.reply("STATUS T1").contains { $0.contains(" terms=eom+30 ") })
        #expect(try run(server, ["customer", "T1", "--terms", "eom"], home: home).status == 0)
        #expect(try client.reply("STATUS T1").contains { $0.contains(" terms=eom ") })
        let bad = try run(server, ["customer", "T1", "--terms", "eom+x"], home: home)
        #expect(bad.status == 64)
        #expect(bad.error.hasPrefix("Error: --terms takes 0-3650 days, eom or eom+<days>, not eom+x"))
        let file = home.path + "/customers.csv"
        try "id,name,terms\nT2,Two,eom\nT3,Three,eom-1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try run(server, ["import", "customers", file], home: home)
        #expect(
            imported.output == """
                import customers rows=2 accepted=1 unchanged=0 skipped=0 rejected=1
                rejected line=3 code=BAD_VALUE reason="terms \\"eom-1\\" is not 0-3650 days, eom or eom+<days>"

                """)
        #expect(try client.reply("STATUS T2").contains { $0.contains(" terms=eom ") })
    }
}

import CreditNet
import Foundation
import Testing

/// The real `creditgate` binary against a real server: exit codes, signing in, the config
/// file's 0600 rule, the pipe mode and a short bench. Each run gets its own temp HOME, so no
/// `~/.creditgate` of the machine's user can leak in.
@Suite struct ClientTests {
    /// What one run of `creditgate` did.
    struct Run {
        let status: Int32
        let output: String
        let error: String
    }

    /// A temp folder used as HOME, removed on deinit.
    final class Home {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creditgate-home-\(UUID().uuidString)")
            .path

        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        func writeConfig(_ text: String, mode: Int) throws {
            let file = path + "/.creditgate"
            try text.write(toFile: file, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        }
    }

    /// Runs `creditgate` with `arguments`, `input` as standard input, and only HOME (plus
    /// `environment`) set; output is collected in files so a full pipe can never block it.
    func creditgate(_ arguments: [String], home: Home, input: String = "", environment: [String: String] = [:]) throws
        -> Run
    {
        let files = ["in", "out", "err"].map { home.path + "/run.\($0)" }
        try input.write(toFile: files[0], atomically: false, encoding: .utf8)
        for file in files.dropFirst() { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary("creditgate"))
        process.arguments = arguments
        process.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: files[0]))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: files[1]))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: files[2]))
        try process.run()
        process.waitUntilExit()
        let read = { (file: String) in (try? String(contentsOfFile: file, encoding: .utf8)) ?? "" }
        return Run(status: process.terminationStatus, output: read(files[1]), error: read(files[2]))
    }

    /// A port that was free a moment ago: bound, read back and closed.
    func unusedPort() throws -> UInt16 {
        let (fd, address) = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        Syscall.close(fd)
        return address.port
    }

    @Test func check_ExitsZeroForOK_OneForHOLDAndERR_TwoWhenNobodyListens() throws {
        let server = try ServerProcess(["--demo"])
        let home = try Home()
        let port = String(server.port)

        let ok = try creditgate(["--port", port, "check", "C1001", "250.00"], home: home)
        #expect(ok.status == 0)
        #expect(ok.output == "OK C1001 available=7500.00 exposure=2500.00\n")

        let hold = try creditgate(["--port", port, "check", "C1002", "500"], home: home)
        #expect(hold.status == 1)
        #expect(
            hold.output
                == "HOLD C1002 reasons=OVER_LIMIT available=200.00 exposure=4800.00 limit=5000.00 amount=500.00\n")

        let refused = try creditgate(["--port", port, "check", "C9999"], home: home)
        #expect(refused.status == 1)
        #expect(refused.output == "ERR UNKNOWN_CUSTOMER C9999 is not a customer\n")

        let unreachable = try creditgate(["--port", String(try unusedPort()), "check", "C1001", "1"], home: home)
        #expect(unreachable.status == 2)
        #expect(unreachable.output.isEmpty)
        #expect(unreachable.error.hasPrefix("creditgate: cannot connect to 127.0.0.1:"))
    }

    @Test func badArguments_ExitSixtyFour_WithTheUsageOnStandardError() throws {
        let home = try Home()
        let run = try creditgate(["check"], home: home)
        #expect(run.status == 64)
        #expect(run.output.isEmpty)
        #expect(
            run.error == """
                Error: Missing expected argument '<customer>'
                Usage: creditgate check <customer> [<amount>] [--order <order>]
                  See 'creditgate check --help' for more information.

                """)
    }

    @Test func write_SignsInWithTheSecretFromTheEnvironment() throws {
        let server = try ServerProcess()
        let admin = try server.admin()
        let secret = try admin.addUser("clerk1", role: "clerk")
        let home = try Home()
        let arguments = [
            "--port", String(server.port), "--user", "clerk1",
            "customer", "C7", "--name", #"Acme "East" Ltd"#, "--limit", "1000",
        ]

        let written = try creditgate(arguments, home: home, environment: ["CREDITGATE_SECRET": String(secret)])
        #expect(written.status == 0)
        #expect(written.output == "OK C7 created\n")
        #expect(
            try admin.reply("STATUS C7")[1]
                .hasPrefix(
                    #"customer C7 name="Acme \"East\" Ltd" class=B strategic=no limit=1000.00 terms=30 stage=none review="#
                ))

        let noSecret = try creditgate(arguments, home: home)
        #expect(noSecret.status == 78)
        #expect(noSecret.error.contains("no secret for user 'clerk1'"))

        let wrong = try creditgate(arguments, home: home, environment: ["CREDITGATE_SECRET": "wrong"])
        #expect(wrong.status == 1)
        #expect(wrong.error == "creditgate: AUTH refused: ERR AUTH_FAILED wrong user or secret\n")
    }

    @Test func configFile_IsUsedOnlyWhenModeIs0600() throws {
        let server = try ServerProcess(["--demo"])
        let home = try Home()
        let config = "# test\nuser=admin\nsecret=\(ServerProcess.adminSecret)\nport=\(server.port)\n"

        try home.writeConfig(config, mode: 0o644)
        let refused = try creditgate(["status", "C1001"], home: home)
        #expect(refused.status == 78)
        #expect(
            refused.error.contains("group or others may access it (mode 644); run 'chmod 600 \(home.path)/.creditgate'")
        )

        try home.writeConfig(config, mode: 0o600)
        let accepted = try creditgate(["status", "C1001"], home: home)
        #expect(accepted.status == 0)
        #expect(accepted.output.hasPrefix("OK *3 C1001\ncustomer C1001 name=\"Clean Trading Ltd\""))
    }

    @Test func pipedInput_SendsEachLineAsItIs() throws {
        let server = try ServerProcess(["--demo"])
        let home = try Home()
        let run = try creditgate(
            ["--port", String(server.port)], home: home,
            input: "PING\nCHECK C1001 100\n\ncheck C1002 500\nHELP QUIT\n")
        #expect(run.status == 1, "the server answered ERR UNKNOWN_VERB to 'check'")
        #expect(
            run.output == """
                PONG
                OK C1001 available=7500.00 exposure=2500.00
                HOLD C1002 reasons=OVER_LIMIT available=200.00 exposure=4800.00 limit=5000.00 amount=500.00
                OK *1 help
                verb name="QUIT" syntax="QUIT" role=anyone summary="Closes the connection."

                """)
    }

    /// Piped lines exit like one-shot mode, by the worst reply: 0 all OK or PONG, 1 any HOLD or
    /// ERR (every line still sent), 2 the server unreachable.
    @Test func pipedInput_ExitsZeroOneOrTwo_ByTheWorstReply() throws {
        let server = try ServerProcess(["--demo"])
        let home = try Home()
        let port = String(server.port)

        let allOK = try creditgate(["--port", port], home: home, input: "PING\nCHECK C1001 100\n")
        #expect(allOK.status == 0)
        #expect(allOK.output == "PONG\nOK C1001 available=7500.00 exposure=2500.00\n")

        let held = try creditgate(["--port", port], home: home, input: "CHECK C1002 500\nCHECK C1001 100\n")
        #expect(held.status == 1)
        #expect(
            held.output == """
                HOLD C1002 reasons=OVER_LIMIT available=200.00 exposure=4800.00 limit=5000.00 amount=500.00
                OK C1001 available=7500.00 exposure=2500.00

                """)

        let refused = try creditgate(["--port", port], home: home, input: "CHECK C9999\nPING\n")
        #expect(refused.status == 1)
        #expect(refused.output == "ERR UNKNOWN_CUSTOMER C9999 is not a customer\nPONG\n")

        let unreachable = try creditgate(["--port", String(try unusedPort())], home: home, input: "PING\n")
        #expect(unreachable.status == 2)
        #expect(unreachable.output.isEmpty)
        #expect(unreachable.error.hasPrefix("creditgate: cannot connect to 127.0.0.1:"))
    }

    @Test func unknownSubcommand_ExitsSixtyFour_EvenWithHelp() throws {
        let home = try Home()
        for arguments in [["frobnicate"], ["help", "frobnicate"], ["frobnicate", "--help"], ["user", "frobnicate"]] {
            let run = try creditgate(arguments, home: home)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.output.isEmpty)
            #expect(run.error.hasPrefix("Error: Unknown subcommand 'frobnicate'\nUsage: creditgate "), "\(arguments)")
        }
    }

    /// A clerk is enough: the set-up creates the customers in the default class, which raises no risk.
    @Test func bench_MixedAsAClerk_PrintsCheckLatencyApartAndAResultLineWithoutErrors() throws {
        let server = try ServerProcess()
        let added = try server.admin().request("USER ADD clerk1 role=clerk")
        let secret = try #require(added.split(separator: " ").first { $0.hasPrefix("secret=") }?.dropFirst(7))
        let home = try Home()
        let run = try creditgate(
            [
                "--port", String(server.port), "--user", "clerk1",
                "bench", "-d", "1", "-w", "0", "-c", "4", "-k", "50", "--mix", "mixed",
            ],
            home: home, environment: ["CREDITGATE_SECRET": String(secret)])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("created 50 BENCH-<n> customers\n"))
        let lines = run.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("CHECK latency us: p50=") && $0.contains(" checks=") })
        let result = try #require(lines.last)
        #expect(result.hasPrefix("RESULT ops="))
        #expect(result.hasSuffix(" errors=0"))
    }

    /// `creditgate --port <port> --user admin …` with the admin's secret in the environment.
    func asAdmin(_ server: ServerProcess, _ arguments: [String], home: Home) throws -> Run {
        try creditgate(
            ["--port", String(server.port), "--user", "admin"] + arguments, home: home,
            environment: ["CREDITGATE_SECRET": ServerProcess.adminSecret])
    }

    static func importInvoices(_ file: String) -> [String] {
        ["import", "invoices", file, "--preset", "ibm-ar", "--date-format", "mdy"]
    }

    @Test(arguments: ImportTests.samples)
    func importSample_ThenExportAging_AndTheDeskReadsAsCSV(file: String) throws {
        let (rows, customers) = try ImportTests.shape(file)
        let server = try ServerProcess()
        let home = try Home()

        let unsigned = try creditgate(["--port", String(server.port)] + Self.importInvoices(file), home: home)
        #expect(unsigned.status == 64)
        #expect(unsigned.error.hasPrefix("Error: import sends writes: sign in with --user <name>"))

        let imported = try asAdmin(server, Self.importInvoices(file), home: home)
        #expect(imported.status == 0, "\(imported.error)")
        #expect(
            imported.output == "import invoices rows=\(rows) accepted=\(rows) unchanged=0 skipped=0 rejected=0"
                + " customers_created=\(customers) customers_unchanged=0 customers_rejected=0\n")

        let aging = try asAdmin(server, ["export", "aging"], home: home)
        #expect(aging.status == 0, "\(aging.error)")
        let lines = aging.output.components(separatedBy: "\r\n")
        #expect(
            lines.count == 1 + customers + 1 + 1,
            "header, the customers, the total, and the empty string after the last CRLF")
        #expect(
            lines.first == "kind,customer,name,current,d1_30,d31_60,d61_90,d91_120,d120_plus,total,instruments,charges")
        #expect(lines.dropFirst().prefix(customers).allSatisfy { $0.hasPrefix("aging,") && !$0.hasPrefix("aging,*,") })
        #expect(Set(lines.dropFirst().prefix(customers).map { $0.split(separator: ",")[1] }).count == customers)
        #expect(lines[customers + 1].hasPrefix("aging,*,"))
        #expect(lines.last == "")

        let out = home.path + "/aging.csv"
        let toFile = try asAdmin(server, ["export", "aging", "--out", out], home: home)
        #expect(toFile.status == 0 && toFile.output.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == aging.output)

        let worklist = try asAdmin(server, ["worklist", "--csv"], home: home)
        #expect(worklist.status == 0, "\(worklist.error)")
        #expect(worklist.output.hasPrefix("kind,rank,customer,name,action,amount,reason\r\nwork,1,"))

        let policy = try asAdmin(server, ["policy", "show", "--csv"], home: home)
        #expect(policy.status == 0)
        #expect(policy.output.hasPrefix("kind,key,value\r\npolicy,class.A.terms,30\r\n"))

        let unknown = try asAdmin(server, ["status", "NOPE", "--csv"], home: home)
        #expect(unknown.status == 1)
        #expect(unknown.output.isEmpty)
        #expect(unknown.error == "creditgate: the server refused: UNKNOWN_CUSTOMER NOPE is not a customer\n")
    }

    /// The exports cannot be imported back as they are: `export aging` holds each customer's
    /// buckets, not invoices, and `export history <customer>` has no customer column. So the round
    /// trip is built from the sample file: import it into server A, export A's aging, import the
    /// same file into an empty server B with the CLI, and compare every customer between A and B.
    @Test(arguments: ImportTests.samples)
    func roundTrip_SameFileIntoAnEmptyServer_GivesTheSameAgingAndStatus(file: String) throws {
        let (rows, customers) = try ImportTests.shape(file)
        let first = try ServerProcess()
        let second = try ServerProcess()
        let home = try Home()

        #expect(try asAdmin(first, Self.importInvoices(file), home: home).status == 0)
        let exported = try asAdmin(first, ["export", "aging"], home: home)
        #expect(exported.status == 0)
        var exportedCustomers: [String] = []
        for row in exported.output.components(separatedBy: "\r\n").dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 1 && fields[1] != "*" { exportedCustomers.append(String(fields[1])) }
        }
        #expect(exportedCustomers.count == customers)

        let intoSecond = try asAdmin(second, Self.importInvoices(file), home: home)
        #expect(intoSecond.status == 0)
        #expect(intoSecond.output.contains(" accepted=\(rows) "))
        #expect(try asAdmin(second, ["export", "aging"], home: home).output == exported.output)

        let a = try first.admin()
        let b = try second.admin()
        #expect(try b.reply("AGING detail=yes") == a.reply("AGING detail=yes"))
        for customer in exportedCustomers {
            #expect(
                try b.reply("AGING \(customer) detail=yes") == a.reply("AGING \(customer) detail=yes"), "\(customer)")
            let status = try a.reply("STATUS \(customer)")
            #expect(status.first == "OK *\(status.count - 1) \(customer)")
            #expect(try b.reply("STATUS \(customer)") == status, "\(customer)")
        }
    }
}

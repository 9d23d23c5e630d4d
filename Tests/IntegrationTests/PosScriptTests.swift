import CreditNet
import Foundation
import Testing

/// Scripts/pos against the real --demo server: what the cashier reads, the
/// exit status, and the offline fallback.
@Suite struct PosScriptTests {
    static let script = ScriptProcess.repositoryRoot + "/Scripts/pos/pos-check.sh"
    static let client = ScriptProcess.repositoryRoot + "/Scripts/pos/pos_client.py"

    static func check(_ arguments: [String], port: UInt16, _ environment: [String: String] = [:]) throws
        -> (status: Int32, output: String)
    {
        try ScriptProcess.run(
            ["sh", script] + arguments,
            environment: ["CREDITGATE_PORT": "\(port)", "CREDITGATE_TIMEOUT": "5"].merging(environment) { $1 })
    }

    @Test func posCheck_ProceedsOrStops_WithTheReasonInPlainWords() throws {
        let server = try ServerProcess(["--demo"])
        let cases: [([String], Int32, String)] = [
            (["C1001", "100"], 0, "PROCEED: customer C1001, 100.00 (available 7500.00)\n"),
            // A reservation needs a signed-in terminal; this script does not sign in.
            (
                ["C1001", "0100.5", "ORD-17"], 1,
                "STOP: the credit check failed: AUTH_REQUIRED CHECK with order= needs AUTH <user> <secret> first\n"
            ),
            (["C1003", "100"], 1, "STOP: customer C1003 is held: OVERDUE (50 days, invoice INV-1003-1)\n"),
            (
                ["C1002", "500"], 1,
                "STOP: customer C1002 is held: OVER_LIMIT (exposure 4800.00, limit 5000.00, only 200.00 available)\n"
            ),
            (
                ["C1004", "100"], 0,
                "PROCEED: customer C1004, 100.00 (available 41000.00); warning, strategic customer: OVERDUE (50 days, invoice INV-1004-1)\n"
            ),
            (["C1005", "1"], 1, "STOP: customer C1005 is held: MANUAL (blocked by hand: FRAUD)\n"),
            (["C9999", "1"], 1, "STOP: the credit check failed: UNKNOWN_CUSTOMER C9999 is not a customer\n"),
            (
                ["C1001", "12.345"], 1,
                "STOP: amount '12.345' is not valid (like 250 or 250.00, at most 999999999999.99)\n"
            ),
            (["C1001", "1e3"], 1, "STOP: amount '1e3' is not valid (like 250 or 250.00, at most 999999999999.99)\n"),
            (
                ["C 1001", "1"], 1,
                "STOP: customer id 'C 1001' is not valid (1-64 characters from A-Z a-z 0-9 . _ - / :)\n"
            ),
            (
                ["C1001", "1", "ORD;rm"], 1,
                "STOP: order 'ORD;rm' is not valid (1-64 characters from A-Z a-z 0-9 . _ - / :)\n"
            ),
        ]
        for (arguments, status, output) in cases {
            let result = try PosScriptTests.check(arguments, port: server.port)
            #expect(result.output == output, "\(arguments)")
            #expect(result.status == status, "\(arguments)")
        }
    }

    @Test func posCheck_ReadsTheConfigFile_TheEnvironmentWinning() throws {
        let server = try ServerProcess(["--demo"])
        let unused = try UnusedPort()
        let folder = try TemporaryFolder()
        let config = folder.path + "/pos.conf"
        try "# till 3\nCREDITGATE_HOST=127.0.0.1\nCREDITGATE_PORT=\"\(server.port)\"\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let fromFile = try ScriptProcess.run(
            ["sh", PosScriptTests.script, "C1001", "100"], environment: ["CREDITGATE_CONFIG": config])
        #expect(fromFile.output == "PROCEED: customer C1001, 100.00 (available 7500.00)\n")
        #expect(fromFile.status == 0)
        let overridden = try ScriptProcess.run(
            ["sh", PosScriptTests.script, "C1001", "100"],
            environment: ["CREDITGATE_CONFIG": config, "CREDITGATE_PORT": "\(unused.port)"])
        #expect(overridden.status == 2)
    }

    @Test func posCheck_Unreachable_RefusesByDefault() throws {
        let unused = try UnusedPort()
        let result = try PosScriptTests.check(["C1001", "1"], port: unused.port)
        #expect(
            result.output == """
                OFFLINE: server unreachable (127.0.0.1:\(unused.port))
                STOP: server unreachable; no sale on credit until it answers

                """)
        #expect(result.status == 2)
    }

    @Test func posCheck_Unreachable_AllowBelow_PassesOnlyBelowTheFloor_AndLogsIt() throws {
        let unused = try UnusedPort()
        let folder = try TemporaryFolder()
        let log = folder.path + "/offline.log"
        let fallback = [
            "CREDITGATE_OFFLINE": "allow-below", "CREDITGATE_OFFLINE_FLOOR": "50", "CREDITGATE_OFFLINE_LOG": log,
        ]

        let below = try PosScriptTests.check(["C1001", "49.99", "ORD-7"], port: unused.port, fallback)
        #expect(
            below.output == """
                OFFLINE: server unreachable (127.0.0.1:\(unused.port)); sale allowed below the floor 50.00 and logged for review
                PROCEED: customer C1001, 49.99 (not checked)

                """)
        #expect(below.status == 0)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let words = lines.first?.split(separator: " ").map(String.init) ?? []
        #expect(Array(words.dropFirst()) == ["C1001", "49.99", "ORD-7"])
        #expect(
            words.first.map { $0.count == 20 && $0.hasSuffix("Z") && ISO8601DateFormatter().date(from: $0) != nil }
                == true,
            "UTC time first: \(lines)")

        // At the floor, exactly (and written differently), the sale stops and nothing is logged.
        for amount in ["50", "050.00", "50.01", "1000"] {
            let above = try PosScriptTests.check(["C1002", amount], port: unused.port, fallback)
            #expect(above.status == 2, "\(amount)")
            #expect(above.output.hasSuffix("is not below the offline floor 50.00\n"), "\(amount): \(above.output)")
        }
        #expect(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").count == 1)
    }

    /// A server where only signed-in terminals may CHECK, with the terminal user `till3`;
    /// returns the server and till3's secret.
    static func serverWithTill() throws -> (ServerProcess, String) {
        let server = try ServerProcess(["--demo", "--open-check", "none"])
        return (server, try server.admin().addUser("till3", role: "terminal"))
    }

    @Test func posCheck_SignsInFromA0600ConfigFile_ChecksAndReleasesAnOrder() throws {
        let (server, secret) = try Self.serverWithTill()
        let folder = try TemporaryFolder()
        let config = folder.path + "/pos.conf"
        try "CREDITGATE_PORT=\(server.port)\nCREDITGATE_USER=till3\nCREDITGATE_SECRET=\(secret)\n"
            .write(toFile: config, atomically: false, encoding: .utf8)
        func run(_ arguments: [String], _ environment: [String: String] = [:]) throws -> (status: Int32, output: String)
        {
            try ScriptProcess.run(
                ["sh", PosScriptTests.script] + arguments,
                environment: ["CREDITGATE_CONFIG": config].merging(environment) { $1 })
        }

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: config)
        let unsafe = try run(["C1001", "100"])
        #expect(
            unsafe.output == "STOP: configuration: \(config) holds CREDITGATE_SECRET but group or others may access it "
                + "(-rw-r--r--); run 'chmod 600 \(config)'\n")
        #expect(unsafe.status == 1)

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        let checked = try run(["C1001", "100", "ORD-9"])
        #expect(checked.output == "PROCEED: customer C1001, 100.00 (available 7500.00)\n")
        #expect(checked.status == 0)
        #expect(
            try server.admin().request("CHECK C1001") == "OK C1001 available=7400.00 exposure=2500.00 reserved=100.00")

        let released = try run(["--release", "ORD-9"])
        #expect(released.output == "RELEASED: order ORD-9\n")
        #expect(released.status == 0)
        #expect(try server.admin().request("CHECK C1001") == "OK C1001 available=7500.00 exposure=2500.00")
        let again = try run(["--release", "ORD-9"])
        #expect(again.output == "STOP: order ORD-9 not released: UNKNOWN_ORDER no credit is reserved for order ORD-9\n")
        #expect(again.status == 1)

        let wrong = try run(["C1001", "100"], ["CREDITGATE_SECRET": "not-the-secret"])
        #expect(wrong.output == "STOP: sign-in as till3 refused: ERR AUTH_FAILED wrong user or secret\n")
        #expect(wrong.status == 3)

        let unsigned = try PosScriptTests.check(["C1001", "100"], port: server.port)
        #expect(
            unsigned.output == "STOP: the credit check failed: AUTH_REQUIRED CHECK needs AUTH <user> <secret> first\n")
        #expect(unsigned.status == 1)

        let unused = try UnusedPort()
        let offline = try run(["--release", "ORD-9"], ["CREDITGATE_PORT": "\(unused.port)"])
        #expect(
            offline.output == """
                OFFLINE: server unreachable (127.0.0.1:\(unused.port))
                STOP: order ORD-9 not released; try again when the server answers

                """)
        #expect(offline.status == 2)
    }

    @Test func posClientCLI_SignsIn_Releases_AndTellsARefusedSignInFromUnreachable() throws {
        let (server, secret) = try Self.serverWithTill()
        let till = ["CREDITGATE_PORT": "\(server.port)", "CREDITGATE_USER": "till3", "CREDITGATE_SECRET": secret]
        let checked = try ScriptProcess.run(
            ["python3", PosScriptTests.client, "C1001", "100", "ORD-4"], environment: till)
        #expect(checked.output == "PROCEED: customer C1001 (available 7500.00)\n")
        #expect(checked.status == 0)
        let released = try ScriptProcess.run(
            ["python3", PosScriptTests.client, "--release", "ORD-4"], environment: till)
        #expect(released.output == "RELEASED: order ORD-4\n")
        #expect(released.status == 0)
        let again = try ScriptProcess.run(["python3", PosScriptTests.client, "--release", "ORD-4"], environment: till)
        #expect(again.output == "STOP: order ORD-4 not released: UNKNOWN_ORDER no credit is reserved for order ORD-4\n")
        #expect(again.status == 1)

        let wrong = try ScriptProcess.run(
            ["python3", PosScriptTests.client, "C1001", "100"],
            environment: till.merging(["CREDITGATE_SECRET": "not-the-secret"]) { $1 })
        #expect(wrong.output == "STOP: sign-in as till3 refused: ERR AUTH_FAILED wrong user or secret\n")
        #expect(wrong.status == 3)
    }

    /// A server that accepts connections but never answers: the whole check gives up after
    /// CREDITGATE_TIMEOUT seconds (it took 8 × the timeout, one per reconnect attempt).
    @Test func posClient_TimeoutIsATotalDeadline() throws {
        let (silent, address) = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        defer { Syscall.close(silent) }
        let started = Date()
        let run = try ScriptProcess.run(
            ["python3", PosScriptTests.client, "C1001", "1"],
            environment: ["CREDITGATE_PORT": "\(address.port)", "CREDITGATE_TIMEOUT": "1"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(run.status == 2)
        #expect(run.output == "STOP: server 127.0.0.1:\(address.port) unreachable: timed out\n")
        #expect(elapsed < 2.5, "gave up after \(elapsed) s")
    }

    @Test func posClient_ChecksManyCustomersOverOneConnection_AndSurvivesARestart() throws {
        let server = try ServerProcess(["--demo"])
        let port = server.port
        // A till's loop: one CreditGate, one check per stdin line; prints the reply line and the connections made.
        let driver = """
            import sys
            sys.path.insert(0, sys.argv[1])
            from pos_client import CreditGate
            gate = CreditGate()
            for line in iter(sys.stdin.readline, ""):
                result = gate.check(*line.split())
                print("%s | %s %s | connects=%d" % (result.line, result.status, ",".join(result.reasons), gate.connects), flush=True)
            """
        let till = try ScriptProcess(
            ["python3", "-c", driver, ScriptProcess.repositoryRoot + "/Scripts/pos"],
            environment: ["CREDITGATE_PORT": "\(port)"])
        func check(_ line: String) throws -> String? {
            try till.write(line + "\n")
            return try till.readLine()
        }
        #expect(try check("C1001 100") == "OK C1001 available=7500.00 exposure=2500.00 | OK  | connects=1")
        #expect(
            try check("C1003 100")
                == "HOLD C1003 reasons=OVERDUE available=18800.00 exposure=1200.00 limit=20000.00 amount=100.00 overdue_days=50 oldest=INV-1003-1 | HOLD OVERDUE | connects=1"
        )
        #expect(
            try check("C1002 500")
                == "HOLD C1002 reasons=OVER_LIMIT available=200.00 exposure=4800.00 limit=5000.00 amount=500.00 | HOLD OVER_LIMIT | connects=1"
        )
        #expect(
            try check("C1005 1")
                == "HOLD C1005 reasons=MANUAL available=10000.00 exposure=0.00 limit=10000.00 amount=1.00 block=FRAUD | HOLD MANUAL | connects=1"
        )

        try server.restart(extra: ["--listen", "127.0.0.1:\(port)"])
        #expect(server.port == port)
        #expect(try check("C1001 100") == "OK C1001 available=7500.00 exposure=2500.00 | OK  | connects=2")
        #expect(try check("C9999 1") == "ERR UNKNOWN_CUSTOMER C9999 is not a customer | ERR  | connects=2")
        till.closeInput()
        #expect(try till.wait() == 0)
    }

    @Test func posClientCLI_OneCheck_AndStdin() throws {
        let server = try ServerProcess(["--demo"])
        let environment = ["CREDITGATE_PORT": "\(server.port)"]
        let one = try ScriptProcess.run(
            ["python3", PosScriptTests.client, "C1001", "250.00"], environment: environment)
        #expect(one.output == "PROCEED: customer C1001 (available 7500.00)\n")
        #expect(one.status == 0)
        // A line with an order reserves credit: that needs a signed-in terminal.
        let secret = try server.admin().addUser("till", role: "terminal")
        let signedIn = environment.merging(["CREDITGATE_USER": "till", "CREDITGATE_SECRET": secret]) { $1 }
        let many = try ScriptProcess.run(
            ["python3", PosScriptTests.client, "--stdin"], environment: signedIn,
            stdin: "C1001 1\nC1003 100 ORD-1\n\nC1004 5\n")
        #expect(
            many.output == """
                PROCEED: customer C1001 (available 7500.00)
                STOP: customer C1003 is held: OVERDUE (50 days, invoice INV-1003-1)
                PROCEED: customer C1004 (available 41000.00); warning, strategic customer: OVERDUE (50 days, invoice INV-1004-1)

                """)
        #expect(many.status == 1)
        let unused = try UnusedPort()
        let offline = try ScriptProcess.run(
            ["python3", PosScriptTests.client, "C1001", "1"],
            environment: ["CREDITGATE_PORT": "\(unused.port)", "CREDITGATE_TIMEOUT": "1"])
        #expect(offline.status == 2)
        #expect(offline.output.hasPrefix("STOP: server 127.0.0.1:\(unused.port) unreachable"))
        let bad = try ScriptProcess.run(["python3", PosScriptTests.client, "C1001"], environment: environment)
        #expect(bad.status == 64)
    }
}

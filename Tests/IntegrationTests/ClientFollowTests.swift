import Foundation
import Testing

/// `creditgate --servers` and both POS scripts against a real primary and replica: a server that
/// is down or stale is passed over, a CHECK is answered by the replica, and a change the replica
/// refuses with ERR REPLICA is sent once to the primary it names.
@Suite struct ClientFollowTests {
    /// A primary, its replica (caught up, with customer F1 and a terminal user), a replica of
    /// nobody (stale from the start) and a port nobody listens on.
    final class Servers {
        let pair: ReplicationTests.Pair
        let replica: ServerProcess
        let stale: ServerProcess
        let dead: UnusedPort
        let tillSecret: String

        init() throws {
            pair = try ReplicationTests.Pair()
            try pair.admin.expect("CUSTOMER F1 name=\"Follow\" limit=1000.00 terms=30", startsWith: "OK F1")
            tillSecret = try pair.admin.addUser("till", role: "terminal")
            replica = try pair.startReplica()
            try pair.waitForCatchUp()
            dead = try UnusedPort()
            stale = try ServerProcess(
                ["--replica-of", "127.0.0.1:\(dead.port)", "--replica-user", "rep"],
                adminSecret: nil, environment: ["CREDITGATE_REPLICA_SECRET": "unused"])
        }

        func list(_ servers: ServerProcess?...) -> String {
            servers.map { "127.0.0.1:\($0?.port ?? dead.port)" }.joined(separator: ",")
        }

        /// F1's payments and blocks as the primary has them.
        func primaryStatus() throws -> [String] {
            try pair.clerk(pair.primary).reply("STATUS F1")
        }
    }

    @Test func creditgate_AsksTheFirstLiveServer_AndFollowsERRREPLICA() throws {
        let servers = try Servers()
        let tool = ClientTests()
        let home = try ClientTests.Home()
        let clerk = ["CREDITGATE_SECRET": servers.pair.clerkSecret]
        // Down, then stale: passed over; the replica answers (the primary is not even listed).
        let check = try tool.creditgate(
            ["--servers", servers.list(nil, servers.stale, servers.replica), "check", "F1", "100"],
            home: home)
        #expect(check.output == "OK F1 available=1000.00 exposure=0.00\n")
        #expect(check.status == 0)
        // A change: the replica refuses it and names its primary, where it is made.
        let pay = [
            "--servers", servers.list(nil, servers.replica), "--user", "desk", "pay", "F1", "10.00", "--ref", "P-1",
        ]
        let paid = try tool.creditgate(pay, home: home, environment: clerk)
        #expect(paid.output == "OK F1 ref=P-1 paid=10.00 settled=- unapplied=10.00\n")
        #expect(paid.status == 0)
        // Sent again (the same ref): the primary applies it once.
        #expect(try tool.creditgate(pay, home: home, environment: clerk).output == paid.output)
        let blocked = try tool.creditgate(
            [
                "--servers", servers.list(servers.replica), "--user", "desk", "block", "F1",
                "--reason", "FRAUD", "--note", "follow test",
            ], home: home, environment: clerk)
        #expect(blocked.output == "OK F1 blocked reason=FRAUD exposure=-10.00\n")
        let status = try servers.primaryStatus()
        #expect(status.filter { $0.hasPrefix("payment ") }.count == 1)
        #expect(status.contains { $0.hasPrefix("block reason=FRAUD") })
        // Pipe mode: each line on its own, the read from the replica, the change redirected.
        let piped = try tool.creditgate(
            ["--servers", servers.list(servers.replica), "--user", "desk"], home: home,
            input: "PAY F1 5.00 ref=P-2\nPING\n", environment: clerk)
        #expect(piped.output == "OK F1 ref=P-2 paid=5.00 settled=- unapplied=5.00\nPONG\n")
        #expect(piped.status == 0)
    }

    @Test func creditgate_ImportThroughAReplica_GoesToThePrimary() throws {
        let servers = try Servers()
        let home = try ClientTests.Home()
        let file = home.path + "/invoices.csv"
        try "customer,invoice,amount\nF1,I-1,10.00\nF1,I-2,20.00\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let imported = try ClientTests().creditgate(
            [
                "--servers", servers.list(servers.replica), "--user", "desk", "import",
                "invoices", file,
            ], home: home,
            environment: ["CREDITGATE_SECRET": servers.pair.clerkSecret])
        #expect(
            imported.output == "import invoices rows=2 accepted=2 unchanged=0 skipped=0 rejected=0 customers_created=0"
                + " customers_unchanged=1 customers_rejected=0\n")
        #expect(try servers.primaryStatus().filter { $0.hasPrefix("invoice I-") }.count == 2)
    }

    @Test func creditgate_ServersFromTheConfigFile_AndEveryServerDown() throws {
        let servers = try Servers()
        let tool = ClientTests()
        let home = try ClientTests.Home()
        try home.writeConfig("servers=\(servers.list(nil, servers.replica))\n", mode: 0o600)
        let check = try tool.creditgate(["check", "F1", "2000"], home: home)
        #expect(
            check.output == "HOLD F1 reasons=OVER_LIMIT available=1000.00 exposure=0.00 limit=1000.00 amount=2000.00\n")
        let down = try tool.creditgate(["--servers", servers.list(nil, nil), "ping"], home: home)
        #expect(down.status == 2)
        #expect(down.error.hasPrefix("creditgate: cannot connect to \(servers.list(nil, nil)): "))
        let both = try tool.creditgate(
            ["--servers", servers.list(servers.replica), "--port", "7070", "ping"], home: home)
        #expect(both.status == 64)
        #expect(both.error.hasPrefix("Error: --servers names every server; leave out --host and --port"))
    }

    @Test func posScripts_PassOverDownAndStale_AndFollowTheRedirectForAReservation() throws {
        let servers = try Servers()
        let till = ["CREDITGATE_USER": "till", "CREDITGATE_SECRET": servers.tillSecret, "CREDITGATE_TIMEOUT": "5"]
        for script in [["sh", PosScriptTests.script], ["python3", PosScriptTests.client]] {
            let name = script[1]
            // Unsigned (loopback): the stale replica of nobody is passed over like the dead port.
            let check = try ScriptProcess.run(
                script + ["--servers", servers.list(nil, servers.stale, servers.replica), "F1", "100"])
            #expect(
                check.output == "PROCEED: customer F1, 100.00 (available 1000.00)\n"
                    || check.output == "PROCEED: customer F1 (available 1000.00)\n", "\(name)")
            #expect(check.status == 0, "\(name)")
            // With an order it reserves credit, a change: made on the primary.
            let order = "O-\(script[0])"
            let list = servers.list(nil, servers.replica)
            let reserved = try ScriptProcess.run(script + ["--servers", list, "F1", "100", order], environment: till)
            #expect(reserved.status == 0, "\(name): \(reserved.output)")
            #expect(try servers.primaryStatus().contains { $0.hasPrefix("order \(order) amount=100.00") }, "\(name)")
            let released = try ScriptProcess.run(script + ["--servers", list, "--release", order], environment: till)
            #expect(released.output == "RELEASED: order \(order)\n", "\(name)")
            #expect(try !servers.primaryStatus().contains { $0.hasPrefix("order \(order) ") }, "\(name)")
        }
        // The environment's list, and only stale or dead servers: the offline rule.
        let offline = try ScriptProcess.run(
            ["sh", PosScriptTests.script, "F1", "1"],
            environment: ["CREDITGATE_SERVERS": servers.list(nil, servers.stale)])
        #expect(offline.output.hasPrefix("OFFLINE: every server is stale (this replica has not heard from its primary"))
        #expect(offline.status == 2)
        let python = try ScriptProcess.run(
            ["python3", PosScriptTests.client, "F1", "1"],
            environment: ["CREDITGATE_SERVERS": servers.list(nil, servers.stale)])
        #expect(python.output.hasPrefix("STOP: the credit check failed: STALE this replica has not heard"))
        #expect(python.status == 2)
    }
}

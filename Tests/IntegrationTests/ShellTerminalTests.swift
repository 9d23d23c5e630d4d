import Foundation
import Testing

/// The interactive shell on a real terminal (a pty): the secret asked for without echo, the
/// history file never holding a secret and only readable by its owner, the prompt naming user
/// and server, `--csv`, and signing in again after the server closed an idle connection.
@Suite struct ShellTerminalTests {
    static func shell(
        _ server: ServerProcess, home: ClientTests.Home, _ arguments: [String] = [],
        environment: [String: String] = [:]
    ) throws -> TerminalSession {
        try TerminalSession(
            [ServerProcess.binary("creditgate"), "--port", String(server.port)] + arguments,
            environment: ["HOME": home.path, "PATH": "/usr/bin:/bin", "NO_COLOR": "1"].merging(environment) { $1 })
    }

    @Test func secretIsAskedWithoutEcho_AndNoSecretEverReachesTheHistory() throws {
        let server = try ServerProcess(["--demo"])
        let home = try ClientTests.Home()
        let history = home.path + "/.creditgate_history"
        try "PING\nAUTH admin an-old-secret\n".write(toFile: history, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: history)
        let secret = ServerProcess.adminSecret
        let prompt = "admin@127.0.0.1:\(server.port)> "

        let terminal = try Self.shell(server, home: home, ["--user", "admin"])
        try terminal.expect("Secret for admin@127.0.0.1:\(server.port): ")
        try terminal.type(secret)
        let afterSecret = try terminal.expect(prompt)
        #expect(!afterSecret.contains(secret), "the secret was echoed: \(afterSecret)")
        #expect(try mode(of: history) == 0o600, "an older history file is tightened at once")
        #expect(try String(contentsOfFile: history, encoding: .utf8) == "PING\n", "and loses its AUTH line")

        try terminal.type("user list")
        try terminal.expect("role  admin")
        try terminal.type("AUTH admin \(secret)")
        try terminal.expect("role  admin")
        try terminal.type("raw AUTH admin \(secret)")
        try terminal.expect("role  admin")
        try terminal.type("note C1001 --channel call --note \(secret)")
        try terminal.expect("OK")
        try terminal.type("policy show --csv")
        try terminal.expect("kind,key,value\r\npolicy,class.A.terms,30")
        try terminal.expect(prompt)
        try terminal.type("quit")
        #expect(try terminal.exit().status == 0)

        #expect(try String(contentsOfFile: history, encoding: .utf8) == "PING\nuser list\npolicy show --csv\nquit\n")
        #expect(try mode(of: history) == 0o600)
    }

    @Test func idleClose_TheNextLineConnectsAndSignsInAgain_AsTheLastUserSignedIn() throws {
        let server = try ServerProcess(["--demo", "--idle-timeout", "1"])
        let watcher = try server.admin()
        let secret = try watcher.addUser("dana", role: "clerk")
        let home = try ClientTests.Home()
        let terminal = try Self.shell(
            server, home: home, ["--user", "admin"],
            environment: ["CREDITGATE_SECRET": ServerProcess.adminSecret])
        try terminal.expect("admin@127.0.0.1:\(server.port)> ")
        try terminal.type("user list")
        try terminal.expect("role  admin")
        try terminal.type("AUTH dana \(secret)")
        try terminal.expect("role  clerk")
        let prompt = "dana@127.0.0.1:\(server.port)> "
        try terminal.expect(prompt)

        try ServerProcess.waitUntil("the server closed the shell's idle connection") {
            try watcher.reply("INFO")[1].contains(" connections=1 ")
        }
        try terminal.type("ping")
        try terminal.expect("creditgate: the server had closed the connection; connected again as dana")
        try terminal.expect("PONG")
        try terminal.type("user list")
        try terminal.expect("ERR FORBIDDEN")
        try terminal.type("CHECK C1001 1 order=\(secret)")
        try terminal.expect(prompt)
        try terminal.type("quit")
        #expect(try terminal.exit().status == 0)
        #expect(
            try String(contentsOfFile: home.path + "/.creditgate_history", encoding: .utf8)
                == "user list\nping\nuser list\nquit\n")
    }

    @Test func oneShotCommand_AsksForTheSecretOnATerminal_CtrlCGivesUp() throws {
        let server = try ServerProcess(["--demo"])
        let home = try ClientTests.Home()
        let asked = try Self.shell(server, home: home, ["--user", "admin", "user", "list"])
        try asked.expect("Secret for admin@127.0.0.1:\(server.port): ")
        try asked.type(ServerProcess.adminSecret)
        try asked.expect("role  admin")
        #expect(try asked.exit().status == 0)

        let abandoned = try Self.shell(server, home: home, ["--user", "admin", "ping"])
        try abandoned.expect("Secret for admin@127.0.0.1:\(server.port): ")
        try abandoned.type("\u{03}")
        try abandoned.expect("no secret for user 'admin'")
        #expect(try abandoned.exit().status == 78)
    }

    @Test func withoutATerminal_NoSecretIsAskedFor() throws {
        let server = try ServerProcess(["--demo"])
        let home = try ClientTests.Home()
        let run = try ClientTests().creditgate(
            ["--port", String(server.port), "--user", "admin"], home: home, input: "PING\n")
        #expect(run.status == 78)
        #expect(
            run.error
                == "creditgate: no secret for user 'admin': set CREDITGATE_SECRET or secret= in ~/.creditgate (mode 0600)\n"
        )
    }

    private func mode(of path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

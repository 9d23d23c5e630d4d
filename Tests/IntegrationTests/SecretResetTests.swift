import CreditProtocol
import Foundation
import Testing

/// USER SECRET on a running server, and `creditgated --reset-admin` on a stopped one's folder.
@Suite struct SecretResetTests {
    @Test func userSecret_ReplacesTheSecret_SignsOutTheOldSessions_AndSurvivesACrash() throws {
        let server = try ServerProcess(["--demo"])
        let admin = try server.admin()
        let first = try admin.addUser("carla", role: "clerk")
        let carla = try server.connect()
        try carla.expect("AUTH carla \(first)", "OK carla role=clerk")
        try carla.expect("NOTE C1001 channel=call note=\"before\"", startsWith: "OK C1001 ")

        let reply = try admin.request("USER SECRET carla")
        let second = try #require(ReplyWord.value("secret", in: reply))
        #expect(reply == "OK carla secret=\(second)" && second != first && second.count == 24)
        try carla.expect(
            "NOTE C1001 channel=call note=\"after\"", "ERR AUTH_REQUIRED NOTE needs AUTH <user> <secret> first")
        try server.connect().expect("AUTH carla \(first)", "ERR AUTH_FAILED wrong user or secret")
        try server.connect().expect("AUTH carla \(second)", "OK carla role=clerk")
        try admin.expect("USER SECRET nobody", "ERR UNKNOWN_USER no user nobody")
        #expect(
            try admin.reply("AUDIT limit=1").last?.hasSuffix(" by=admin action=USER_SECRET user=carla role=clerk")
                == true)

        // An admin renewing their own secret stays signed in on this connection.
        let own = try #require(ReplyWord.value("secret", in: try admin.request("USER SECRET admin")))
        try admin.expect("USER LIST", startsWith: "OK *2 users")

        try server.restart()
        try server.connect().expect("AUTH carla \(second)", "OK carla role=clerk")
        try server.connect().expect("AUTH admin \(own)", "OK admin role=admin")
        try server.connect().expect("AUTH admin \(ServerProcess.adminSecret)", startsWith: "ERR AUTH_FAILED ")
    }

    @Test func resetAdmin_NeedsTheServerStopped_WritesTheSecretToAFile_NeverToTheTerminal() throws {
        let server = try ServerProcess(["--demo"])
        try server.admin().expect("PAY C1003 10 ref=RA-1", startsWith: "OK C1003 ")
        let creditgated = ServerProcess.binary("creditgated")

        let refused = try ScriptProcess.run([creditgated, "--reset-admin", "--data", server.dataDirectory])
        #expect(refused.status == 1)
        #expect(refused.output.isEmpty)

        server.stop()
        let reset = try ScriptProcess.run([creditgated, "--reset-admin", "--data", server.dataDirectory])
        let file = server.dataDirectory + "/admin.secret"
        #expect(reset.status == 0)
        #expect(
            reset.output
                == "the secret of admin is reset; the new one is in \(file) (mode 0600): read it, keep it safe, then delete the file\n"
        )
        let secret = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.count == 24 && !reset.output.contains(secret))
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        try server.start()
        try server.connect().expect("AUTH admin \(ServerProcess.adminSecret)", startsWith: "ERR AUTH_FAILED ")
        let admin = try server.connect()
        try admin.expect("AUTH admin \(secret)", "OK admin role=admin")
        #expect(try admin.reply("HISTORY C1003 limit=1").last?.hasSuffix(" action=PAY ref=RA-1 amount=10.00") == true)
        let status = try admin.reply("STATUS C1003")
        #expect(status.contains { $0.contains(" open=1190.00 ") }, "the books are as they were: \(status)")

        let nowhere = try ScriptProcess.run([creditgated, "--reset-admin", "--data", server.directory + "/nowhere"])
        #expect(nowhere.status == 1)
        #expect(!FileManager.default.fileExists(atPath: server.directory + "/nowhere"))
    }
}

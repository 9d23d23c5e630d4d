import CreditNet
import Foundation
import Testing

/// The TLS recipe of `Scripts/tls/` run as written: certificates from `make-certs.sh`, the
/// example stunnel files with only addresses and paths changed, the real `stunnel` on both
/// sides, and the real server and client through them.
@Suite struct TLSTests {
    static let stunnel = "/usr/bin/stunnel"
    static let scripts = ScriptProcess.repositoryRoot + "/Scripts/tls"

    static func freePort() throws -> UInt16 {
        let (fd, address) = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        Syscall.close(fd)
        return address.port
    }

    /// An example file with `replacements` made, written to `path`.
    static func configure(
        _ example: String, _ replacements: [(String, String)], dropping: [String] = [], to path: String
    ) throws {
        var text = try String(contentsOfFile: scripts + "/" + example, encoding: .utf8)
        for (old, new) in replacements {
            #expect(text.contains(old), "\(example) has \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        text = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in !dropping.contains { line.hasPrefix($0) } }.joined(separator: "\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Both stunnels of the recipe around `server`; the client side's port is where the
    /// terminals connect.
    final class Tunnel {
        let clientPort: UInt16
        let serverPort: UInt16
        private let processes: [ScriptProcess]

        init(to server: ServerProcess, certificates: String, clientCA: String) throws {
            serverPort = try TLSTests.freePort()
            clientPort = try TLSTests.freePort()
            let folder = server.directory
            // As root in a test the files are root's: the recipe's drop to the stunnel4 user is left out.
            try TLSTests.configure(
                "stunnel-server.conf",
                [
                    ("0.0.0.0:7443", "127.0.0.1:\(serverPort)"), ("127.0.0.1:7070", "127.0.0.1:\(server.port)"),
                    ("/etc/creditgate/tls", certificates),
                ], dropping: ["setuid", "setgid"], to: folder + "/stunnel-server.conf")
            try TLSTests.configure(
                "stunnel-client.conf",
                [
                    ("127.0.0.1:7070", "127.0.0.1:\(clientPort)"),
                    ("creditgate.example:7443", "127.0.0.1:\(serverPort)"),
                    ("/etc/creditgate/tls/ca.pem", clientCA),
                    ("checkHost = creditgate.example", "checkHost = creditgate.test"),
                ], to: folder + "/stunnel-client.conf")
            processes = [
                try ScriptProcess([TLSTests.stunnel, folder + "/stunnel-server.conf"]),
                try ScriptProcess([TLSTests.stunnel, folder + "/stunnel-client.conf"]),
            ]
            for port in [serverPort, clientPort] {
                try ServerProcess.waitUntil("stunnel listens on \(port)") {
                    guard
                        let fd = try? Socket.connect(
                            to: SocketAddress(host: "127.0.0.1", port: port), timeout: .seconds(1))
                    else { return false }
                    Syscall.close(fd)
                    return true
                }
            }
        }
    }

    static func certificates(in folder: String, name: String = "creditgate.test") throws -> String {
        let directory = folder + "/tls-\(name)"
        let made = try ScriptProcess.run(["sh", scripts + "/make-certs.sh", directory, name, "127.0.0.1"])
        #expect(made.status == 0, "make-certs.sh: \(made.output)")
        return directory
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: stunnel),
            "stunnel is not installed (Debian package stunnel4; .ci/run installs it)"))
    func terminalAndClient_ThroughTheRecipe_SignInAndCheck() throws {
        let server = try ServerProcess(["--demo", "--open-check", "none"])
        let certificates = try Self.certificates(in: server.directory)
        let tunnel = try Tunnel(to: server, certificates: certificates, clientCA: certificates + "/ca.pem")
        let admin = try server.admin()
        let secret = try admin.addUser("till1", role: "terminal")

        // Behind stunnel every connection comes from loopback: --open-check none keeps CHECK signed.
        let till = try TestClient(port: tunnel.clientPort)
        try till.expect("CHECK C1001 100", "ERR AUTH_REQUIRED CHECK needs AUTH <user> <secret> first")
        try till.expect("AUTH till1 \(secret)", "OK till1 role=terminal")
        try till.expect("CHECK C1001 100", "OK C1001 available=7500.00 exposure=2500.00")
        try till.expect(
            "CHECK C1005",
            "HOLD C1005 reasons=MANUAL available=10000.00 exposure=0.00 limit=10000.00 amount=0.00 block=FRAUD")

        let cli = try ScriptProcess.run(
            [
                ServerProcess.binary("creditgate"), "--port", String(tunnel.clientPort),
                "--user", "till1", "check", "C1002", "500",
            ],
            environment: ["CREDITGATE_SECRET": String(secret), "HOME": server.directory])
        #expect(cli.status == 1)
        #expect(
            cli.output
                == "HOLD C1002 reasons=OVER_LIMIT available=200.00 exposure=4800.00 limit=5000.00 amount=500.00\n")
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: stunnel),
            "stunnel is not installed (Debian package stunnel4; .ci/run installs it)"))
    func plainTextToTheTLSPort_AndAClientTrustingAnotherCA_GetNoAnswer() throws {
        let server = try ServerProcess(["--demo", "--open-check", "none"])
        let certificates = try Self.certificates(in: server.directory)
        let stranger = try Self.certificates(in: server.directory, name: "creditgate.other")
        let tunnel = try Tunnel(to: server, certificates: certificates, clientCA: stranger + "/ca.pem")

        let plain = try TestClient(port: tunnel.serverPort)
        try plain.send("CHECK C1001 1")
        #expect(plain.waitUntilClosed(within: 10), "TLS port closes a plain-text client")

        let misled = try TestClient(port: tunnel.clientPort)
        try misled.send("CHECK C1001 1")
        #expect(misled.waitUntilClosed(within: 10), "a server certificate from another CA is refused")
        let info = try server.admin().reply("INFO")
        #expect(info[1].contains(" connections=1 accepted=1 "), "only this admin reached the server: \(info[1])")
    }
}

import CreditNet
import Foundation
import Testing

/// The data folder on the real binary: one server per folder (its lock), who may write it, the
/// generated first admin secret, and start-up errors that name what to change and leave nothing.
@Suite struct DataFolderTests {
    static func cannotStart(_ message: String) -> String {
        "creditgated: cannot start: \(message)\n"
    }

    /// A second server on the same `--data` exits 1 naming the folder and the holder's pid; the
    /// first goes on, and once it is SIGKILLed (the kernel drops the lock) a restart takes over.
    @Test func secondServerOnTheSameFolder_ExitsNamingTheFolderAndTheHolder() throws {
        let server = try ServerProcess(["--snapshot-every", "0"])
        defer { server.stop(signal: SIGKILL) }
        try server.admin().expect("CUSTOMER C1 limit=1000", "OK C1 created")
        let lock = server.dataDirectory + "/creditgated.lock"
        let pid = server.process.processIdentifier
        #expect(try String(contentsOfFile: lock, encoding: .utf8) == "\(pid)\n")

        let (status, output) = try ServerProcess.runToExit(dataDirectory: server.dataDirectory)
        #expect(status == 1)
        #expect(
            output
                == DataFolderTests.cannotStart(
                    """
                    the data folder \(server.dataDirectory) is in use by another creditgated (pid \(pid), holding \(lock)): \
                    one server per data folder. Stop that one, or give this one another --data.
                    """))
        try server.admin().expect("CUSTOMER C2 limit=500", "OK C2 created")

        try server.restart()
        #expect(try String(contentsOfFile: lock, encoding: .utf8) == "\(server.process.processIdentifier)\n")
        let client = try server.connect()
        try client.expect("CHECK C1", "OK C1 available=1000.00 exposure=0.00")
        try client.expect("CHECK C2", "OK C2 available=500.00 exposure=0.00")
    }

    /// A new folder is created 0700; one its group or others may write is refused, naming the
    /// path and the `chmod`, and starts again as it was once fixed.
    @Test func folderWritableByOthers_IsRefused_WithTheChmodThatFixesIt() throws {
        let server = try ServerProcess()
        defer { server.stop(signal: SIGKILL) }
        try server.admin().expect("CUSTOMER C1 limit=1000", "OK C1 created")
        #expect(try DataFolderTests.permissions(server.dataDirectory) == 0o700)
        server.stop(signal: SIGKILL)

        for (mode, who) in [(0o770, "its group"), (0o707, "others"), (0o777, "others")] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: server.dataDirectory)
            let (status, output) = try ServerProcess.runToExit(dataDirectory: server.dataDirectory)
            #expect(status == 1)
            #expect(
                output
                    == DataFolderTests.cannotStart(
                        """
                        the data folder \(server.dataDirectory) is writable by \(who) (mode \(String(mode, radix: 8))): whoever \
                        can write there can replace the journal. Fix it with `chmod 700 \(server.dataDirectory)` and start again.
                        """))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: server.dataDirectory)
        try server.start()
        try server.connect().expect("CHECK C1", "OK C1 available=1000.00 exposure=0.00")
    }

    /// Without `$CREDITGATE_ADMIN_SECRET` the generated secret goes to `admin.secret` (0600);
    /// the log names the file, never the secret; a restart generates nothing.
    @Test func generatedAdminSecret_IsWrittenToA0600File_NeverLogged() throws {
        let server = try ServerProcess(adminSecret: nil)
        defer { server.stop(signal: SIGKILL) }
        let path = server.dataDirectory + "/admin.secret"
        let file = try String(contentsOfFile: path, encoding: .utf8)
        let secret = String(file.dropLast())
        #expect(file.hasSuffix("\n") && secret.count == 24)
        #expect(try DataFolderTests.permissions(path) == 0o600)
        let log = server.newLog()
        #expect(
            log.contains(
                """
                info: created user 'admin'; its secret is in \(path) (mode 0600): read it, keep it safe, then delete the file
                """), "\(log)")
        #expect(!log.contains(secret))
        try server.connect().expect("AUTH admin \(secret)", "OK admin role=admin")

        try FileManager.default.removeItem(atPath: path)
        try server.restart()
        #expect(!server.newLog().contains("created user"))
        #expect(!FileManager.default.fileExists(atPath: path))
        try server.connect().expect("AUTH admin \(secret)", "OK admin role=admin")
    }

    /// `$CREDITGATE_ADMIN_SECRET` shorter than 16 characters stops start-up before anything is made.
    @Test func shortAdminSecretFromTheEnvironment_IsRefused() throws {
        let folder = try DataFolderTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = try ServerProcess.runToExit(
            dataDirectory: folder + "/data", adminSecret: "fifteen-chars-x")
        #expect(status == 64)
        #expect(
            output.hasPrefix(
                """
                Error: CREDITGATE_ADMIN_SECRET has 15 characters; it needs at least 16 (or unset it, and a secret is \
                generated into the data folder's admin.secret)\n
                """), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/data"))
    }

    /// An address in use names the address and `--listen`; a folder that cannot be made names it
    /// and `--data`. Neither leaves a data folder behind.
    @Test func startUpErrors_NameWhatToChange_AndLeaveNothingBehind() throws {
        let folder = try DataFolderTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (fd, taken) = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        defer { Syscall.close(fd) }
        let data = folder + "/data"
        let busy = try ServerProcess.runToExit(dataDirectory: data, arguments: ["--listen", "\(taken)"])
        #expect(busy.status == 1)
        #expect(
            busy.output.hasSuffix(
                DataFolderTests.cannotStart(
                    """
                    cannot listen on \(taken): bind: Address already in use (errno 98). Stop what uses it, or choose another \
                    address with --listen.
                    """)), "\(busy.output)")
        #expect(!FileManager.default.fileExists(atPath: data), "a failed start leaves no data folder")

        try Data().write(to: URL(fileURLWithPath: folder + "/file"))
        let unmakeable = folder + "/file/data"
        let refused = try ServerProcess.runToExit(dataDirectory: unmakeable)
        #expect(refused.status == 1)
        #expect(
            refused.output
                == DataFolderTests.cannotStart(
                    """
                    cannot use the data folder \(unmakeable): stat: Not a directory (errno 20); choose another with --data
                    """))
    }

    static func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "creditgate-test-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}

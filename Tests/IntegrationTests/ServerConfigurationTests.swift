import CreditProtocol
import Foundation
import Testing

/// `creditgated --config <file>` and `--check-config` on the real binary: the file's settings
/// apply, the command line wins, a bad line is named and nothing starts, and the example file
/// in Scripts/systemd is valid and names every option.
@Suite struct ServerConfigurationTests {
    static let example = ScriptProcess.repositoryRoot + "/Scripts/systemd/creditgated.conf"

    static func creditgated(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ScriptProcess.run([ServerProcess.binary("creditgated")] + arguments)
    }

    @Test func checkConfig_PrintsTheSettingsInEffect_TheCommandLineWinning() throws {
        let folder = try TemporaryFolder()
        let file = try folder.file(
            """
            # a comment
            listen = 127.0.0.1:1
            fsync = always      # a comment after a value
            idle-timeout=7
            demo = yes
            data = "/srv/credit # gate"

            """)
        let run = try Self.creditgated([
            "--config", file, "--fsync", "everysec", "--listen=0.0.0.0:7071", "--check-config",
        ])
        #expect(run.status == 0)
        #expect(
            run.output == """
                # creditgated \(CreditGateVersion.current): the settings in effect (\(file), then the command line)
                listen = 0.0.0.0:7071
                data = "/srv/credit # gate"
                demo = yes
                fsync = everysec
                snapshot-every = 3600
                snapshot-records = 1000000
                snapshots-kept = 3
                max-connections = 1024
                idle-timeout = 7
                output-limit = 8388608
                open-check = loopback
                timezone = UTC
                metrics = off
                log-format = text
                replica-of = off
                replica-user = off
                max-lag = 30
                replica-timeout = 10
                replica-backlog = 67108864
                sync-replicas = 0
                sync-timeout = 5
                start-fenced = no
                test-clock = no

                """)
        let again = try Self.creditgated(["--config", try folder.file(run.output), "--check-config"])
        #expect(
            again.output.split(separator: "\n").dropFirst() == run.output.split(separator: "\n").dropFirst(),
            "the output reads back as a file")
    }

    @Test func server_TakesTheFilesSettings_TheCommandLineWinning() throws {
        let folder = try TemporaryFolder()
        // listen from the file would fail (port 1 is not ours): the test's --listen 127.0.0.1:0 must win.
        let file = try folder.file("listen = 127.0.0.1:1\nopen-check = none\ndemo = yes\n")
        let server = try ServerProcess(["--config", file])
        let unsigned = try server.connect()
        try unsigned.expect("CHECK C1001 100", "ERR AUTH_REQUIRED CHECK needs AUTH <user> <secret> first")
        try server.admin().expect("CHECK C1001 100", "OK C1001 available=7500.00 exposure=2500.00")
    }

    @Test(arguments: [
        ("fsnyc = batch\n", "1: unknown setting 'fsnyc'; settings: "),
        ("# fine\nfsync = sometimes\n", "2: fsync must be always, batch or everysec"),
        ("fsync = batch\nfsync = always\n", "2: fsync is set twice (first on line 1)"),
        ("demo\n", "1: expected 'key = value', got 'demo'"),
        ("demo = maybe\n", "1: demo must be yes or no"),
        ("listen =\n", "1: listen needs a value"),
        ("config = /etc/other.conf\n", "1: unknown setting 'config'; settings: "),
    ])
    func badFile_NamesTheLine_Exits78_AndStartsNothing(text: String, message: String) throws {
        let folder = try TemporaryFolder()
        let file = try folder.file(text)
        let checked = try ServerProcess.runToExit(
            dataDirectory: folder.path + "/data", arguments: ["--config", file, "--check-config"])
        #expect(checked.status == 78)
        #expect(checked.output.hasPrefix("creditgated: \(file):\(message)"), "\(checked.output)")
        #expect(checked.output.hasSuffix("\n") && checked.output.split(separator: "\n").count == 1)

        let started = try ServerProcess.runToExit(dataDirectory: folder.path + "/data", arguments: ["--config", file])
        #expect(started.status == 78)
        #expect(started.output == checked.output)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/data"), "no data folder for a refused start")
    }

    @Test func missingFile_IsNamed() throws {
        let folder = try TemporaryFolder()
        let run = try ServerProcess.runToExit(
            dataDirectory: folder.path + "/data", arguments: ["--config", "/nonexistent/creditgated.conf"])
        #expect(run.status == 78)
        #expect(
            run.output
                == "creditgated: cannot read the configuration file /nonexistent/creditgated.conf: open: No such file or directory (errno 2)\n"
        )
    }

    /// An ACK means "on the replica's disk": --fsync everysec, where it would mean only "written",
    /// goes neither with --sync-replicas nor on a replica; nothing starts.
    @Test(arguments: [
        (["--sync-replicas", "1"], "--sync-replicas"),
        (["--replica-of", "127.0.0.1:1", "--replica-user", "rep"], "--replica-of"),
    ])
    func fsyncEverysec_IsRefused_WithSyncReplicasAndOnAReplica(extra: [String], option: String) throws {
        let folder = try TemporaryFolder()
        let run = try ServerProcess.runToExit(
            dataDirectory: folder.path + "/data", arguments: ["--fsync", "everysec"] + extra)
        #expect(run.status == 64)
        #expect(
            run.output.hasPrefix(
                """
                Error: --fsync everysec cannot go with \(option): an ACK means the records are on the replica's disk, \
                and under everysec they may not be yet (use batch or always)
                Usage: creditgated
                """), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/data"), "no data folder for a refused start")
    }

    @Test func exampleFile_IsValid_AndSetsEveryOption() throws {
        let checked = try Self.creditgated(["--config", Self.example, "--check-config"])
        #expect(checked.status == 0)
        #expect(checked.output.contains("\ndata = /var/lib/creditgate\n"))
        let text = try String(contentsOfFile: Self.example, encoding: .utf8)
        let help = try Self.creditgated(["--help"]).output
        let options = help.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  --") else { return nil }
            return String(line.dropFirst(4).prefix { $0 != " " })
        }.filter { !["config", "check-config", "version", "verify", "force", "reset-admin"].contains($0) }
        #expect(options.count >= 13)
        for option in options {
            #expect(text.contains("\n\(option) = "), "the example does not set \(option)")
        }
    }
}

extension TemporaryFolder {
    /// A configuration file of `text` in this folder, under a fresh name.
    func file(_ text: String) throws -> String {
        let file = path + "/creditgated-\(UUID().uuidString).conf"
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }
}

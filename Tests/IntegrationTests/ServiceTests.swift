import Foundation
import Glibc
import Testing

/// Running as a systemd service, with a test socket standing in for systemd: READY=1 once the
/// port answers, WATCHDOG=1 from the loop, STOPPING=1 on SIGTERM (to a socket path and to an
/// abstract name); the admin's first secret from a credential; log lines as JSON or with
/// journald priorities; and the unit file through `systemd-analyze verify` where it exists.
@Suite struct ServiceTests {
    /// A datagram socket standing in for systemd's: prints "bound", then each datagram as a
    /// JSON string on its own line.
    static let listenerSource = #"""
        import json, socket, sys
        name = sys.argv[1]
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.bind("\0" + name[1:] if name.startswith("@") else name)
        print("bound", flush=True)
        while True:
            print(json.dumps(listener.recv(4096).decode()), flush=True)
        """#

    /// A temp folder removed at the end.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creditgate-svc-\(UUID().uuidString)")
            .path

        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Starts creditgated on port 0 in `folder` and waits for its "listening on" log line.
    static func daemon(_ folder: Folder, _ arguments: [String] = [], environment: [String: String]) throws
        -> (process: ScriptProcess, port: UInt16)
    {
        let process = try ScriptProcess(
            [ServerProcess.binary("creditgated"), "--listen", "127.0.0.1:0", "--data", folder.path + "/data"]
                + arguments,
            environment: ["CREDITGATE_ADMIN_SECRET": "", "JOURNAL_STREAM": ""].merging(environment) { $1 })
        var port: UInt16?
        try ServerProcess.waitUntil("creditgated listens") {
            let log = process.errorText()
            guard let range = log.range(of: "listening on 127.0.0.1:") else { return false }
            port = UInt16(log[range.upperBound...].prefix { $0.isNumber })
            return true
        }
        return (process, try #require(port))
    }

    /// The next datagram the stand-in received.
    static func datagram(_ listener: ScriptProcess) throws -> String {
        guard let line = try listener.readLine(within: 10),
            let text = try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed) as? String
        else { throw TestFailure("no datagram; listener stderr: \(listener.errorText())") }
        return text
    }

    @Test(arguments: ["path", "abstract"])
    func sdNotify_ReadyWhenListening_WatchdogFromTheLoop_StoppingOnSIGTERM(kind: String) throws {
        let folder = try Folder()
        let socket = kind == "path" ? folder.path + "/notify" : "@creditgate-test-\(UUID().uuidString)"
        let listener = try ScriptProcess(["python3", "-c", Self.listenerSource, socket])
        #expect(try listener.readLine(within: 10) == "bound")

        let (server, port) = try Self.daemon(
            folder, environment: ["NOTIFY_SOCKET": socket, "WATCHDOG_USEC": "2000000"])
        #expect(try Self.datagram(listener) == "READY=1\nSTATUS=listening on 127.0.0.1:\(port)")
        #expect(try TestClient(port: port).request("PING") == "PONG", "ready means terminals can connect")
        #expect(try Self.datagram(listener) == "WATCHDOG=1")
        #expect(try Self.datagram(listener) == "WATCHDOG=1", "again, half WATCHDOG_USEC later")

        kill(server.process.processIdentifier, SIGTERM)
        var next = try Self.datagram(listener)
        while next == "WATCHDOG=1" { next = try Self.datagram(listener) }
        #expect(next == "STOPPING=1\nSTATUS=finishing requests in flight, then stopping")
        #expect(try server.wait(within: 20) == 0)
    }

    @Test func adminSecret_FromASystemdCredential_IsNeverPrinted() throws {
        let folder = try Folder()
        let credentials = folder.path + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try "cred-secret-4711\n".write(toFile: credentials + "/admin-secret", atomically: false, encoding: .utf8)
        let (server, port) = try Self.daemon(folder, environment: ["CREDENTIALS_DIRECTORY": credentials])
        try TestClient(port: port).expect("AUTH admin cred-secret-4711", "OK admin role=admin")
        kill(server.process.processIdentifier, SIGTERM)
        #expect(try server.wait(within: 20) == 0)
        var printed: [String] = []
        while let line = try server.readLine(within: 5) { printed.append(line) }
        #expect(!(printed.joined() + server.errorText()).contains("cred-secret-4711"))
    }

    @Test func logFormat_JSONObjects_OrJournaldPriorities() throws {
        let folder = try Folder()
        let (json, _) = try Self.daemon(folder, ["--log-format", "json"], environment: [:])
        kill(json.process.processIdentifier, SIGTERM)
        #expect(try json.wait(within: 20) == 0)
        let lines = json.errorText().split(separator: "\n")
        #expect(lines.count >= 3)
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], "\(line)")
            #expect(Set(object.keys) == ["time", "level", "message"], "\(line)")
            #expect(object["level"] == "info" && object["time"]?.hasSuffix("Z") == true, "\(line)")
        }
        #expect(lines.last?.hasSuffix(#"Z","level":"info","message":"stopped"}"#) == true, "\(lines)")

        // JOURNAL_STREAM names the journal's socket; here stderr is a file, named the same way.
        let folder2 = try Folder()
        let journal = try ScriptProcess([
            "sh", "-c", #"JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec "$@""#, "sh",
            ServerProcess.binary("creditgated"), "--listen", "127.0.0.1:0", "--data", folder2.path + "/data",
        ])
        try ServerProcess.waitUntil("creditgated listens") { journal.errorText().contains("listening on") }
        kill(journal.process.processIdentifier, SIGTERM)
        #expect(try journal.wait(within: 20) == 0)
        let journalLines = journal.errorText().split(separator: "\n")
        #expect(journalLines.contains { $0.hasPrefix("<6>info: listening on 127.0.0.1:") })
        #expect(
            journalLines.allSatisfy {
                $0.hasPrefix("<6>info: ") || $0.hasPrefix("<4>warning: ") || $0.hasPrefix("<3>error: ")
            },
            "\(journalLines)")

        let (elsewhere, _) = try Self.daemon(try Folder(), environment: ["JOURNAL_STREAM": "8:12345"])
        kill(elsewhere.process.processIdentifier, SIGTERM)
        #expect(try elsewhere.wait(within: 20) == 0)
        #expect(
            elsewhere.errorText().split(separator: "\n").allSatisfy { $0.contains("Z creditgated ") },
            "stderr is not the journal named: plain text lines")
    }

    static let hasSystemdAnalyze =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")
        || FileManager.default.isExecutableFile(atPath: "/bin/systemd-analyze")

    @Test(.enabled(if: hasSystemdAnalyze, "systemd-analyze is not installed: the unit file is not verified"))
    func unitFile_PassesSystemdAnalyzeVerify() throws {
        let folder = try Folder()
        let unit = try String(
            contentsOfFile: ScriptProcess.repositoryRoot + "/Scripts/systemd/creditgated.service", encoding: .utf8)
        #expect(
            unit.contains("\nType=notify\n") && unit.contains("\nDynamicUser=yes\n")
                && unit.contains("\nProtectSystem=strict\n"))
        #expect(
            unit.contains("\nStateDirectory=creditgate\n") && unit.contains("\nNoNewPrivileges=yes\n")
                && unit.contains("\nWatchdogSec="))
        // verify checks that ExecStart's program exists: point it at the one just built.
        let local = folder.path + "/creditgated.service"
        try unit.replacingOccurrences(of: "/usr/local/bin/creditgated", with: ServerProcess.binary("creditgated"))
            .write(toFile: local, atomically: false, encoding: .utf8)
        let run = try ScriptProcess.run(["sh", "-c", "systemd-analyze verify --man=no \"$1\" 2>&1", "verify", local])
        #expect(run.output == "", "systemd-analyze verify complained")
        #expect(run.status == 0)
    }
}

import CreditNet
import Foundation
import Testing

/// The real `creditgated` binary, started on a free port in a fresh temp
/// folder; stopped (SIGKILL if need be) and its folder removed on deinit.
public final class ServerProcess {
    public static let adminSecret = "admin-secret-for-tests"

    public let directory: String
    public let dataDirectory: String
    public private(set) var process: Process
    public private(set) var port: UInt16 = 0
    private let arguments: [String]
    private let ownsDirectory: Bool
    /// `$CREDITGATE_ADMIN_SECRET` for the server; nil to let it generate one.
    private let adminSecret: String?
    /// RLIMIT_NOFILE for the server (set by a `ulimit -n` shell that then execs it), or nil.
    private let descriptorLimit: Int?
    /// Added to the server's environment (e.g. `$CREDITGATE_REPLICA_SECRET`), from the next start.
    public var environment: [String: String]
    private var logOffset: UInt64 = 0

    /// Our binaries, built by `swift build` beside the test bundle.
    public static func binary(_ name: String) -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return beside.appendingPathComponent(name).path
    }

    /// Starts the server; `arguments` are added after `--listen` and `--data`.
    public init(
        _ arguments: [String] = [], directory: String? = nil, adminSecret: String? = ServerProcess.adminSecret,
        descriptorLimit: Int? = nil, environment: [String: String] = [:]
    ) throws {
        self.descriptorLimit = descriptorLimit
        self.environment = environment
        let folder =
            directory
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("creditgate-test-\(UUID().uuidString)").path
        ownsDirectory = directory == nil
        self.directory = folder
        dataDirectory = folder + "/data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.arguments = arguments
        self.adminSecret = adminSecret
        process = Process()
        try start()
    }

    deinit {
        stop(signal: SIGKILL)
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    public var logPath: String { directory + "/server.log" }

    /// Launches the binary and waits (with a deadline) for its "listening on" line.
    public func start(extra: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary("creditgated"))
        process.arguments = ["--listen", "127.0.0.1:0", "--data", dataDirectory] + arguments + extra
        if let descriptorLimit {
            // The shell lowers its limit and becomes the server (exec): the pid stays the server's.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", ServerProcess.binary("creditgated")]
                + process.arguments!
        }
        process.environment = ServerProcess.environment(adminSecret: adminSecret).merging(environment) { $1 }
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        logOffset = log.offsetInFile
        process.standardError = log
        process.standardOutput = log
        try process.run()
        self.process = process
        port = try waitForPort()
    }

    private func waitForPort() throws -> UInt16 {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = newLog()
            if let range = text.range(of: "listening on 127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = UInt16(digits) { return port }
            }
            if !process.isRunning {
                throw TestFailure("creditgated exited with \(process.terminationStatus): \(newLog())")
            }
            usleep(5_000)
        }
        throw TestFailure("creditgated did not start listening within 30 s: \(newLog())")
    }

    /// The log written since the last start.
    public func newLog() -> String {
        guard let data = FileManager.default.contents(atPath: logPath), data.count >= Int(logOffset) else { return "" }
        return String(decoding: data[Int(logOffset)...], as: UTF8.self)
    }

    /// Sends `signal` and waits for the process to exit; returns its status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    public func restart(extra: [String] = []) throws {
        stop(signal: SIGKILL)
        try start(extra: extra)
    }

    /// Runs the binary on `dataDirectory` expecting it to stop by itself (a refused start-up);
    /// returns its exit status and everything it wrote. Fails if it is still running after
    /// `seconds`.
    public static func runToExit(
        dataDirectory: String, arguments: [String] = [], adminSecret: String? = adminSecret,
        seconds: Double = 20
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary("creditgated"))
        process.arguments = ["--listen", "127.0.0.1:0", "--data", dataDirectory] + arguments
        process.environment = environment(adminSecret: adminSecret)
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "creditgated-run-\(UUID().uuidString).log"
        ).path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        process.standardError = log
        process.standardOutput = log
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestFailure("creditgated still ran after \(seconds) s; it was expected to refuse to start")
        }
        process.waitUntilExit()
        let output = String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, output)
    }

    public static func environment(adminSecret: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["CREDITGATE_ADMIN_SECRET"] = adminSecret
        return environment
    }

    /// Polls `condition` every few milliseconds until it holds or `seconds` pass.
    public static func waitUntil(_ what: String, seconds: Double = 10, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            guard Date() < deadline else { throw TestFailure("timed out after \(seconds) s waiting until \(what)") }
            usleep(2_000)
        }
    }

    /// `source` is the local address to connect from, e.g. "127.0.0.2" (any when nil).
    public func connect(from source: String? = nil) throws -> TestClient {
        try TestClient(port: port, from: source)
    }

    /// The server's resident memory (VmRSS), in KiB.
    public func residentKilobytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ")[1])
        else {
            throw TestFailure("no VmRSS in /proc/\(process.processIdentifier)/status")
        }
        return kilobytes
    }

    /// The CPU time the server has used, user and system, in seconds (`/proc/<pid>/stat`).
    public func cpuSeconds() throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
        // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw TestFailure("cannot read the CPU times in /proc/\(process.processIdentifier)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A server started with `--test-clock`, its clock pinned at `instant` by the admin, who is
    /// returned signed in.
    public static func pinned(at instant: String, _ arguments: [String] = []) throws -> (ServerProcess, TestClient) {
        let server = try ServerProcess(["--test-clock"] + arguments)
        let admin = try server.admin()
        try admin.expect("CLOCK SET \(instant)", "OK clock=\(instant) today=\(instant.prefix(10))")
        return (server, admin)
    }

    /// A connection signed in as the test admin.
    public func admin() throws -> TestClient {
        let client = try connect()
        try client.expect("AUTH admin \(ServerProcess.adminSecret)", "OK admin role=admin")
        return client
    }

    /// Adds a user with `role` and returns a connection signed in as them.
    public func user(_ name: String, role: String, via admin: TestClient) throws -> TestClient {
        let secret = try admin.addUser(name, role: role)
        let client = try connect()
        try client.expect("AUTH \(name) \(secret)", "OK \(name) role=\(role)")
        return client
    }
}

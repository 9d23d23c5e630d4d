import Foundation
import Glibc

/// A script or tool run as a child process (sh, nc, python3), with pipes for
/// stdin and stdout; stdout is read line by line with a deadline (poll), so a
/// test never waits on a child forever. Killed on deinit if still running.
public final class ScriptProcess {
    /// The repository's root, from this file's place in it.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    public let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    /// stderr goes to a file: a grandchild (nc) may hold a pipe open past its parent.
    private let errorPath = FileManager.default.temporaryDirectory
        .appendingPathComponent("creditgate-script-\(UUID().uuidString).err").path
    private var buffer: [UInt8] = []
    private var ended = false

    /// Starts `arguments` through /usr/bin/env (so PATH finds sh, nc, python3),
    /// with `environment` added to ours.
    public init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardInput = input
        process.standardOutput = output
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: errorPath)
    }

    /// Runs to completion: the whole stdout and the exit status.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: String = "",
        within seconds: Double = 30
    ) throws -> (status: Int32, output: String) {
        let child = try ScriptProcess(arguments, environment: environment)
        try child.write(stdin)
        child.closeInput()
        var lines: [String] = []
        while let line = try child.readLine(within: seconds) { lines.append(line) }
        let status = try child.wait(within: seconds)
        return (status, lines.map { $0 + "\n" }.joined())
    }

    public func write(_ text: String) throws {
        guard !text.isEmpty else { return }
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    public func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// The next stdout line without its newline; nil at EOF; throws past the deadline.
    public func readLine(within seconds: Double = 30) throws -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if ended {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                throw TestFailure("no line from \(process.arguments ?? []) within \(seconds) s; stderr: \(errorText())")
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(min(left, 1) * 1000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count > 0 { buffer += chunk[..<count] } else if count == 0 { ended = true }
        }
    }

    /// Waits for the exit, polling with a deadline; returns the exit status.
    public func wait(within seconds: Double = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else {
                throw TestFailure("\(process.arguments ?? []) still running after \(seconds) s")
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// stderr so far, for failure messages.
    public func errorText() -> String {
        (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    }
}

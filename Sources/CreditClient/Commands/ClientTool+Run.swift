import CreditNet
import CreditProtocol
import Foundation

extension ClientTool {
    /// Runs a parsed command and returns the exit status (see ``ExitCode``). Replies go to
    /// standard output, diagnostics to standard error.
    public static func run(_ command: ParsedCommand, environment: [String: String], extensions: [ToolExtension] = [])
        -> Int32
    {
        let request: String?
        do {
            request = try ClientTool.request(for: command)
        } catch {
            printError(error.rendered)
            return ExitCode.usage
        }
        let settings: ConnectionSettings
        do {
            settings = try ConnectionSettings.resolve(command, environment: environment, askSecret: Terminal.readSecret)
        } catch {
            printError("creditgate: \(error)")
            return error.exitCode
        }
        let formatter = ReplyFormatter.forStandardOutput(
            isTerminal: Syscall.isTerminal(Syscall.standardOutput), environment: environment)
        guard let request else {
            return runExtra(
                command, settings: settings, formatter: formatter, environment: environment, extensions: extensions)
        }
        if command.flag(SubcommandTable.csv.long) {
            return writeCSV(of: request, settings: settings, pairs: SubcommandTable.csvAsPairs.contains(command.path))
        }
        return oneShot(request, settings: settings, formatter: formatter)
    }

    /// Connect (to the first server that answers), sign in if asked, send (following a replica's
    /// redirect or staleness), print, and exit by the reply's status.
    static func oneShot(_ request: String, settings: ConnectionSettings, formatter: ReplyFormatter) -> Int32 {
        do {
            let (client, refusal) = try settings.connect()
            defer { client.close() }
            if let refusal {
                printError("creditgate: AUTH refused: " + refusal.lines.joined(separator: "\n"))
                return refusal.exitCode
            }
            let (reply, answered) = try settings.follow(try client.send(request), to: request, on: client)
            answered.close()
            print(formatter.format(reply))
            return reply.exitCode
        } catch {
            printError("creditgate: \(error)")
            return error.exitCode
        }
    }

    /// Import, export, the letters, the shell and the extensions (the bench).
    static func runExtra(
        _ command: ParsedCommand, settings: ConnectionSettings, formatter: ReplyFormatter,
        environment: [String: String],
        extensions: [ToolExtension]
    ) -> Int32 {
        if let tool = extensions.first(where: { [$0.spec.name] == command.path }) {
            do throws(RequestError) {
                return try tool.run(command, settings)
            } catch {
                printError(usageError(error.message, path: command.path, in: spec(with: extensions)).rendered)
                return ExitCode.usage
            }
        }
        switch command.path {
        case ["import"]:
            return runImport(command, settings: settings)
        case ["export"]:
            return runExport(command, settings: settings)
        case ["statement"], ["report"]:
            return runLetter(command, settings: settings)
        default:
            let shell = Shell(settings: settings, formatter: formatter)
            guard Syscall.isTerminal(Syscall.standardInput) else { return shell.runPipe() }
            return shell.runInteractive(historyFile: environment["HOME"].map { $0 + "/.creditgate_history" })
        }
    }

    /// One line to standard error, flushed with standard output first so the two interleave
    /// in the order they happened.
    public static func printError(_ text: String) {
        Syscall.flushStandardStreams()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

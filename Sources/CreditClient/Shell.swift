import CreditNet
import Foundation

/// `creditgate` without a subcommand. On a terminal, an interactive shell with line editing
/// and history in `~/.creditgate_history`. One rule decides what a line is: if its first word
/// is a subcommand name in lowercase (`check C1 100 --order O-7`), it runs as that subcommand
/// with the command line's syntax; anything else (`CHECK C1 100 order=O-7`) is sent to the
/// server as it is. With input piped in, every line is sent as it is and each reply printed
/// exactly, so the tool works like `nc` in scripts.
///
/// One connection serves the session and is signed in once; a lost connection is reported and
/// made again for the next line.
final class Shell {
    static let spec = CommandSpec(
        name: "shell",
        abstract: "An interactive shell (the default on a terminal). A line whose first word is a subcommand "
            + "in lowercase runs it with the command line's syntax (check C1 100 --order O-7); any other line "
            + "is sent to the server as it is (CHECK C1 100 order=O-7). 'help' lists the subcommands, 'quit' or "
            + "Ctrl-D leaves; history is kept in ~/.creditgate_history. With input piped in, each line is sent "
            + "as it is and each reply printed exactly.")

    private let settings: ConnectionSettings
    private let formatter: ReplyFormatter
    private var client: Client?

    init(settings: ConnectionSettings, formatter: ReplyFormatter) {
        self.settings = settings
        self.formatter = formatter
    }

    /// The interactive loop; returns 0 at `quit` or end of input.
    func runInteractive(historyFile: String?) -> Int32 {
        let editor = LineEditor(historyFile: historyFile)
        while let line = editor.readLine(prompt: "creditgate> ") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if ["quit", "exit", "QUIT"].contains(trimmed) { break }
            if let output = handle(trimmed) { print(output) }
        }
        client?.close()
        return ExitCode.success
    }

    /// The pipe mode: each input line to the server as it is, each reply printed. Exit 0 when
    /// every line was answered, 2 when the connection failed, 1 when AUTH was refused.
    func runPipe() -> Int32 {
        while let line = readLine() {
            if line.allSatisfy(\.isWhitespace) { continue }
            do {
                print(formatter.format(try send(line)))
            } catch {
                ClientTool.printError("creditgate: \(error)")
                return error.exitCode
            }
            if line.trimmingCharacters(in: .whitespaces).uppercased() == "QUIT" { break }
        }
        client?.close()
        return ExitCode.success
    }

    /// What one interactive line prints, or nil for nothing.
    func handle(_ line: String) -> String? {
        let request: String
        switch Self.interpret(line) {
        case .output(let text): return text
        case .request(let text): request = text
        }
        do {
            return formatter.format(try send(request))
        } catch {
            client = nil
            return "creditgate: \(error)"
        }
    }

    /// What an interactive line means: text to show (help, a usage error) or a request.
    enum Interpretation: Equatable {
        case output(String)
        case request(String)
    }

    static func interpret(_ line: String) -> Interpretation {
        let firstWord = String(line.prefix { !$0.isWhitespace })
        if firstWord == "help" {
            let path = line.split(separator: " ").dropFirst().map(String.init)
            let text = path.isEmpty ? nil : Arguments.helpText(for: path, spec: ClientTool.spec)
            return .output(text ?? helpText)
        }
        guard shellSubcommands.contains(firstWord) else { return .request(line) }
        do {
            let words = try ShellWords.split(line)
            switch try ClientTool.parse(words) {
            case .help(let text): return .output(text)
            case .command(let command):
                guard let request = try ClientTool.request(for: command) else { return .output(helpText) }
                return .request(request)
            }
        } catch let error as ArgumentError {
            return .output(error.rendered)
        } catch {
            return .output("Error: unterminated quote or trailing backslash")
        }
    }

    /// Subcommands that make sense inside the shell: every one-shot command and `raw`.
    static var shellSubcommands: Set<String> {
        Set(ClientTool.spec.subcommands.map(\.name)).subtracting(["shell", "bench", "import", "export"])
    }

    static var helpText: String {
        let rows = ClientTool.spec.subcommands.filter { shellSubcommands.contains($0.name) }
        let width = rows.map(\.name.count).max() ?? 0
        return (["A lowercase subcommand runs with the command line's syntax; any other line is sent as it is.",
                 "'help <subcommand>' shows its options; 'quit' or Ctrl-D leaves.", ""]
            + rows.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count + 2) + $0.abstract })
            .joined(separator: "\n")
    }

    /// Sends on the session's connection, connecting (and signing in) first when there is none.
    private func send(_ line: String) throws(ClientError) -> ServerReply {
        if client == nil {
            let (connected, refusal) = try settings.connect()
            if let refusal {
                connected.close()
                throw ClientError.authenticationRefused(refusal.lines[0])
            }
            client = connected
        }
        do {
            return try client!.send(line)
        } catch {
            client = nil
            throw error
        }
    }
}

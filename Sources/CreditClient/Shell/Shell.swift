import CreditNet
import Foundation

/// `creditgate` without a subcommand. On a terminal, an interactive shell with line editing
/// and history in `~/.creditgate_history`. One rule decides what a line is: if its first word
/// is a subcommand name in lowercase (`check C1 100 --order O-7`), it runs as that subcommand
/// with the command line's syntax; anything else (`CHECK C1 100 order=O-7`) is sent to the
/// server as it is. With input piped in, every line is sent as it is and each reply printed
/// exactly, so the tool works like `nc` in scripts.
///
/// One connection serves the session and is signed in once. A connection the server closed
/// while the shell waited (the idle timeout) is made again, and signed in again — as the user of
/// the last accepted `AUTH` line, if any — before the next line is sent; one lost during a request is reported and made again for the next line. The
/// prompt names the user and the server; lines that carry a secret (AUTH) never reach the
/// history (see ``HistoryFilter``), which only its owner may read.
final class Shell {
    static let spec = CommandSpec(
        name: "shell",
        abstract: "An interactive shell (the default on a terminal). A line whose first word is a subcommand "
            + "in lowercase runs it with the command line's syntax (check C1 100 --order O-7); any other line "
            + "is sent to the server as it is (CHECK C1 100 order=O-7). 'help' lists the subcommands, 'quit' or "
            + "Ctrl-D leaves; history is kept in ~/.creditgate_history (mode 0600, never a line with a secret such "
            + "as AUTH). With input piped in, each line is sent "
            + "as it is and each reply printed exactly; the exit status is 0 if every reply was OK or PONG, 1 if "
            + "any was HOLD or ERR, 2 if the server could not be reached (the later lines are not sent).")

    /// Where to connect and as whom; an accepted `AUTH` line changes the user and secret.
    private var settings: ConnectionSettings
    private let formatter: ReplyFormatter
    private var client: Client?
    private var editor: LineEditor?

    init(settings: ConnectionSettings, formatter: ReplyFormatter) {
        self.settings = settings
        self.formatter = formatter
    }

    /// The interactive loop; returns 0 at `quit` or end of input.
    func runInteractive(historyFile: String?) -> Int32 {
        let editor = LineEditor(
            historyFile: historyFile, filter: HistoryFilter(secrets: [settings.secret].compactMap { $0 }))
        self.editor = editor
        while let line = editor.readLine(prompt: prompt) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if ["quit", "exit", "QUIT"].contains(trimmed) { break }
            if let output = handle(trimmed) { print(output) }
        }
        client?.close()
        return ExitCode.success
    }

    /// The pipe mode: each input line to the server as it is, each reply printed. The exit
    /// status is one-shot mode's for the worst reply: 0 when every reply was OK or PONG, 1 when
    /// any was HOLD or ERR (the later lines are still sent), 2 when the server could not be
    /// reached or the connection broke (the later lines are not sent); 1 when AUTH was refused.
    func runPipe() -> Int32 {
        var status = ExitCode.success
        while let line = readLine() {
            if line.allSatisfy(\.isWhitespace) { continue }
            do {
                let reply = try send(line)
                print(formatter.format(reply))
                status = max(status, reply.exitCode)
            } catch {
                ClientTool.printError("creditgate: \(error)")
                return error.exitCode
            }
            if line.trimmingCharacters(in: .whitespaces).uppercased() == "QUIT" { break }
        }
        client?.close()
        return status
    }

    /// `user@host:port> `, or `host:port> ` unsigned.
    var prompt: String {
        (settings.user.map { $0 + "@" } ?? "") + settings.address.description + "> "
    }

    /// What one interactive line prints, or nil for nothing.
    func handle(_ line: String) -> String? {
        switch Self.interpret(line) {
        case .output(let text):
            return text
        case .request(let request):
            do {
                return formatter.format(try send(request))
            } catch {
                return "creditgate: \(error)"
            }
        case .csv(let request, let pairs):
            do {
                let records = try Exporter(request: request) { lines in try lines.map { try self.send($0).lines } }
                    .records()
                let table = pairs ? ExportTable(pairsOf: records) : ExportTable(records: records)
                return String(table.csv().dropLast(2))
            } catch {
                return "creditgate: \(error)"
            }
        }
    }

    /// What an interactive line means: text to show (help, a usage error), a request, or a
    /// request whose listing is shown as CSV (`--csv`; `pairs`: one row per key=value word).
    enum Interpretation: Equatable {
        case output(String)
        case request(String)
        case csv(String, pairs: Bool)
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
                guard command.flag(SubcommandTable.csv.long) else { return .request(request) }
                return .csv(request, pairs: SubcommandTable.csvAsPairs.contains(command.path))
            }
        } catch let error as ArgumentError {
            return .output(error.rendered)
        } catch {
            return .output("Error: unterminated quote or trailing backslash")
        }
    }

    /// Subcommands that make sense inside the shell: every one-shot command and `raw`.
    static var shellSubcommands: Set<String> {
        Set(ClientTool.spec.subcommands.map(\.name)).subtracting(["shell", "import", "export"])
    }

    static var helpText: String {
        let rows = ClientTool.spec.subcommands.filter { shellSubcommands.contains($0.name) }
        let width = rows.map(\.name.count).max() ?? 0
        return
            ([
                "A lowercase subcommand runs with the command line's syntax; any other line is sent as it is.",
                "'help <subcommand>' shows its options; 'quit' or Ctrl-D leaves.", "",
            ]
            + rows.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count + 2) + $0.abstract })
            .joined(separator: "\n")
    }

    /// Sends on the session's connection, connecting (and signing in) first when there is none
    /// or the server has closed it since the last reply.
    private func send(_ line: String) throws(ClientError) -> ServerReply {
        let closedByServer = client?.peerHasClosed() == true
        if closedByServer {
            client?.close()
            client = nil
        }
        if client == nil {
            let (connected, refusal) = try settings.connect()
            if let refusal {
                connected.close()
                throw ClientError.authenticationRefused(refusal.lines[0])
            }
            client = connected
            if closedByServer {
                ClientTool.printError(
                    "creditgate: the server had closed the connection; connected again"
                        + (settings.user.map { " as \($0)" } ?? ""))
            }
        }
        let reply: ServerReply
        do {
            let followed = try settings.follow(try client!.send(line), to: line, on: client!)
            reply = followed.reply
            client = followed.client
        } catch {
            client = nil
            throw error
        }
        if reply.status == .ok, let (user, secret) = Self.signIn(in: line) {
            settings.user = user
            settings.secret = secret
            editor?.keepOut(secret: secret)
        }
        return reply
    }

    /// The user and secret of an `AUTH <user> <secret>` line.
    static func signIn(in line: String) -> (user: String, secret: String)? {
        guard let words = try? ShellWords.split(line), words.count == 3, words[0].uppercased() == "AUTH" else {
            return nil
        }
        return (words[1], words[2])
    }
}

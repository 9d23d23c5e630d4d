import CreditProtocol

/// `creditgate` as data: the command-line spec built from ``SubcommandTable``, parsing, and the
/// mapping of a parsed command to its request line. Everything here is pure, so the whole
/// command line is unit-tested without a server.
public enum ClientTool {
    static let globalOptions = [
        OptionSpec("host", help: "The server's host (default: 127.0.0.1, or host= in ~/.creditgate)."),
        OptionSpec("port", help: "The server's port (default: 7070, or port= in ~/.creditgate).", kind: .integer),
        OptionSpec(
            "servers", valueName: "host:port,…",
            help: "Several servers, a primary and its replicas, tried in "
                + "order: the first that answers is used, a CHECK a replica answers ERR STALE goes to the next, and a "
                + "change a replica refuses with ERR REPLICA is sent once to the primary it names (default: servers= in "
                + "~/.creditgate; instead of --host and --port)."),
        OptionSpec(
            "user",
            help: "Sign in as this user; the secret comes from $CREDITGATE_SECRET or secret= in "
                + "~/.creditgate (mode 0600), else it is asked for on a terminal (not shown as typed); never from the "
                + "command line. Without a user, no AUTH is sent."),
        OptionSpec(
            "timeout", valueName: "seconds", help: "Connect and reply timeout.", defaultValue: "5",
            kind: .integer),
    ]

    static let overview =
        "Asks a CreditGate server whether a customer may be supplied, and records invoices, "
        + "payments, blocks and overrides, and imports and exports an ERP's CSV files. Without a subcommand, on a terminal: an interactive shell (see "
        + "'creditgate shell --help'); with input piped in: each input line is sent to the server as it is and "
        + "each reply printed. Exit status: 0 OK or PONG; 1 HOLD or an ERR reply (the server refused); 2 the "
        + "server is unreachable or broke the protocol; 64 bad arguments or an unknown subcommand; 78 an unsafe "
        + "or malformed ~/.creditgate. With several lines piped in, the worst reply decides: 0 only if every "
        + "reply was OK or PONG, 1 if any was HOLD or ERR, 2 as soon as the server cannot be reached (the "
        + "later lines are not sent)."

    /// The root spec: every one-shot subcommand in table order, groups where the table has them,
    /// then `raw`, `import`, `export`, `statement`, `report` and `shell`.
    public static let spec: CommandSpec = {
        var subcommands: [CommandSpec] = []
        for entry in SubcommandTable.all {
            guard let group = entry.group else {
                subcommands.append(entry.spec)
                continue
            }
            if let index = subcommands.firstIndex(where: { $0.name == group }) {
                subcommands[index].subcommands.append(entry.spec)
            } else {
                subcommands.append(
                    CommandSpec(
                        name: group, abstract: SubcommandTable.groups[group] ?? "",
                        subcommands: [entry.spec]))
            }
        }
        subcommands.append(rawSpec)
        subcommands.append(contentsOf: extraSubcommands)
        return CommandSpec(
            name: "creditgate", abstract: overview, options: globalOptions, flags: [versionFlag],
            subcommands: subcommands)
    }()

    static let versionFlag = FlagSpec("version", help: "Show the version and exit.")

    /// What `--version` prints.
    public static var versionText: String { "creditgate \(CreditGateVersion.current)" }

    static let rawSpec = CommandSpec(
        name: "raw", abstract: "Sends a protocol line as it is, e.g. raw \"CHECK C1 100 order=O-7\".",
        arguments: [ArgumentSpec("line", help: "The request; several words are joined with spaces.", arity: .variadic)])

    /// Subcommands that are not one request.
    static var extraSubcommands: [CommandSpec] { [importSpec, exportSpec, statementSpec, reportSpec, Shell.spec] }

    /// The root spec with the subcommands of `extensions` after its own.
    public static func spec(with extensions: [ToolExtension]) -> CommandSpec {
        var root = spec
        root.subcommands += extensions.map(\.spec)
        return root
    }

    /// Parses the words after the program name. No subcommand at all (only global options)
    /// means the shell, not the help text: `creditgate` alone opens the shell or pipe mode.
    public static func parse(_ arguments: [String], extensions: [ToolExtension] = []) throws(ArgumentError)
        -> ParseResult
    {
        let root = spec(with: extensions)
        var result = try Arguments.parse(arguments, spec: root)
        let asksForHelp = arguments.contains { $0 == "-h" || $0 == "--help" || $0 == "help" }
        if case .help(let text) = result, !asksForHelp, text == Arguments.helpText(spec: root) {
            result = try Arguments.parse(arguments + ["shell"], spec: root)
        }
        if case .command(let command) = result, command.flag(versionFlag.long) {
            return .help(versionText)
        }
        if case .command(let command) = result, let port = command.integer("port"), !(1...65535).contains(port) {
            throw usageError("The value '\(port)' is invalid for '--port <port>'", path: command.path)
        }
        if case .command(let command) = result, let list = command.option("servers") {
            guard command.option("host") == nil, command.option("port") == nil else {
                throw usageError("--servers names every server; leave out --host and --port", path: command.path)
            }
            do throws(ClientError) {
                _ = try ConnectionSettings.parseServers(list, from: "--servers ")
            } catch {
                throw usageError(error.description, path: command.path)
            }
        }
        if case .command(let command) = result, let tool = extensions.first(where: { [$0.spec.name] == command.path }) {
            do throws(RequestError) {
                try tool.check(command)
            } catch {
                throw usageError(error.message, path: command.path, in: root)
            }
        }
        if case .command(let command) = result, command.path == ["import"] || command.path == ["export"] {
            do throws(RequestError) {
                try validateERP(command)
            } catch {
                throw usageError(error.message, path: command.path)
            }
        }
        return result
    }

    /// The request line a one-shot command sends; nil for a command that is not one request
    /// (`import`, `export`, `shell`, an extension such as `bench`). A value the protocol cannot carry is a usage error (exit 64).
    public static func request(for command: ParsedCommand) throws(ArgumentError) -> String? {
        do throws(RequestError) {
            if command.path == ["raw"] {
                let line = command.argumentValues("line").joined(separator: " ")
                try RequestBuilder.checkRawLine(line)
                return line
            }
            return try SubcommandTable.subcommand(at: command.path)?.request(for: command)
        } catch {
            throw usageError(error.message, path: command.path)
        }
    }

    /// An ``ArgumentError`` carrying the usage of the command at `path`.
    static func usageError(_ message: String, path: [String], in root: CommandSpec = spec) -> ArgumentError {
        var chain = [root]
        for name in path {
            guard let next = chain[chain.count - 1].subcommand(named: name) else { break }
            chain.append(next)
        }
        return ArgumentError(
            message: message, usage: HelpFormatter.usage(chain),
            commandName: HelpFormatter.commandName(chain))
    }
}

import CreditClient
import Testing

/// A spec shaped like `creditgate`'s, kept here so the parser's rules are tested apart from the
/// real command table.
private let check = CommandSpec(
    name: "check",
    abstract: "Ask whether an order may ship.",
    arguments: [
        ArgumentSpec("customer", help: "The customer id."),
        ArgumentSpec("amount", help: "Amount in major units, e.g. 250.00.", arity: .optional),
    ],
    options: [OptionSpec("order", help: "Order reference.")]
)

private let bench = CommandSpec(
    name: "bench",
    abstract: "Measure throughput and latency.",
    options: [
        OptionSpec("connections", short: "c", help: "Concurrent connections.", defaultValue: "50", kind: .integer),
        OptionSpec(
            "pipeline", short: "P", help: "Requests in flight per connection.", defaultValue: "16", kind: .integer),
        OptionSpec(
            "duration", short: "d", valueName: "seconds", help: "How long to run.", defaultValue: "10", kind: .integer),
        OptionSpec("keys", short: "k", help: "Distinct customers.", defaultValue: "100000", kind: .integer),
        OptionSpec("mix", help: "Request mix.", defaultValue: "check"),
    ],
    flags: [FlagSpec("json", help: "Print the report as JSON.")]
)

private let importCommand = CommandSpec(
    name: "import",
    abstract: "Load customers and invoices.",
    arguments: [ArgumentSpec("files", help: "CSV files to read.", arity: .variadic)],
    options: [OptionSpec("tag", help: "Label recorded with each row.", repeatable: true)],
    flags: [FlagSpec("dry-run", short: "n", help: "Check the files without writing.")]
)

private let tool = CommandSpec(
    name: "creditgate",
    abstract: "Talk to a CreditGate server.",
    options: [
        OptionSpec("host", help: "Server host.", defaultValue: "127.0.0.1"),
        OptionSpec("port", help: "Server port.", defaultValue: "7411", kind: .integer),
        OptionSpec("user", help: "User to authenticate as."),
    ],
    subcommands: [check, bench, importCommand]
)

/// Defaults of the global options, which every parsed command carries.
private let globals: [String: [String]] = ["host": ["127.0.0.1"], "port": ["7411"]]

private let benchDefaults: [String: [String]] = globals.merging([
    "connections": ["50"], "pipeline": ["16"], "duration": ["10"], "keys": ["100000"], "mix": ["check"],
]) { $1 }

@Suite struct ArgumentsTests {
    struct Accepted: Sendable, CustomTestStringConvertible {
        let argv: [String]
        let expected: ParsedCommand
        var testDescription: String { argv.joined(separator: " ") }
    }

    static let accepted: [Accepted] = [
        Accepted(
            argv: ["check", "C1001"],
            expected: ParsedCommand(path: ["check"], arguments: ["customer": ["C1001"]], options: globals)),
        Accepted(
            argv: ["check", "C1001", "250.00", "--order", "O-7"],
            expected: ParsedCommand(
                path: ["check"], arguments: ["customer": ["C1001"], "amount": ["250.00"]],
                options: globals.merging(["order": ["O-7"]]) { $1 })),
        // --opt=value, and options before positionals.
        Accepted(
            argv: ["check", "--order=O-7", "C1001"],
            expected: ParsedCommand(
                path: ["check"], arguments: ["customer": ["C1001"]],
                options: globals.merging(["order": ["O-7"]]) { $1 })),
        // An empty inline value is still a value.
        Accepted(
            argv: ["check", "C1", "--order="],
            expected: ParsedCommand(
                path: ["check"], arguments: ["customer": ["C1"]], options: globals.merging(["order": [""]]) { $1 })),
        // Global options before and after the subcommand.
        Accepted(
            argv: ["--host", "db1", "check", "C1", "--port", "9000", "--user=ana"],
            expected: ParsedCommand(
                path: ["check"], arguments: ["customer": ["C1"]],
                options: ["host": ["db1"], "port": ["9000"], "user": ["ana"]])),
        // Short options and defaults for the rest.
        Accepted(
            argv: ["bench", "-c", "50", "-P", "16", "-d", "10", "-k", "100000", "--mix", "check"],
            expected: ParsedCommand(path: ["bench"], options: benchDefaults)),
        Accepted(
            argv: ["bench", "-c", "8", "--json"],
            expected: ParsedCommand(
                path: ["bench"], options: benchDefaults.merging(["connections": ["8"]]) { $1 }, flags: ["json"])),
        // A negative number is a value, not an option.
        Accepted(
            argv: ["bench", "--keys", "-1"],
            expected: ParsedCommand(path: ["bench"], options: benchDefaults.merging(["keys": ["-1"]]) { $1 })),
        // `--` ends options: what follows is positional even if it looks like an option or help.
        Accepted(
            argv: ["check", "--", "-C1", "--help"],
            expected: ParsedCommand(
                path: ["check"], arguments: ["customer": ["-C1"], "amount": ["--help"]], options: globals)),
        // Variadic arguments, repeatable options, short flags.
        Accepted(
            argv: ["import", "a.csv", "--tag", "x", "b.csv", "-n", "--tag", "y", "-"],
            expected: ParsedCommand(
                path: ["import"], arguments: ["files": ["a.csv", "b.csv", "-"]],
                options: globals.merging(["tag": ["x", "y"]]) { $1 }, flags: ["dry-run"])),
        Accepted(
            argv: ["import"],
            expected: ParsedCommand(path: ["import"], options: globals)),
    ]

    @Test(arguments: accepted)
    func parse_Accepts(_ example: Accepted) throws {
        #expect(try Arguments.parse(example.argv, spec: tool) == .command(example.expected))
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        let argv: [String]
        let message: String
        /// The command the error is reported against.
        let command: [String]
        var testDescription: String { argv.joined(separator: " ") }
    }

    static let checkUsage = "creditgate check <customer> [<amount>] [--order <order>]"
    static let usages = [
        "creditgate": "creditgate [--host <host>] [--port <port>] [--user <user>] <subcommand>",
        "creditgate check": checkUsage,
        "creditgate bench": "creditgate bench [<options>]",
    ]
    static let checkCommand = ["check"]
    static let benchCommand = ["bench"]

    static let rejected: [Rejected] = [
        Rejected(argv: ["check", "C1", "--bogus"], message: "Unknown option '--bogus'", command: checkCommand),
        Rejected(argv: ["check", "C1", "--bogus=1"], message: "Unknown option '--bogus'", command: checkCommand),
        Rejected(argv: ["check", "C1", "-x"], message: "Unknown option '-x'", command: checkCommand),
        // Short options are single letters; no attached values or bundles.
        Rejected(argv: ["bench", "-c50"], message: "Unknown option '-c50'", command: benchCommand),
        // A subcommand's options are not accepted before it.
        Rejected(argv: ["--order", "O-7", "check", "C1"], message: "Unknown option '--order'", command: checkCommand),
        Rejected(argv: ["chek", "C1"], message: "Unknown subcommand 'chek'", command: []),
        // An unknown subcommand is an error even when help is asked for (exit 64, not the tool's help).
        Rejected(argv: ["chek", "-h"], message: "Unknown subcommand 'chek'", command: []),
        Rejected(argv: ["help", "chek"], message: "Unknown subcommand 'chek'", command: []),
        Rejected(argv: ["check"], message: "Missing expected argument '<customer>'", command: checkCommand),
        Rejected(
            argv: ["check", "--order", "O-7"], message: "Missing expected argument '<customer>'", command: checkCommand),
        Rejected(
            argv: ["check", "C1", "250.00", "extra"], message: "Unexpected argument 'extra'", command: checkCommand),
        Rejected(argv: ["bench", "now"], message: "Unexpected argument 'now'", command: benchCommand),
        Rejected(
            argv: ["check", "C1", "--order"], message: "Missing value for '--order <order>'", command: checkCommand),
        Rejected(
            argv: ["check", "C1", "--order", "--port", "1"], message: "Missing value for '--order <order>'",
            command: checkCommand),
        Rejected(
            argv: ["check", "C1", "--order", "-x"], message: "Missing value for '--order <order>'",
            command: checkCommand),
        Rejected(
            argv: ["check", "C1", "--order", "a", "--order", "b"], message: "Option '--order' cannot be repeated",
            command: checkCommand),
        Rejected(
            argv: ["bench", "-c", "1", "--connections", "2"], message: "Option '--connections' cannot be repeated",
            command: benchCommand),
        Rejected(
            argv: ["bench", "--json", "--json"], message: "Flag '--json' cannot be repeated", command: benchCommand),
        Rejected(argv: ["bench", "--json=yes"], message: "Flag '--json' does not take a value", command: benchCommand),
        Rejected(
            argv: ["bench", "-c", "many"], message: "The value 'many' is invalid for '-c <connections>'",
            command: benchCommand),
        Rejected(
            argv: ["bench", "--duration=1.5"], message: "The value '1.5' is invalid for '--duration <seconds>'",
            command: benchCommand),
        Rejected(
            argv: ["--port", "http", "check", "C1"], message: "The value 'http' is invalid for '--port <port>'",
            command: checkCommand),
        // Only the first mistake is reported.
        Rejected(
            argv: ["check", "--bogus", "C1", "x", "y"], message: "Unknown option '--bogus'", command: checkCommand),
    ]

    @Test(arguments: rejected)
    func parse_Rejects(_ example: Rejected) {
        let commandName = (["creditgate"] + example.command).joined(separator: " ")
        let expected = ArgumentError(
            message: example.message, usage: Self.usages[commandName] ?? "", commandName: commandName)
        #expect(throws: expected) {
            try Arguments.parse(example.argv, spec: tool)
        }
    }

    @Test func argumentError_RendersArgumentParserFormat() {
        let error = ArgumentError(
            message: "Missing expected argument '<customer>'", usage: Self.checkUsage, commandName: "creditgate check")
        #expect(
            error.rendered == """
                Error: Missing expected argument '<customer>'
                Usage: creditgate check <customer> [<amount>] [--order <order>]
                  See 'creditgate check --help' for more information.
                """)
    }

    /// Help wins wherever it appears before `--`, even over mistakes, and shows the help of the
    /// most specific command named.
    @Test(arguments: [
        (["-h"], [String]()),
        (["--help"], []),
        ([], []),
        (["--host", "db1"], []),
        (["help"], []),
        (["help", "check"], ["check"]),
        (["check", "-h"], ["check"]),
        (["check", "C1", "--order", "O-7", "--help"], ["check"]),
        (["--help", "check"], ["check"]),
        (["check", "--order", "-h"], ["check"]),
        (["check", "--bogus", "--help"], ["check"]),
        (["bench", "-c", "x", "-h"], ["bench"]),
    ])
    func parse_ReturnsHelp(argv: [String], path: [String]) throws {
        let expected = try #require(Arguments.helpText(for: path, spec: tool))
        #expect(try Arguments.parse(argv, spec: tool) == .help(expected))
    }

    @Test func helpText_OfUnknownPath_IsNil() {
        #expect(Arguments.helpText(for: ["nope"], spec: tool) == nil)
    }

    @Test func helpText_OfLeafCommand_MatchesArgumentParserLayout() {
        let standalone = CommandSpec(name: "creditgate", abstract: "", subcommands: [check])
        #expect(
            Arguments.helpText(for: ["check"], spec: standalone) == """
                OVERVIEW: Ask whether an order may ship.

                USAGE: creditgate check <customer> [<amount>] [--order <order>]

                ARGUMENTS:
                  <customer>              The customer id.
                  <amount>                Amount in major units, e.g. 250.00.

                OPTIONS:
                  --order <order>         Order reference.
                  -h, --help              Show help information.
                """)
    }

    @Test func helpText_OfTool_ListsSubcommands() {
        #expect(
            Arguments.helpText(spec: tool) == """
                OVERVIEW: Talk to a CreditGate server.

                USAGE: creditgate [--host <host>] [--port <port>] [--user <user>] <subcommand>

                OPTIONS:
                  --host <host>           Server host. (default: 127.0.0.1)
                  --port <port>           Server port. (default: 7411)
                  --user <user>           User to authenticate as.
                  -h, --help              Show help information.

                SUBCOMMANDS:
                  check                   Ask whether an order may ship.
                  bench                   Measure throughput and latency.
                  import                  Load customers and invoices.

                  See 'creditgate help <subcommand>' for detailed help.
                """)
    }

    /// Short names, defaults, flags, global options, the collapsed usage line, and a label too
    /// wide for the column.
    @Test func helpText_OfCommandWithManyOptions() {
        #expect(
            Arguments.helpText(for: ["bench"], spec: tool) == """
                OVERVIEW: Measure throughput and latency.

                USAGE: creditgate bench [<options>]

                OPTIONS:
                  -c, --connections <connections>
                                          Concurrent connections. (default: 50)
                  -P, --pipeline <pipeline>
                                          Requests in flight per connection. (default: 16)
                  -d, --duration <seconds>
                                          How long to run. (default: 10)
                  -k, --keys <keys>       Distinct customers. (default: 100000)
                  --mix <mix>             Request mix. (default: check)
                  --json                  Print the report as JSON.
                  -h, --help              Show help information.

                GLOBAL OPTIONS:
                  --host <host>           Server host. (default: 127.0.0.1)
                  --port <port>           Server port. (default: 7411)
                  --user <user>           User to authenticate as.
                """)
    }

    @Test func helpText_ShowsVariadicAndRepeatableInUsage_AndWrapsLongHelp() {
        let spec = CommandSpec(
            name: "creditgate",
            abstract: "",
            subcommands: [
                CommandSpec(
                    name: "import",
                    abstract: "Load customers and invoices.",
                    arguments: [
                        ArgumentSpec(
                            "files", help: "CSV files to read, each with a header row naming its columns in any order.",
                            arity: .variadic)
                    ],
                    options: [OptionSpec("tag", help: "Label.", repeatable: true)],
                    flags: [FlagSpec("dry-run", short: "n", help: "Check only.")]
                )
            ]
        )
        #expect(
            Arguments.helpText(for: ["import"], spec: spec) == """
                OVERVIEW: Load customers and invoices.

                USAGE: creditgate import [<files> ...] [--tag <tag> ...] [--dry-run]

                ARGUMENTS:
                  <files>                 CSV files to read, each with a header row naming its
                                          columns in any order.

                OPTIONS:
                  --tag <tag>             Label.
                  -n, --dry-run           Check only.
                  -h, --help              Show help information.
                """)
    }

    @Test func parsedCommand_Accessors() throws {
        let result = try Arguments.parse(["import", "a", "b", "--tag", "x", "--tag", "y", "-n"], spec: tool)
        guard case .command(let command) = result else {
            Issue.record("expected a command, got \(result)")
            return
        }
        #expect(command.subcommand == "import")
        #expect(command.argument("files") == "a")
        #expect(command.argumentValues("files") == ["a", "b"])
        #expect(command.argument("missing") == nil)
        #expect(command.option("tag") == "y")
        #expect(command.optionValues("tag") == ["x", "y"])
        #expect(command.option("host") == "127.0.0.1")
        #expect(command.integer("port") == 7411)
        #expect(command.option("user") == nil)
        #expect(command.flag("dry-run"))
        #expect(!command.flag("json"))
    }

    @Test func parse_ToolWithoutSubcommands_TakesItsOwnArguments() throws {
        let spec = CommandSpec(
            name: "creditgated",
            abstract: "Serve CreditGate.",
            arguments: [ArgumentSpec("directory", help: "Data directory.")],
            options: [OptionSpec("port", short: "p", help: "Port.", defaultValue: "7411", kind: .integer)]
        )
        #expect(
            try Arguments.parse(["/var/lib/cg", "-p", "0"], spec: spec)
                == .command(ParsedCommand(arguments: ["directory": ["/var/lib/cg"]], options: ["port": ["0"]])))
        #expect(
            throws: ArgumentError(
                message: "Missing expected argument '<directory>'",
                usage: "creditgated <directory> [--port <port>]",
                commandName: "creditgated")
        ) {
            try Arguments.parse([], spec: spec)
        }
    }
}

/// The entry point of CreditGate's hand-written command-line parser (see ``CommandSpec``).
///
/// Rules, following swift-argument-parser:
/// - `--name value`, `--name=value` and `-n value`; flags take no value.
/// - A value may not begin with `-` unless it is a number (`--delta -5`) or the lone `-`;
///   `--name=-x` passes any other dash-led value.
/// - `--` ends options: every later word is positional.
/// - `-h` or `--help` anywhere before `--`, or the word `help` where a subcommand is expected,
///   asks for help; help wins over any other mistake on the line.
/// - A command with subcommands, given none, shows its help.
public enum Arguments {
    /// Parses `arguments` — the words after the program name, i.e.
    /// `Array(CommandLine.arguments.dropFirst())` — against the root `spec`.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(ArgumentError) -> ParseResult {
        var parser = CommandLineParser(root: spec)
        return try parser.parse(arguments)
    }

    /// The help text of the command at `path` below `spec` (`[]` for the tool itself), for
    /// callers that show help without a parse, e.g. the interactive shell's `help` command.
    /// Returns nil when `path` names no command.
    public static func helpText(for path: [String] = [], spec: CommandSpec) -> String? {
        var chain = [spec]
        for name in path {
            guard let next = chain[chain.count - 1].subcommand(named: name) else { return nil }
            chain.append(next)
        }
        return HelpFormatter.help(chain)
    }
}

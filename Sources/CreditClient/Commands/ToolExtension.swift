import CreditProtocol

/// A subcommand of `creditgate` that lives in a module of its own (the bench, in CreditBench):
/// the executable hands it to ``ClientTool``, which lists, parses and runs it after its own.
public struct ToolExtension: Sendable {
    public let spec: CommandSpec
    /// Checks the parsed options before anything connects; what it throws is a usage mistake.
    public let check: @Sendable (ParsedCommand) throws(RequestError) -> Void
    /// Runs the command and returns the exit status (see ``ExitCode``).
    public let run: @Sendable (ParsedCommand, ConnectionSettings) throws(RequestError) -> Int32

    public init(
        spec: CommandSpec, check: @escaping @Sendable (ParsedCommand) throws(RequestError) -> Void,
        run: @escaping @Sendable (ParsedCommand, ConnectionSettings) throws(RequestError) -> Int32
    ) {
        self.spec = spec
        self.check = check
        self.run = run
    }
}

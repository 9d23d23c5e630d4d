/// A command line that does not fit its ``CommandSpec``. The caller writes ``rendered`` to
/// standard error and exits 64 (EX_USAGE), as swift-argument-parser tools do.
public struct ArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, e.g. `Missing expected argument '<customer>'`.
    public var message: String
    /// The usage line of the command being parsed, without the `Usage: ` prefix.
    public var usage: String
    /// The command as typed to ask for its help, e.g. `creditgate check`.
    public var commandName: String

    public init(message: String, usage: String, commandName: String) {
        self.message = message
        self.usage = usage
        self.commandName = commandName
    }

    /// The three lines argument-parser prints, without a trailing newline.
    public var rendered: String {
        "Error: \(message)\nUsage: \(usage)\n  See '\(commandName) --help' for more information."
    }

    public var description: String { rendered }
}

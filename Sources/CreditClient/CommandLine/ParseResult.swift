/// What the command line asked for: run a command, or show help (which is not an error: the
/// caller prints the text to standard output and exits 0).
public enum ParseResult: Sendable, Equatable {
    case command(ParsedCommand)
    /// The complete help text for the command the user named, without a trailing newline.
    case help(String)
}

/// The exit statuses of `creditgate` (STYLE rule 12), so scripts can tell "the server said no"
/// from "the server could not be asked" without parsing any text.
public enum ExitCode {
    /// OK or PONG.
    public static let success: Int32 = 0
    /// HOLD, or an ERR reply: the server answered and refused.
    public static let refused: Int32 = 1
    /// The server could not be reached, the connection broke, or the reply made no sense.
    public static let unavailable: Int32 = 2
    /// Bad arguments (EX_USAGE); the usage is on standard error.
    public static let usage: Int32 = 64
    /// An output file (`export --out`) could not be written (EX_CANTCREAT).
    public static let cannotCreate: Int32 = 73
    /// The configuration file is unsafe or malformed, or a secret is missing (EX_CONFIG):
    /// neither a refusal nor a network failure, so it gets its own status.
    public static let configuration: Int32 = 78
}

/// Why an export failed; the CLI prints `creditgate: <description>` and exits 1 for the
/// server's refusal (`.server`), 2 otherwise.
public enum ExportError: Error, Equatable, Sendable, CustomStringConvertible {
    case noReply
    case server(code: String, message: String)
    case notAListing(String)
    case badLine(String)

    public var description: String {
        switch self {
        case .noReply: "the server sent no reply"
        case .server(let code, let message): "the server refused: \(code) \(message)"
        case .notAListing(let line): "the reply is not a listing (OK *<n>): \(line)"
        case .badLine(let line): "cannot read the reply line: \(line)"
        }
    }
}

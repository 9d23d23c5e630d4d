import CreditNet

/// Why a request got no answer. Each case maps to one exit status, so the executable never
/// decides by message text.
public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nobody answered at the address (refused, timed out, no such host).
    case unreachable(address: String, SystemError)
    /// The connection broke or timed out after it was made.
    case connectionLost(SystemError?)
    /// The server sent something that is not a CreditGate reply.
    case protocolViolation(String)
    /// The server refused AUTH; the text is its ERR reply.
    case authenticationRefused(String)
    /// The configuration file or the environment is unusable; the text says how to fix it.
    case configuration(String)

    public var exitCode: Int32 {
        switch self {
        case .unreachable, .connectionLost, .protocolViolation: ExitCode.unavailable
        case .authenticationRefused: ExitCode.refused
        case .configuration: ExitCode.configuration
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let address, let error): "cannot connect to \(address): \(error)"
        case .connectionLost(let error?): "connection lost: \(error)"
        case .connectionLost(nil): "connection lost: the server closed the connection"
        case .protocolViolation(let detail): "protocol failure: \(detail)"
        case .authenticationRefused(let reply): "AUTH refused: \(reply)"
        case .configuration(let detail): detail
        }
    }
}

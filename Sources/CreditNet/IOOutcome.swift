/// What one read or send did. A full socket buffer and a departed peer are everyday events on
/// a server, so they are values to switch over, not errors to catch.
public enum IOOutcome: Equatable, Sendable {
    /// This many bytes moved (0 only when 0 were asked for).
    case transferred(Int)
    /// The descriptor is non-blocking and not ready (EAGAIN), or a blocking one timed out.
    case wouldBlock
    /// The peer is gone: end of file, ECONNRESET or EPIPE.
    case closed
}

import Glibc

/// A failed system call, named by the call and the `errno` it left, so a log line says what
/// the kernel refused without a stack trace.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The libc function that failed, e.g. "write".
    public let call: String
    /// `errno` as read right after the call.
    public let errno: Int32

    /// Public so callers can match errors in tests and build their own, e.g. a timeout.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// "write: No space left on device (errno 28)".
    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

import Glibc

/// A failed system call, named by the call and the `errno` it left, so a log line says what
/// the kernel refused without a stack trace.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// "write: No space left on device (errno 28)".
    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

import CreditCore
import CreditNet

/// The server's log: one line per event on standard error, stamped in UTC.
/// Only the loop thread and start-up write to it, line by line.
enum Log {
    static func info(_ message: String) {
        write("info", message)
    }

    static func warning(_ message: String) {
        write("warning", message)
    }

    static func error(_ message: String) {
        write("error", message)
    }

    private static func write(_ level: String, _ message: String) {
        emit("\(Instant(secondsSinceEpoch: Syscall.wallClockSeconds())) creditgated \(level): \(message)\n", to: 2)
    }

    private static func emit(_ line: String, to fd: Int32) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { try? Syscall.writeAll(fd, from: $0.baseAddress!, count: $0.count) }
    }
}

import CreditCore
import CreditNet
import Synchronization

/// The server's log: one line per event on standard error. As text (the default) each line is
/// `<UTC time> creditgated <level>: <message>`; under systemd (`$JOURNAL_STREAM` set) the time
/// is left to journald and the line starts with its syslog priority (`<6>info: …`), so
/// `journalctl -p warning` finds warnings and errors. As JSON each line is one object:
/// `{"time":"…","level":"…","message":"…"}`. Only the loop thread and start-up write to it,
/// line by line.
enum Log {
    /// The style, set once at start-up before any other thread runs (``configure(format:journal:)``).
    private static let style = Atomic<UInt8>(0)
    private static let json: UInt8 = 1
    private static let journal: UInt8 = 2

    static func configure(format: Server.LogFormat, journal toJournal: Bool) {
        style.store((format == .json ? json : 0) | (toJournal ? journal : 0), ordering: .relaxed)
    }

    static func info(_ message: String) {
        write("info", priority: 6, message)
    }

    static func warning(_ message: String) {
        write("warning", priority: 4, message)
    }

    static func error(_ message: String) {
        write("error", priority: 3, message)
    }

    private static func write(_ level: String, priority: Int, _ message: String) {
        let style = style.load(ordering: .relaxed)
        let time = Instant(secondsSinceEpoch: Syscall.wallClockSeconds()).description
        if style & json != 0 {
            emit("{\"time\":\"\(time)\",\"level\":\"\(level)\",\"message\":\(jsonString(message))}\n", to: 2)
        } else if style & journal != 0 {
            emit("<\(priority)>\(level): \(message)\n", to: 2)
        } else {
            emit("\(time) creditgated \(level): \(message)\n", to: 2)
        }
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func emit(_ line: String, to fd: Int32) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { try? Syscall.writeAll(fd, from: $0.baseAddress!, count: $0.count) }
    }
}

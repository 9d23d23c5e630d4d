import CreditProtocol

/// Turns a ``ServerReply`` into what is printed. For scripts (stdout not a terminal) the lines
/// are printed exactly as received, so they can be parsed like `nc` output. For people, each
/// line shows its plain words as a heading and its `key=value` words as aligned `key  value`
/// rows, the status word in colour (green OK/PONG, red HOLD/ERR) unless colour is off
/// (`NO_COLOR`, or not a terminal). Only records are split: the lines of a multi-line reply
/// that start with a lowercase kind (`customer`, `invoice`, `user`); others, such as HELP's
/// syntax lines, are prose and are shown as they are.
public struct ReplyFormatter: Sendable {
    public var readable: Bool
    public var colour: Bool

    public init(readable: Bool, colour: Bool) {
        self.readable = readable
        self.colour = colour && readable
    }

    /// The style for standard output: readable and coloured only on a terminal, no colour
    /// when `NO_COLOR` is set to anything (no-color.org).
    public static func forStandardOutput(isTerminal: Bool, environment: [String: String]) -> ReplyFormatter {
        ReplyFormatter(readable: isTerminal, colour: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty)
    }

    /// The text to print, without a trailing newline.
    public func format(_ reply: ServerReply) -> String {
        guard readable else { return reply.lines.joined(separator: "\n") }
        var out: [String] = []
        for (index, line) in reply.lines.enumerated() {
            if index == 0 {
                out.append(contentsOf: formatFirst(line, status: reply.status))
            } else if line.first?.isLowercase == true {
                out.append(contentsOf: formatRecord(ReplyWord.split(line).words, heading: []))
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// The status word coloured; an `OK *<n>` count is framing and is left out; an ERR's
    /// message is prose and is not split into rows.
    private func formatFirst(_ line: String, status: ServerReply.Status) -> [String] {
        let statusWord = paint(status)
        if status == .error {
            return [([statusWord] + line.split(separator: " ").dropFirst().map(String.init)).joined(separator: " ")]
        }
        var words = ReplyWord.split(line).words.dropFirst()
        if let count = words.first, count.key == nil, count.text.hasPrefix("*") { words = words.dropFirst() }
        return formatRecord(Array(words), heading: [statusWord])
    }

    private func formatRecord(_ words: [ReplyWord], heading: [String]) -> [String] {
        var plain = heading
        var rows: [(String, String)] = []
        for word in words {
            if let key = Self.rowKey(word) {
                rows.append((key, word.value))
            } else {
                plain.append(word.text)
            }
        }
        let width = rows.map(\.0.count).max() ?? 0
        let rowLines = rows.map { key, value in
            "  " + key + String(repeating: " ", count: width - key.count + 2) + value
        }
        return (plain.isEmpty ? [] : [plain.joined(separator: " ")]) + rowLines
    }

    /// The key a word is shown under as a row: lowercase letters, digits and `_`, so syntax
    /// such as `[order=<ref>]` in HELP's answer stays a plain word.
    private static func rowKey(_ word: ReplyWord) -> String? {
        guard let key = word.key, key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            return nil
        }
        return key
    }

    private func paint(_ status: ServerReply.Status) -> String {
        guard colour else { return status.rawValue }
        let code = status == .ok || status == .pong ? "32" : "31"
        return "\u{1B}[1;\(code)m\(status.rawValue)\u{1B}[0m"
    }
}

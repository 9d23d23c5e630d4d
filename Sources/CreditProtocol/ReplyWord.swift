/// One word of a reply line (protocol.md §2, §5): plain (`C1001`) or keyed (`limit=5000.00`).
/// A value in quotes (`name="Acme \"East\""`) stays one word however many spaces it holds, and
/// its value loses the quotes and the `\"`, `\\` escapes. The one reply tokenizer, for the
/// client's printing and export, the tests and a replica reading its primary alike.
public struct ReplyWord: Sendable, Equatable {
    /// The word as written, quotes and escapes included.
    public let text: String
    /// What stands before the word's first `=`; nil for a plain word.
    public let key: String?
    /// The word after `key=` (the whole word when plain), unquoted and unescaped.
    public let value: String

    public init(text: String, key: String?, value: String) {
        self.text = text
        self.key = key
        self.value = value
    }

    /// The words of `line`, split at spaces and tabs outside quotes. A quote opens a value at the
    /// start of a word or right after `key=`; anywhere else it is an ordinary character. `closed`
    /// is false when the line ends inside quotes; the last word then holds the rest of the line.
    public static func split(_ line: some StringProtocol) -> (words: [ReplyWord], closed: Bool) {
        var words: [ReplyWord] = []
        var text = ""
        var key: String?
        var value = ""
        var started = false
        var inQuotes = false
        var escaped = false
        func finish() {
            if started { words.append(ReplyWord(text: text, key: key, value: value)) }
            text = ""
            key = nil
            value = ""
            started = false
        }
        for character in line {
            if inQuotes {
                text.append(character)
                if escaped {
                    value.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuotes = false
                } else {
                    value.append(character)
                }
            } else if character == " " || character == "\t" {
                finish()
            } else {
                text.append(character)
                if character == "\"" && value.isEmpty && (!started || key != nil) {
                    inQuotes = true
                } else if character == "=" && key == nil && !value.isEmpty {
                    key = value
                    value = ""
                } else {
                    value.append(character)
                }
                started = true
            }
        }
        let closed = !inQuotes
        finish()
        return (words, closed)
    }
}

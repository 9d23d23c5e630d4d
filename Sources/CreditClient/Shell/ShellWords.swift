/// Splits a shell line into words the way a POSIX shell would for simple cases, so that
/// `customer C1 --name "Acme Ltd"` means in the interactive shell what it means on the command
/// line: whitespace separates words, '…' is literal, "…" allows \" and \\, and a backslash
/// outside quotes escapes the next character.
enum ShellWords {
    struct UnterminatedQuote: Error, Equatable {}

    static func split(_ line: String) throws(UnterminatedQuote) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if quote == "'" {
                if character == "'" { quote = nil } else { current.append(character) }
            } else if quote == "\"" {
                if character == "\"" {
                    quote = nil
                } else if character == "\\" {
                    escaped = true
                } else {
                    current.append(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil || escaped { throw UnterminatedQuote() }
        if inWord { words.append(current) }
        return words
    }
}

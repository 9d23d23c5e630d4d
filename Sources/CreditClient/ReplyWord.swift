/// One word of a reply line as a person reads it: plain (`C1001`) or keyed (`limit=5000.00`),
/// with a quoted value (`name="Acme \"East\""`) unquoted. Splitting respects quotes, so a
/// name with spaces stays one word.
enum ReplyWord: Equatable {
    case plain(String)
    case keyed(key: String, value: String)

    /// The words of `line`. A key is lowercase letters, digits and `_`, so syntax such as
    /// `[order=<ref>]` in HELP's answer stays a plain word.
    static func split(_ line: String) -> [ReplyWord] {
        var words: [ReplyWord] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if inQuotes && character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "\"" {
                current.append(character)
                inQuotes.toggle()
            } else if character == " " && !inQuotes {
                if !current.isEmpty { words.append(word(current)) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(word(current)) }
        return words
    }

    private static func word(_ text: String) -> ReplyWord {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex,
              text[..<equals].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { return .plain(text) }
        return .keyed(key: String(text[..<equals]), value: unquoted(text[text.index(after: equals)...]))
    }

    /// `"A \"b\""` → `A "b"`; anything not in quotes is returned as it is.
    static func unquoted(_ text: Substring) -> String {
        guard text.count >= 2, text.first == "\"", text.last == "\"" else { return String(text) }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if !escaped && character == "\\" {
                escaped = true
            } else {
                result.append(character)
                escaped = false
            }
        }
        return result
    }
}

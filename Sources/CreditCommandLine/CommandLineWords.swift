/// One pass over a command line's words, shared by `creditgated` and `creditgate`: it tells an
/// option (`--name`, `--name=value`, `-x`) from an operand, notices `--`, and takes the word after
/// an option as its value when asked. What a name means, and what is a mistake, stays with each
/// tool: the server's flat settings (``ServerOption``), the client's tree of subcommands.
public struct CommandLineWords {
    public enum Word: Equatable, Sendable {
        /// `--name`, or `--name=value` with its value inline.
        case long(name: String, inline: String?)
        /// `-x`: the letters after the dash (`-xyz` gives `xyz`, for the tool to refuse).
        case short(String)
        /// `--`: every later word is an operand.
        case endOfOptions
        /// Any other word, `-` alone included.
        case operand(String)
    }

    private var words: ArraySlice<String>
    private var optionsEnded = false

    public init(_ words: [String]) {
        self.words = words[...]
    }

    /// The next word taken apart, and as it was written.
    public mutating func next() -> (word: Word, text: String)? {
        guard let text = words.popFirst() else { return nil }
        if optionsEnded || text == "-" || !text.hasPrefix("-") { return (.operand(text), text) }
        if text == "--" {
            optionsEnded = true
            return (.endOfOptions, text)
        }
        guard text.hasPrefix("--") else { return (.short(String(text.dropFirst())), text) }
        let body = text.dropFirst(2)
        guard let equals = body.firstIndex(of: "=") else { return (.long(name: String(body), inline: nil), text) }
        return (.long(name: String(body[..<equals]), inline: String(body[body.index(after: equals)...])), text)
    }

    /// The next word as an option's value, as it is, when `accept` takes it; nil (and the word
    /// left for ``next()``) otherwise or at the end.
    public mutating func value(where accept: (String) -> Bool = { _ in true }) -> String? {
        guard let word = words.first, accept(word) else { return nil }
        return words.popFirst()
    }
}

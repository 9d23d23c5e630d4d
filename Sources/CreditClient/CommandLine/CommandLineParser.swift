import CreditCommandLine

/// One pass over a command line, holding what has been read so far, its words taken apart by
/// the ``CommandLineWords`` both executables share. The pass keeps going after
/// a mistake — remembering only the first — so that `-h` later on the line still wins and the
/// error names the most specific command reached.
struct CommandLineParser {
    /// The commands selected so far, root first; the last one receives positional words.
    private var chain: [CommandSpec]
    private var argumentIndex = 0
    private var arguments: [String: [String]] = [:]
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []
    private var helpRequested = false
    private var firstError: String?
    /// A word where a subcommand was expected named none: then the line is an error even with
    /// `help` on it, so `creditgate help frobnicate` fails (exit 64) instead of showing help.
    private var unknownSubcommand = false

    init(root: CommandSpec) {
        chain = [root]
    }

    private enum Named {
        case option(OptionSpec)
        case flag(FlagSpec)
    }

    mutating func parse(_ words: [String]) throws(ArgumentError) -> ParseResult {
        var words = CommandLineWords(words)
        while let (word, text) = words.next() {
            switch word {
            case .operand(let operand): takePositional(operand)
            case .endOfOptions: continue
            case .long(name: "help", inline: nil), .short("h"): helpRequested = true
            case .long(let name, let inline): takeNamed(long: name, inline: inline, from: &words)
            case .short(let letters): takeNamed(text, short: letters, from: &words)
            }
        }

        if helpRequested && !unknownSubcommand { return .help(HelpFormatter.help(chain)) }
        if let firstError { throw error(firstError) }
        let command = chain[chain.count - 1]
        if !command.subcommands.isEmpty { return .help(HelpFormatter.help(chain)) }
        let missing = command.arguments.dropFirst(argumentIndex).first { $0.arity == .required }
        if let missing { throw error("Missing expected argument '<\(missing.name)>'") }
        if let option = command.options.first(where: { $0.required && options[$0.long] == nil }) {
            throw error("Missing expected option '--\(option.long) <\(option.valueName)>'")
        }

        for option in chain.flatMap(\.options) where options[option.long] == nil {
            if let defaultValue = option.defaultValue {
                options[option.long] = [defaultValue]
            }
        }
        return .command(
            ParsedCommand(
                path: chain.dropFirst().map(\.name), arguments: arguments, options: options, flags: flags))
    }

    private mutating func takePositional(_ word: String) {
        let command = chain[chain.count - 1]
        if !command.subcommands.isEmpty {
            if let subcommand = command.subcommand(named: word) {
                chain.append(subcommand)
                argumentIndex = 0
            } else if word == "help" {
                helpRequested = true
            } else {
                unknownSubcommand = true
                record("Unknown subcommand '\(word)'")
            }
            return
        }
        guard argumentIndex < command.arguments.count else {
            record("Unexpected argument '\(word)'")
            return
        }
        let argument = command.arguments[argumentIndex]
        arguments[argument.name, default: []].append(word)
        if argument.arity != .variadic { argumentIndex += 1 }
    }

    private mutating func takeNamed(long: String, inline: String?, from words: inout CommandLineWords) {
        take(
            lookUp {
                $0.long == long
            } flag: {
                $0.long == long
            }, spelled: "--" + long, inlineValue: inline, from: &words)
    }

    private mutating func takeNamed(_ word: String, short letters: String, from words: inout CommandLineWords) {
        let letter = letters.count == 1 ? letters.first : nil
        let named = letter.flatMap { letter in
            lookUp {
                $0.short == letter
            } flag: {
                $0.short == letter
            }
        }
        take(named, spelled: word, inlineValue: nil, from: &words)
    }

    private mutating func take(
        _ named: Named?, spelled: String, inlineValue: String?, from words: inout CommandLineWords
    ) {
        switch named {
        case nil:
            record("Unknown option '\(spelled)'")
        case .flag(let flag):
            if inlineValue != nil {
                record("Flag '--\(flag.long)' does not take a value")
            } else if flags.contains(flag.long) {
                record("Flag '--\(flag.long)' cannot be repeated")
            } else {
                flags.insert(flag.long)
            }
        case .option(let option):
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if let next = words.value(where: Self.isValue) {
                value = next
            } else {
                record("Missing value for '\(spelled) <\(option.valueName)>'")
                return
            }
            if option.kind == .integer && Int(value) == nil {
                record("The value '\(value)' is invalid for '\(spelled) <\(option.valueName)>'")
            } else if !option.repeatable && options[option.long] != nil {
                record("Option '--\(option.long)' cannot be repeated")
            } else {
                options[option.long, default: []].append(value)
            }
        }
    }

    /// Finds a named option in the current command, then in each command above it, so a
    /// subcommand's own option shadows a global one of the same name.
    private func lookUp(option: (OptionSpec) -> Bool, flag: (FlagSpec) -> Bool) -> Named? {
        for command in chain.reversed() {
            if let found = command.options.first(where: option) { return .option(found) }
            if let found = command.flags.first(where: flag) { return .flag(found) }
        }
        return nil
    }

    /// Whether a separate word can be an option's value rather than the next option.
    private static func isValue(_ word: String) -> Bool {
        !word.hasPrefix("-") || word == "-" || Double(word) != nil
    }

    private mutating func record(_ message: String) {
        if firstError == nil { firstError = message }
    }

    private func error(_ message: String) -> ArgumentError {
        ArgumentError(
            message: message,
            usage: HelpFormatter.usage(chain),
            commandName: HelpFormatter.commandName(chain))
    }
}

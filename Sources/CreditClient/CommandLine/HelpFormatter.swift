import CreditCommandLine

/// Renders usage lines and help text in swift-argument-parser's layout: `OVERVIEW:`, `USAGE:`,
/// then sections of rows in ``HelpLayout`` (the server's too), wrapped at 80 columns. A fixed
/// width rather than the terminal's keeps the text identical in tests, pipes and terminals.
///
/// Commands are passed as a chain from the root down (`[creditgate, check]`); the options of
/// every command above the last are its global options.
enum HelpFormatter {
    static let screenWidth = 80

    /// The words that invoke the command, e.g. `creditgate check`.
    static func commandName(_ chain: [CommandSpec]) -> String {
        chain.map(\.name).joined(separator: " ")
    }

    /// The usage line without the `USAGE: ` prefix. Global options are left out (help lists
    /// them); required options have no brackets. When the line would exceed the screen width,
    /// the command's optional options collapse into `[<options>]` so the positional arguments
    /// and required options stay visible.
    static func usage(_ chain: [CommandSpec]) -> String {
        guard let command = chain.last else { return "" }
        let optionWords = command.options.map(usageWord) + command.flags.map { "[--\($0.long)]" }
        let requiredWords = command.options.filter(\.required).map(usageWord)
        func line(_ options: [String]) -> String {
            let words =
                command.subcommands.isEmpty
                ? command.arguments.map(usageWord) + options
                : options + ["<subcommand>"]
            return ([commandName(chain)] + words).joined(separator: " ")
        }
        let full = line(optionWords)
        if "USAGE: ".count + full.count <= screenWidth || optionWords.isEmpty {
            return full
        }
        return line(requiredWords + ["[<options>]"])
    }

    /// The complete help text of the last command in `chain`, without a trailing newline.
    static func help(_ chain: [CommandSpec]) -> String {
        guard let command = chain.last else { return "" }
        var sections: [String] = []
        if !command.abstract.isEmpty {
            sections.append(
                HelpLayout.wrap("OVERVIEW: \(command.abstract)", width: screenWidth).joined(separator: "\n"))
        }
        sections.append("USAGE: \(usage(chain))")
        if command.subcommands.isEmpty && !command.arguments.isEmpty {
            sections.append(section("ARGUMENTS", command.arguments.map { row("<\($0.name)>", $0.help) }))
        }
        let ownRows = optionRows(command) + [row("-h, --help", "Show help information.")]
        sections.append(section("OPTIONS", ownRows))
        let globalRows = chain.dropLast().flatMap(optionRows)
        if !globalRows.isEmpty {
            sections.append(section("GLOBAL OPTIONS", globalRows))
        }
        if !command.subcommands.isEmpty {
            let rows = command.subcommands.map { row($0.name, $0.abstract) }
            let helpPath = ([chain[0].name, "help"] + chain.dropFirst().map(\.name)).joined(separator: " ")
            sections.append(section("SUBCOMMANDS", rows))
            sections.append("  See '\(helpPath) <subcommand>' for detailed help.")
        }
        return sections.joined(separator: "\n\n")
    }

    private static func usageWord(_ argument: ArgumentSpec) -> String {
        switch argument.arity {
        case .required: "<\(argument.name)>"
        case .optional: "[<\(argument.name)>]"
        case .variadic: "[<\(argument.name)> ...]"
        }
    }

    private static func usageWord(_ option: OptionSpec) -> String {
        let repeats = option.repeatable ? " ..." : ""
        let word = "--\(option.long) <\(option.valueName)>\(repeats)"
        return option.required ? word : "[\(word)]"
    }

    private static func optionRows(_ command: CommandSpec) -> [String] {
        let options = command.options.map { option in
            let help = option.defaultValue.map { "\(option.help) (default: \($0))" } ?? option.help
            return row(label(long: option.long, short: option.short) + " <\(option.valueName)>", help)
        }
        let flags = command.flags.map { row(label(long: $0.long, short: $0.short), $0.help) }
        return options + flags
    }

    private static func label(long: String, short: Character?) -> String {
        short.map { "-\($0), --\(long)" } ?? "--\(long)"
    }

    private static func section(_ title: String, _ rows: [String]) -> String {
        "\(title):\n" + rows.joined(separator: "\n")
    }

    private static func row(_ label: String, _ help: String) -> String {
        HelpLayout.row(label, help, width: screenWidth)
    }
}

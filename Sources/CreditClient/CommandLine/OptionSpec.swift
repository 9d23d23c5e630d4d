/// An option that takes a value (`--order O-7`, `--order=O-7`, `-c 50`).
public struct OptionSpec: Sendable, Equatable {
    /// What the parser checks about the value before the command sees it.
    public enum ValueKind: Sendable, Equatable {
        /// Any text.
        case string
        /// A decimal integer, as `Int(_:)` reads it; anything else is a usage error (exit 64),
        /// not a failure discovered later by the command.
        case integer
    }

    /// The long name without dashes; also the key in ``ParsedCommand``.
    public var long: String
    /// The one-letter name used with a single dash, if any.
    public var short: Character?
    /// The placeholder shown as `<value>` in usage and help; defaults to the long name.
    public var valueName: String
    public var help: String
    /// The value the command sees when the option is left out; shown in help as `(default: …)`.
    public var defaultValue: String?
    public var kind: ValueKind
    /// Whether the option may be given more than once, each value kept in order. Repeating a
    /// non-repeatable option is an error rather than "last one wins", so a typo cannot silently
    /// override an earlier value.
    public var repeatable: Bool
    /// Whether the command cannot run without it: the usage line shows it without brackets and
    /// the parser refuses a command line that leaves it out.
    public var required: Bool

    public init(
        _ long: String,
        short: Character? = nil,
        valueName: String? = nil,
        help: String,
        defaultValue: String? = nil,
        kind: ValueKind = .string,
        repeatable: Bool = false,
        required: Bool = false
    ) {
        self.long = long
        self.short = short
        self.valueName = valueName ?? long
        self.help = help
        self.defaultValue = defaultValue
        self.kind = kind
        self.repeatable = repeatable
        self.required = required
    }
}

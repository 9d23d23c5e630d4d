/// One command of a command-line tool described as data, so that parsing, help text and error
/// messages all come from a single declaration (swift-argument-parser's conventions, written by
/// hand because CreditGate takes no package dependencies).
///
/// The root spec names the tool (`creditgate`); its options are global: they may appear before
/// the subcommand and are also accepted after it. A command with subcommands takes no
/// positional arguments of its own: its first bare word selects the subcommand.
public struct CommandSpec: Sendable, Equatable {
    /// The word that selects this command (the tool's name for the root).
    public var name: String
    /// One sentence shown after `OVERVIEW:` and in the parent's `SUBCOMMANDS:` list.
    public var abstract: String
    /// Positional arguments in order. Required ones come first; only the last may be variadic.
    public var arguments: [ArgumentSpec]
    /// Options that take a value.
    public var options: [OptionSpec]
    /// Options that take no value.
    public var flags: [FlagSpec]
    /// Commands below this one, in the order help lists them.
    public var subcommands: [CommandSpec]

    public init(
        name: String,
        abstract: String,
        arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [],
        flags: [FlagSpec] = [],
        subcommands: [CommandSpec] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.arguments = arguments
        self.options = options
        self.flags = flags
        self.subcommands = subcommands
    }

    /// The direct subcommand called `name`, if any.
    func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }
}

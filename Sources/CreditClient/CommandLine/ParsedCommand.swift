import CreditProtocol

/// The values of a successfully parsed command line, keyed by the names in the ``CommandSpec``.
/// Options left out appear with their default value, so a command reads one dictionary.
public struct ParsedCommand: Sendable, Equatable {
    /// Subcommand names below the root, outermost first (`["check"]`); empty for the root.
    public var path: [String]
    /// Positional values by argument name; absent optional arguments have no entry.
    public var arguments: [String: [String]]
    /// Option values by long name, in the order given; defaults fill in absent options.
    public var options: [String: [String]]
    /// Long names of the flags that were given.
    public var flags: Set<String>

    public init(
        path: [String] = [],
        arguments: [String: [String]] = [:],
        options: [String: [String]] = [:],
        flags: Set<String> = []
    ) {
        self.path = path
        self.arguments = arguments
        self.options = options
        self.flags = flags
    }

    /// The first-level subcommand, the one a tool dispatches on.
    public var subcommand: String? { path.first }

    /// The value of a single-valued positional argument.
    public func argument(_ name: String) -> String? { arguments[name]?.first }

    /// A positional argument the command's spec requires: the parser has made sure it is there,
    /// so a missing one means a spec and its code disagree, which is an error, never a crash.
    public func required(_ name: String) throws(RequestError) -> String {
        guard let value = argument(name) else { throw RequestError("missing <\(name)>") }
        return value
    }

    /// Every value of a variadic positional argument.
    public func argumentValues(_ name: String) -> [String] { arguments[name] ?? [] }

    /// The value of a non-repeatable option (or the last value of a repeatable one).
    public func option(_ name: String) -> String? { options[name]?.last }

    /// Every value of a repeatable option, in the order given.
    public func optionValues(_ name: String) -> [String] { options[name] ?? [] }

    /// The value of an ``OptionSpec/ValueKind/integer`` option; the parser has already
    /// rejected values that are not integers.
    public func integer(_ name: String) -> Int? { option(name).flatMap { Int($0) } }

    /// Whether the flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// A positional argument of a ``CommandSpec``.
public struct ArgumentSpec: Sendable, Equatable {
    /// How many values the argument takes.
    public enum Arity: Sendable, Equatable {
        /// Exactly one value; leaving it out is an error.
        case required
        /// Zero or one value.
        case optional
        /// Zero or more values; it must be the last argument and takes every remaining word.
        case variadic
    }

    /// The name shown as `<name>` in usage and help, and the key in ``ParsedCommand``.
    public var name: String
    /// The sentence shown in the `ARGUMENTS:` section.
    public var help: String
    public var arity: Arity

    public init(_ name: String, help: String, arity: Arity = .required) {
        self.name = name
        self.help = help
        self.arity = arity
    }
}

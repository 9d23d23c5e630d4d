/// An option that takes no value (`--json`, `-q`); present or absent.
public struct FlagSpec: Sendable, Equatable {
    /// The long name without dashes; also the key in ``ParsedCommand``.
    public var long: String
    /// The one-letter name used with a single dash, if any.
    public var short: Character?
    public var help: String

    public init(_ long: String, short: Character? = nil, help: String) {
        self.long = long
        self.short = short
        self.help = help
    }
}

/// One one-shot subcommand as data: its command-line spec, the protocol verb it sends and how
/// its parsed words become that request line. The whole client is driven from a table of these
/// (``SubcommandTable``), in the manner of the server's verb table.
struct Subcommand: Sendable {
    /// The group it is listed under (`user` for `user add`), or nil for a top-level command.
    let group: String?
    let spec: CommandSpec
    /// The verb of VerbTable it sends (`USER ADD`), so a test proves every verb has a command.
    let verb: String
    /// Long names of options that must be given; the protocol requires their keys.
    let requiredOptions: [String]
    let build: @Sendable (ParsedCommand, inout RequestBuilder) throws(RequestError) -> Void

    init(
        group: String? = nil, _ spec: CommandSpec, verb: String, required: [String] = [],
        build: @escaping @Sendable (ParsedCommand, inout RequestBuilder) throws(RequestError) -> Void
    ) {
        self.group = group
        self.spec = spec
        self.verb = verb
        self.requiredOptions = required
        self.build = build
    }

    /// The words that select it below the tool: `["user", "add"]`.
    var path: [String] { (group.map { [$0] } ?? []) + [spec.name] }

    /// The request line for a parsed command line of this subcommand.
    func request(for command: ParsedCommand) throws(RequestError) -> String {
        for long in requiredOptions where command.option(long) == nil {
            let valueName = spec.options.first { $0.long == long }?.valueName ?? long
            throw RequestError("Missing expected option '--\(long) <\(valueName)>'")
        }
        var builder = RequestBuilder(verb)
        try build(command, &builder)
        return builder.line
    }
}

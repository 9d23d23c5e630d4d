import CreditProtocol

/// One one-shot subcommand as data: its command-line spec, the protocol verb it sends and how
/// its parsed words become that request line. The whole client is driven from a table of these
/// (``SubcommandTable``), in the manner of the server's verb table.
struct Subcommand: Sendable {
    /// The group it is listed under (`user` for `user add`), or nil for a top-level command.
    let group: String?
    let spec: CommandSpec
    /// The verb of VerbTable it sends (`USER ADD`), so a test proves every verb has a command.
    let verb: String
    let build: @Sendable (ParsedCommand, inout RequestBuilder) throws(RequestError) -> Void

    /// `required`: long names of options that must be given (the protocol requires their keys);
    /// they are marked so in the spec, for the parser and the usage line.
    init(
        group: String? = nil, _ spec: CommandSpec, verb: String, required: [String] = [],
        build: @escaping @Sendable (ParsedCommand, inout RequestBuilder) throws(RequestError) -> Void
    ) {
        var spec = spec
        for index in spec.options.indices where required.contains(spec.options[index].long) {
            spec.options[index].required = true
        }
        self.group = group
        self.spec = spec
        self.verb = verb
        self.build = build
    }

    /// The words that select it below the tool: `["user", "add"]`.
    var path: [String] { (group.map { [$0] } ?? []) + [spec.name] }

    /// The request line for a parsed command line of this subcommand.
    func request(for command: ParsedCommand) throws(RequestError) -> String {
        var builder = RequestBuilder(verb)
        try build(command, &builder)
        return builder.line
    }
}

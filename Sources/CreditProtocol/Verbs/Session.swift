import CreditCore

/// PING, HELP, QUIT and AUTH: the session's verbs; nothing they do is journaled.
extension VerbTable {
    static let session: [VerbSpec] = [
        VerbSpec("PING", "PING", "Answers PONG.", arguments: 0...0, role: nil, access: .session) { _, _ in .ping },
        VerbSpec(
            "HELP", "HELP [<verb>]", "Lists the verbs, or the syntax of one.",
            arguments: 0...1, role: nil, access: .session
        ) { line, _ in
            .help(verb: line.positional(0).map { line.text($0).uppercased() })
        },
        VerbSpec("QUIT", "QUIT", "Closes the connection.", arguments: 0...0, role: nil, access: .session) { _, _ in
            .quit
        },
        VerbSpec(
            "AUTH", "AUTH <user> <secret>", "Signs this connection in.",
            arguments: 2...2, role: nil, access: .session
        ) { line, _ throws(CreditError) in
            .auth(user: try line.identifier(0, "user"), secret: try line.text(1, "secret"))
        },
    ]
}

extension Reply {
    public static func pong(into out: inout [UInt8]) {
        out.append(contentsOf: "PONG\n".utf8)
    }
}

import CreditProtocol

extension Server {
    /// What `creditgated` was asked to do by its arguments.
    public enum Invocation {
        /// Print this (`--help`, `--version`) and exit 0.
        case show(String)
        /// Start the server.
        case run(Configuration)
        /// Check a data folder or a backup without starting (`--verify <dir>`).
        case verify(String)
    }

    /// Parses `creditgated`'s arguments: each setting of ``ServerOption/all`` as `--name value`,
    /// `--name=value` or, for a flag, `--name`. Throws a message for a bad one.
    public static func invocation(_ arguments: [String], environment: [String: String]) throws(ConfigurationError)
        -> Invocation {
        var configuration = Configuration()
        configuration.adminSecret = environment["CREDITGATE_ADMIN_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        var words = arguments[...]
        while let word = words.popFirst() {
            var name = word
            var inline: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                name = String(word[..<equals])
                inline = String(word[word.index(after: equals)...])
            }
            switch name {
            case "-h", "--help": return .show(usage)
            case "--version": return .show("creditgated \(CreditGateVersion.current)")
            case "--verify":
                guard let folder = inline ?? words.popFirst(), !folder.isEmpty else {
                    throw ConfigurationError("--verify needs a folder: a data folder or a backup")
                }
                return .verify(folder)
            default: break
            }
            guard name.hasPrefix("--"), let option = ServerOption.named(String(name.dropFirst(2))) else {
                throw ConfigurationError("unknown option '\(word)'")
            }
            let value: String
            if option.isFlag {
                guard inline == nil else { throw ConfigurationError("\(name) takes no value") }
                value = "yes"
            } else if let given = inline ?? words.popFirst() {
                value = given
            } else {
                throw ConfigurationError("\(name) needs a value")
            }
            do throws(ServerOption.Problem) {
                try option.apply(&configuration, value)
            } catch {
                throw ConfigurationError("\(name) \(error.text)")
            }
        }
        if let secret = configuration.adminSecret, secret.count < Configuration.minimumSecretLength {
            throw ConfigurationError("""
                CREDITGATE_ADMIN_SECRET has \(secret.count) characters; it needs at least \(Configuration.minimumSecretLength) \
                (or unset it, and a secret is generated into the data folder's admin.secret)
                """)
        }
        return .run(configuration)
    }

    /// `creditgated --help`, from the option table.
    static var usage: String {
        let options = ServerOption.all.map { option in
            helpRow("--\(option.name)" + (option.placeholder.map { " <\($0)>" } ?? ""), option.help)
        }
        return (["USAGE: creditgated [--listen <addr:port>] [--data <dir>] [--demo] [<options>]", "", "OPTIONS:"]
            + options
            + [helpRow("--verify <dir>", "Check a data folder or a backup (snapshots, journal continuity, every record) "
                   + "without starting or changing it; exit 0 intact, 1 damaged."),
               helpRow("--version", "Show the version and exit."), helpRow("-h, --help", "Show help information."),
               "", "ENVIRONMENT:",
               helpRow("CREDITGATE_ADMIN_SECRET", "The first admin's secret on an empty data folder, at least 16 characters "
                   + "(else one is generated into <data>/admin.secret, mode 0600).")])
            .joined(separator: "\n")
    }

    /// A label and its help, the help starting at column 26 and wrapped at 100 columns.
    private static func helpRow(_ label: String, _ help: String) -> String {
        let column = 26
        var lines: [String] = []
        var current = ""
        for word in help.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > 100 - column {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        lines.append(current)
        let first = "  " + label
        let head = first.count < column ? first + String(repeating: " ", count: column - first.count) + lines[0]
            : first + "\n" + String(repeating: " ", count: column) + lines[0]
        return ([head] + lines.dropFirst().map { String(repeating: " ", count: column) + $0 }).joined(separator: "\n")
    }
}

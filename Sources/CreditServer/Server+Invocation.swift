import CreditCommandLine
import CreditNet
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
        /// Give the admin a new secret in a stopped server's folder (`--reset-admin`).
        case resetAdmin(Configuration)
    }

    /// Parses `creditgated`'s arguments: each setting of ``ServerOption/all`` as `--name value`,
    /// `--name=value` or, for a flag, `--name`; `--config <file>` reads settings from a file
    /// first (see ``ConfigurationFile``), the command line winning; `--check-config` shows the
    /// settings in effect instead of starting. Throws a message for a bad setting.
    public static func invocation(_ arguments: [String], environment: [String: String]) throws(ConfigurationError)
        -> Invocation
    {
        var commandLine: [(option: ServerOption, spelled: String, value: String)] = []
        var configPath: String?
        var checkOnly = false
        var force = false
        var resetAdmin = false
        var words = CommandLineWords(arguments)
        while let (parsed, word) = words.next() {
            var name = word
            var inline: String?
            if case .long(let long, let value) = parsed {
                name = "--" + long
                inline = value
            }
            switch name {
            case "-h", "--help": return .show(usage)
            case "--version": return .show("creditgated \(CreditGateVersion.current)")
            case "--verify":
                guard let folder = inline ?? words.value(), !folder.isEmpty else {
                    throw ConfigurationError("--verify needs a folder: a data folder or a backup")
                }
                return .verify(folder)
            case "--force":
                // A one-time recovery decision, not a setting: never read from a file.
                force = true
                continue
            case "--reset-admin":
                resetAdmin = true
                continue
            case "--check-config":
                checkOnly = true
                continue
            case "--config":
                guard let path = inline ?? words.value(), !path.isEmpty else {
                    throw ConfigurationError("--config needs a file")
                }
                configPath = path
                continue
            default: break
            }
            guard name.hasPrefix("--"), let option = ServerOption.named(String(name.dropFirst(2))) else {
                throw ConfigurationError("unknown option '\(word)'")
            }
            let value: String
            if option.isFlag {
                guard inline == nil else { throw ConfigurationError("\(name) takes no value") }
                value = "yes"
            } else if let given = inline ?? words.value() {
                value = given
            } else {
                throw ConfigurationError("\(name) needs a value")
            }
            commandLine.append((option, name, value))
        }

        var configuration = Configuration()
        configuration.force = force
        configuration.adminSecret =
            environment["CREDITGATE_ADMIN_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["CREDENTIALS_DIRECTORY"].flatMap { credential("admin-secret", in: $0) }
        configuration.notifySocket = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.watchdogMicroseconds = environment["WATCHDOG_USEC"].flatMap { UInt64($0) }.flatMap {
            $0 > 0 ? $0 : nil
        }
        configuration.logToJournal =
            environment["JOURNAL_STREAM"].map { $0 == Syscall.fileIdentity(Syscall.standardError) } ?? false
        if let configPath {
            try ConfigurationFile.load(configPath).apply(to: &configuration)
        }
        for (option, spelled, value) in commandLine {
            do throws(ServerOption.Problem) {
                try option.apply(&configuration, value)
            } catch {
                throw ConfigurationError("\(spelled) \(error.text)")
            }
        }
        if configuration.fsync == .everysec, configuration.syncReplicas > 0 || configuration.replicaOf != nil {
            throw ConfigurationError(
                """
                --fsync everysec cannot go with \(configuration.replicaOf == nil ? "--sync-replicas" : "--replica-of"): \
                an ACK means the records are on the replica's disk, and under everysec they may not be yet (use batch \
                or always)
                """)
        }
        if let secret = configuration.adminSecret, secret.count < Configuration.minimumSecretLength {
            throw ConfigurationError(
                """
                CREDITGATE_ADMIN_SECRET has \(secret.count) characters; it needs at least \(Configuration.minimumSecretLength) \
                (or unset it, and a secret is generated into the data folder's admin.secret)
                """)
        }
        configuration.replicaSecret =
            environment["CREDITGATE_REPLICA_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["CREDENTIALS_DIRECTORY"].flatMap { credential("replica-secret", in: $0) }
        if configuration.replicaOf != nil, configuration.replicaUser == nil || configuration.replicaSecret == nil {
            throw ConfigurationError(
                """
                --replica-of needs --replica-user <name> and that user's secret in CREDITGATE_REPLICA_SECRET (make the \
                user on the primary with USER ADD <name> role=replica)
                """)
        }
        if resetAdmin { return .resetAdmin(configuration) }
        guard checkOnly else { return .run(configuration) }
        return .show(
            settingsInEffect(
                configuration,
                source: configPath.map { "\($0), then the command line" }
                    ?? "the defaults and the command line"))
    }

    /// `--check-config`'s output: every setting as a line of a configuration file, so it can be
    /// kept as one; a value with a `#` or surrounding spaces is quoted.
    private static func settingsInEffect(_ configuration: Configuration, source: String) -> String {
        let lines = ServerOption.all.map { option in
            let value = option.show(configuration)
            let quoted = value.contains("#") || value.first == " " || value.last == " "
            return "\(option.name) = " + (quoted ? "\"\(value)\"" : value)
        }
        return (["# creditgated \(CreditGateVersion.current): the settings in effect (\(source))"] + lines).joined(
            separator: "\n")
    }

    /// A systemd credential (`LoadCredential=admin-secret:<file>`, `replica-secret`), so a secret
    /// need be neither in the environment nor printed into the journal; nil when there is none.
    private static func credential(_ name: String, in directory: String) -> String? {
        guard let text = try? ConfigurationFile.read(directory + "/" + name) else { return nil }
        let secret = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return secret.isEmpty ? nil : secret
    }

    /// `creditgated --help`, from the option table.
    static var usage: String {
        let options = ServerOption.all.map { option in
            helpRow("--\(option.name)" + (option.placeholder.map { " <\($0)>" } ?? ""), option.help)
        }
        return
            (["USAGE: creditgated [--listen <addr:port>] [--data <dir>] [--demo] [<options>]", "", "OPTIONS:"]
            + options
            + [
                helpRow(
                    "--verify <dir>",
                    "Check a data folder or a backup (snapshots, journal continuity, every record) "
                        + "without starting or changing it; exit 0 intact, 1 damaged."),
                helpRow(
                    "--force",
                    "Start although journal records are missing: they are lost, later records that need "
                        + "them are skipped (each logged), and a snapshot is written. Command line only."),
                helpRow(
                    "--reset-admin",
                    "With the server stopped: give the user admin a new secret, written to "
                        + "<data>/admin.secret (mode 0600), and exit. For a lost admin secret."),
                helpRow(
                    "--config <file>",
                    "Read settings from a file first: 'key = value' lines, every option above by "
                        + "its name without dashes ('fsync = batch', 'demo = yes'), '#' comments; the command line wins."
                ),
                helpRow(
                    "--check-config",
                    "Check the settings (file and command line) and print those in effect; "
                        + "exit 0, or name the bad line and exit 78. Starts nothing."),
                helpRow("--version", "Show the version and exit."), helpRow("-h, --help", "Show help information."),
                "", "ENVIRONMENT:",
                helpRow(
                    "CREDITGATE_ADMIN_SECRET",
                    "The first admin's secret on an empty data folder, at least 16 characters "
                        + "(else one is generated into <data>/admin.secret, mode 0600)."),
                helpRow(
                    "CREDITGATE_REPLICA_SECRET",
                    "With --replica-of or for FOLLOW: the secret of --replica-user on the primary."),
                helpRow(
                    "CREDENTIALS_DIRECTORY",
                    "Set by systemd: the files admin-secret and replica-secret in it "
                        + "(LoadCredential=) are taken like CREDITGATE_ADMIN_SECRET and CREDITGATE_REPLICA_SECRET."),
                helpRow(
                    "NOTIFY_SOCKET",
                    "Set by systemd (Type=notify): READY=1 once listening, STOPPING=1, and WATCHDOG=1 "
                        + "every half WATCHDOG_USEC are sent to it."),
                helpRow(
                    "JOURNAL_STREAM",
                    "Set by systemd when stderr is the journal: while it names stderr, text "
                        + "log lines carry their syslog priority instead of a time."),
            ])
            .joined(separator: "\n")
    }

    /// A label and its help in ``HelpLayout``, wrapped at 100 columns.
    private static func helpRow(_ label: String, _ help: String) -> String {
        HelpLayout.row(label, help, width: 100)
    }
}

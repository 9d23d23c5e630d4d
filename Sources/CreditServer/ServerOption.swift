import CreditCore
import CreditNet
import CreditStore

/// One setting of `creditgated` as data: its name (the long option without dashes, and the key
/// in a configuration file), its help, how a value changes the ``Server/Configuration``, and
/// how the configuration shows it again. The command line, the configuration file, `--help`
/// and `--check-config` all come from ``all``, so none of them can miss a setting.
struct ServerOption: Sendable {
    /// Why a value was refused, without the option's name: the caller says where it came from.
    struct Problem: Error {
        let text: String

        init(_ text: String) {
            self.text = text
        }
    }

    let name: String
    /// `<addr:port>` in usage; nil for a flag, which takes no value on the command line and
    /// `yes` or `no` in a file.
    let placeholder: String?
    let help: String
    let apply: @Sendable (inout Server.Configuration, String) throws(Problem) -> Void
    let show: @Sendable (Server.Configuration) -> String

    var isFlag: Bool { placeholder == nil }

    static func named(_ name: String) -> ServerOption? {
        all.first { $0.name == name }
    }

    static let all: [ServerOption] = [
        ServerOption(
            name: "listen", placeholder: "addr:port",
            help: "Address to listen on; port 0 picks a free port. (default: 127.0.0.1:7070)",
            apply: { configuration, text throws(Problem) in
                guard let address = SocketAddress(parsing: text) else {
                    throw Problem("must be <addr:port>, e.g. 127.0.0.1:7070")
                }
                configuration.listen = address
            }, show: { $0.listen.description }),
        ServerOption(
            name: "data", placeholder: "dir", help: "Data folder, created if missing. (default: ./creditgate-data)",
            apply: { configuration, text throws(Problem) in
                guard !text.isEmpty else { throw Problem("must name a folder") }
                configuration.dataDirectory = text
            }, show: { $0.dataDirectory }),
        ServerOption(
            name: "demo", placeholder: nil, help: "Load five sample customers, one of each kind of answer.",
            apply: { configuration, text throws(Problem) in configuration.demo = try yes(text) },
            show: { $0.demo ? "yes" : "no" }),
        ServerOption(
            name: "fsync", placeholder: "policy",
            help: "batch: one fdatasync per loop turn before any reply (OK means on disk); always: the same "
                + "with a full fsync; everysec: synced once a second. (default: batch)",
            apply: { configuration, text throws(Problem) in
                guard let policy = FsyncPolicy(rawValue: text) else {
                    throw Problem("must be always, batch or everysec")
                }
                configuration.fsync = policy
            }, show: { $0.fsync.rawValue }),
        number(
            "snapshot-every", "s", "Seconds between snapshots; 0 for none by time. (default: 3600)",
            0...31_536_000, \.snapshotEvery),
        number(
            "snapshot-records", "n", "Journal records that trigger a snapshot. (default: 1000000)",
            1...1_000_000_000, \.snapshotRecords),
        number("snapshots-kept", "n", "Snapshots kept on disk. (default: 3)", 1...100, \.snapshotsKept),
        number(
            "max-connections", "n", "Connections served at once; more get ERR BUSY. (default: 1024)",
            1...1_000_000, \.maxConnections),
        number(
            "idle-timeout", "s", "Close a connection idle this long; 0 for never. (default: 300)",
            0...86_400, \.idleTimeout),
        number(
            "output-limit", "bytes", "Unsent replies per client before it is no longer read. (default: 8388608)",
            65_536...(1 << 34), \.outputLimit),
        ServerOption(
            name: "open-check", placeholder: "who",
            help: "loopback | any | none: who may CHECK unsigned. (default: loopback)",
            apply: { configuration, text throws(Problem) in
                guard let who = Server.OpenCheck(rawValue: text) else {
                    throw Problem("must be loopback, any or none")
                }
                configuration.openCheck = who
            }, show: { $0.openCheck.rawValue }),
        ServerOption(
            name: "timezone", placeholder: "zone", help: "Business time zone for calendar days. (default: UTC)",
            apply: { configuration, text throws(Problem) in
                guard BusinessCalendar(identifier: text) != nil else {
                    throw Problem("must be a time zone such as Europe/Berlin, not \(text)")
                }
                configuration.timeZone = text
            }, show: { $0.timeZone }),
        ServerOption(
            name: "metrics", placeholder: "addr:port",
            help: "Serve Prometheus metrics on GET /metrics there; no sign-in, so keep it on a private "
                + "address; off for none. (default: off)",
            apply: { configuration, text throws(Problem) in
                if text == "off" {
                    configuration.metrics = nil
                    return
                }
                guard let address = SocketAddress(parsing: text) else {
                    throw Problem("must be <addr:port>, e.g. 127.0.0.1:9107")
                }
                configuration.metrics = address
            }, show: { $0.metrics?.description ?? "off" }),
        ServerOption(
            name: "log-format", placeholder: "format",
            help: "text: '<time> creditgated <level>: <message>' (under systemd: '<priority><level>: <message>'); "
                + "json: one object per line with time, level and message. (default: text)",
            apply: { configuration, text throws(Problem) in
                guard let format = Server.LogFormat(rawValue: text) else { throw Problem("must be text or json") }
                configuration.logFormat = format
            }, show: { $0.logFormat.rawValue }),
        ServerOption(
            name: "replica-of", placeholder: "host:port",
            help: "Follow this primary as a replica: its journal is streamed here, reads are answered, "
                + "changes get ERR REPLICA. Needs --replica-user and $CREDITGATE_REPLICA_SECRET. (default: off)",
            apply: { configuration, text throws(Problem) in
                if text == "off" {
                    configuration.replicaOf = nil
                    return
                }
                guard let address = SocketAddress(parsing: text), address.port != 0 else {
                    throw Problem("must be <host:port> of the primary, e.g. 10.0.0.5:7070")
                }
                configuration.replicaOf = address
            }, show: { $0.replicaOf?.description ?? "off" }),
        ServerOption(
            name: "replica-user", placeholder: "name",
            help: "The primary's user (role replica) this server signs in as, with --replica-of or after FOLLOW. "
                + "(default: off)",
            apply: { configuration, text throws(Problem) in
                guard !text.isEmpty else { throw Problem("must name a user, or be off") }
                configuration.replicaUser = text == "off" ? nil : text
            }, show: { $0.replicaUser ?? "off" }),
        number(
            "max-lag", "s",
            "A replica that has not heard from its primary this long answers CHECK with ERR STALE. "
                + "(default: 30)", 1...86_400, \.maxLag),
        number(
            "replica-timeout", "s",
            "A replica that hears nothing on its connection to the primary this long (heartbeats come every "
                + "200 ms) drops it and connects again. (default: 10)", 1...3_600, \.replicaTimeout),
        number(
            "replica-backlog", "bytes",
            "On a primary: unsent stream a replica may fall behind by (or --output-limit, if larger) before it is "
                + "dropped; it catches up when it reconnects. A catch-up being sent comes on top. "
                + "(default: 67108864)", 65_536...(1 << 34), \.replicaBacklog),
        number(
            "sync-replicas", "n",
            "A change is answered OK only once it is durable here and on this many replicas "
                + "(their ACKs); 0 for none. (default: 0)", 0...16, \.syncReplicas),
        number(
            "sync-timeout", "s",
            "With --sync-replicas: seconds a change waits for the replicas before it is answered "
                + "ERR NOT_REPLICATED. (default: 5)", 1...3600, \.syncTimeout),
        ServerOption(
            name: "start-fenced", placeholder: nil,
            help: "Start (unless a replica) taking no changes, ERR FENCED, until PROMOTE or FOLLOW: for servers "
                + "run by Scripts/ha, so an old primary back after a failover takes nothing in its old epoch. "
                + "(default: no)",
            apply: { configuration, text throws(Problem) in configuration.startFenced = try yes(text) },
            show: { $0.startFenced ? "yes" : "no" }),
        ServerOption(
            name: "test-clock", placeholder: nil, help: "Enable CLOCK SET, for tests.",
            apply: { configuration, text throws(Problem) in configuration.testClock = try yes(text) },
            show: { $0.testClock ? "yes" : "no" }),
    ]

    /// A whole-number setting within `range`.
    private static func number(
        _ name: String, _ placeholder: String, _ help: String, _ range: ClosedRange<Int>,
        _ field: WritableKeyPath<Server.Configuration, Int> & Sendable
    ) -> ServerOption {
        ServerOption(
            name: name, placeholder: placeholder, help: help,
            apply: { configuration, text throws(Problem) in
                guard let number = Int(text), range.contains(number) else {
                    throw Problem("must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                configuration[keyPath: field] = number
            }, show: { String($0[keyPath: field]) })
    }

    /// A flag's value in a file: yes or no (true/false, on/off, 1/0 are read too).
    private static func yes(_ text: String) throws(Problem) -> Bool {
        switch text.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: throw Problem("must be yes or no")
        }
    }
}

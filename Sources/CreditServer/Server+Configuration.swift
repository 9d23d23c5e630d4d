import CreditCore
import CreditNet
import CreditStore

extension Server {
    /// Who may CHECK without signing in: terminals on the same machine by
    /// default, everyone, or no one.
    public enum OpenCheck: String, Sendable, CaseIterable {
        case loopback
        case any
        case none
    }

    /// Everything `creditgated` can be told; every field has a default that
    /// works on a fresh machine.
    public struct Configuration: Sendable {
        public var listen = SocketAddress(host: "127.0.0.1", port: 7070)
        public var dataDirectory = "./creditgate-data"
        public var maxConnections = 1024
        /// Seconds without a complete request before a connection is closed (0: never).
        public var idleTimeout = 300
        /// Unsent replies held for a client before its further lines wait and it is not read.
        public var outputLimit = 8 << 20
        public var openCheck = OpenCheck.loopback
        public var testClock = false
        public var demo = false
        public var fsync = FsyncPolicy.batch
        /// Snapshot every so many seconds (0: only by record count, SNAPSHOT and shutdown).
        public var snapshotEvery = 3600
        /// Snapshot once the journal holds this many records since the last one.
        public var snapshotRecords = 1_000_000
        public var snapshotsKept = 3
        public var timeZone = "UTC"
        /// The first admin's secret on an empty data folder ($CREDITGATE_ADMIN_SECRET).
        public var adminSecret: String?

        public init() {}

        public static let usage = """
            USAGE: creditgated [--listen <addr:port>] [--data <dir>] [--demo] [<options>]

            OPTIONS:
              --listen <addr:port>    Address to listen on. (default: 127.0.0.1:7070; port 0 picks a free port)
              --data <dir>            Data folder, created if missing. (default: ./creditgate-data)
              --demo                  Load five sample customers, one of each kind of answer.
              --fsync <policy>        batch: one fdatasync per loop turn before any reply (OK means on disk);
                                      always: the same with a full fsync; everysec: synced once a second.
                                      (default: batch)
              --snapshot-every <s>    Seconds between snapshots; 0 for none by time. (default: 3600)
              --snapshot-records <n>  Journal records that trigger a snapshot. (default: 1000000)
              --snapshots-kept <n>    Snapshots kept on disk. (default: 3)
              --max-connections <n>   Connections served at once; more get ERR BUSY. (default: 1024)
              --idle-timeout <s>      Close a connection idle this long; 0 for never. (default: 300)
              --output-limit <bytes>  Unsent replies per client before it is no longer read. (default: 8388608)
              --open-check <who>      loopback | any | none: who may CHECK unsigned. (default: loopback)
              --timezone <zone>       Business time zone for calendar days. (default: UTC)
              --test-clock            Enable CLOCK SET, for tests.
              -h, --help              Show help information.

            ENVIRONMENT:
              CREDITGATE_ADMIN_SECRET The first admin's secret on an empty data folder (else one is generated).
            """

        /// Parses `creditgated`'s arguments; throws a message for a bad one.
        public static func parse(_ arguments: [String], environment: [String: String]) throws(ConfigurationError)
            -> Configuration? {
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
                func value() throws(ConfigurationError) -> String {
                    if let inline { return inline }
                    guard let next = words.popFirst() else { throw ConfigurationError("\(name) needs a value") }
                    return next
                }
                func number(_ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
                    let text = try value()
                    guard let number = Int(text), range.contains(number) else {
                        throw ConfigurationError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                    }
                    return number
                }
                switch name {
                case "-h", "--help": return nil
                case "--listen":
                    let text = try value()
                    guard let address = SocketAddress(parsing: text) else {
                        throw ConfigurationError("--listen must be <addr:port>, e.g. 127.0.0.1:7070")
                    }
                    configuration.listen = address
                case "--data": configuration.dataDirectory = try value()
                case "--demo": configuration.demo = true
                case "--test-clock": configuration.testClock = true
                case "--fsync":
                    let text = try value()
                    guard let policy = FsyncPolicy(rawValue: text) else {
                        throw ConfigurationError("--fsync must be always, batch or everysec")
                    }
                    configuration.fsync = policy
                case "--snapshot-every": configuration.snapshotEvery = try number(0...31_536_000)
                case "--snapshot-records": configuration.snapshotRecords = try number(1...1_000_000_000)
                case "--snapshots-kept": configuration.snapshotsKept = try number(1...100)
                case "--max-connections": configuration.maxConnections = try number(1...1_000_000)
                case "--idle-timeout": configuration.idleTimeout = try number(0...86_400)
                case "--output-limit": configuration.outputLimit = try number(65_536...(1 << 34))
                case "--open-check":
                    let text = try value()
                    guard let who = OpenCheck(rawValue: text) else {
                        throw ConfigurationError("--open-check must be loopback, any or none")
                    }
                    configuration.openCheck = who
                case "--timezone":
                    let text = try value()
                    guard BusinessCalendar(identifier: text) != nil else {
                        throw ConfigurationError("--timezone: unknown time zone \(text)")
                    }
                    configuration.timeZone = text
                default:
                    throw ConfigurationError("unknown option '\(word)'")
                }
            }
            return configuration
        }
    }

    public struct ConfigurationError: Error, CustomStringConvertible {
        public let description: String

        init(_ description: String) {
            self.description = description
        }
    }
}

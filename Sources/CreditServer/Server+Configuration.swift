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

    /// How log lines are written (see `Log`).
    public enum LogFormat: String, Sendable, CaseIterable {
        case text
        case json
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
        /// Where to serve `GET /metrics` for Prometheus; nil: not served.
        public var metrics: SocketAddress?
        /// The first admin's secret on an empty data folder ($CREDITGATE_ADMIN_SECRET).
        public var adminSecret: String?
        /// Start although journal records are missing, losing them (`JournalChain`).
        public var force = false

        /// The shortest first admin secret taken from the environment.
        public static let minimumSecretLength = 16
        public var logFormat = LogFormat.text
        /// systemd, from the environment: where to send READY/STOPPING/WATCHDOG ($NOTIFY_SOCKET),
        /// the watchdog's timeout ($WATCHDOG_USEC), and whether stderr is the journal ($JOURNAL_STREAM).
        public var notifySocket: String?
        public var watchdogMicroseconds: UInt64?
        public var logToJournal = false
        /// `--replica-of`: follow this primary instead of taking changes.
        public var replicaOf: SocketAddress?
        /// `--replica-user`, and its secret from $CREDITGATE_REPLICA_SECRET (never an option).
        public var replicaUser: String?
        public var replicaSecret: String?
        /// `--max-lag`: a replica that has not heard from its primary this long answers CHECK with ERR STALE.
        public var maxLag = 30
        /// `--replica-timeout`: a replica whose primary has sent nothing this long (a host gone
        /// without FIN or RST) drops the connection and connects again.
        public var replicaTimeout = 10
        /// `--replica-backlog`: unsent stream a replica may fall behind by before it is dropped.
        public var replicaBacklog = 64 << 20
        /// `--sync-replicas`: a change is answered OK only once this many replicas have it durable.
        public var syncReplicas = 0
        /// `--sync-timeout`: seconds a change waits for them before it is answered ERR NOT_REPLICATED.
        public var syncTimeout = 5
        /// `--start-fenced`: a primary starts taking no changes until PROMOTE or FOLLOW (Scripts/ha).
        public var startFenced = false

        public init() {}
    }

    public struct ConfigurationError: Error, CustomStringConvertible {
        public let description: String
        /// The mistake is in the configuration file (its path and line are in the description),
        /// not on the command line, so the usage would not help.
        public let inFile: Bool

        init(_ description: String, inFile: Bool = false) {
            self.description = description
            self.inFile = inFile
        }
    }
}

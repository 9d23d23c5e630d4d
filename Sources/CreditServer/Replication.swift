import CreditCore
import CreditNet
import CreditStore

/// Everything the loop keeps for replication (owned by the loop thread, like all of `Server`). A primary keeps one `ReplicaFeed` per replica
/// that sent SYNC; a replica (`--replica-of`, or after FOLLOW) keeps its `ReplicaLink` to the
/// primary; PROMOTE drops it.
final class Replication {
    /// The replica side; nil on a primary.
    var link: ReplicaLink?
    /// The epochs of the history this server's records belong to (`epochs` in the data folder).
    var history: EpochHistory
    /// Why this primary takes no changes: a replica showed a higher epoch (fencing), or it was
    /// started with `--start-fenced` and waits for PROMOTE or FOLLOW (`promotable`).
    var fenced: String?
    var promotable = false
    /// The last records set aside after a divergence, and the last PROMOTE or FOLLOW, for INFO.
    var setAside: String?
    var lastChange: String?
    let catchUp: CatchUpReader
    /// The primary side, by connection token: at most one per replica id (`ReplicaFeed.id`).
    var feeds: [UInt64: ReplicaFeed] = [:]
    /// SYNC requests of this turn, started once its changes are durable.
    var pendingSyncs: [(connection: Connection, after: UInt64, diverged: UInt64?, replica: String?)] = []
    /// The last record of each recent commit and when it became durable, for the lag of ACKs.
    var commits: [(sequence: UInt64, at: UInt64)] = []
    var nextTick: UInt64 = 0
    /// Connections whose replies wait for `--sync-replicas` acknowledgements, oldest first.
    var waiting: [Connection] = []
    /// This process's `replica=` on SYNC, chosen at random when it starts: a primary counts a
    /// replica once for `--sync-replicas`, however many of its connections it still holds.
    let replicaID = String(UInt64.random(in: 1...UInt64.max), radix: 16)
    let maxLag: UInt64
    /// `--replica-timeout`, in nanoseconds.
    let silenceLimit: UInt64

    var epoch: UInt64 { history.number }
    static let tickInterval: UInt64 = 200_000_000
    static let keptCommits = 1 << 16

    init(configuration: Server.Configuration, primary: SocketAddress?, history: EpochHistory) throws {
        catchUp = try CatchUpReader()
        self.history = history
        maxLag = UInt64(configuration.maxLag) * 1_000_000_000
        silenceLimit = UInt64(configuration.replicaTimeout) * 1_000_000_000
        if let primary, let user = configuration.replicaUser, let secret = configuration.replicaSecret {
            link = ReplicaLink(primary: primary, user: user, secret: secret)
        } else {
            link = nil
        }
    }

    /// A primary not fenced: the only server that journals changes of its own.
    var takesChanges: Bool { link == nil && fenced == nil }

    /// Replicas streaming (caught up and following).
    var liveFeeds: Int { feeds.values.count { $0.backlog == nil } }

    /// A replica that has not heard from its primary for `--max-lag` (or not since it started).
    func isStale(now: UInt64) -> Bool {
        guard let link else { return false }
        guard let heard = link.lastHeard else { return true }
        // `now` may be the turn's start, and the last bytes may have come later in the turn.
        return now > heard && now - heard > maxLag
    }
}

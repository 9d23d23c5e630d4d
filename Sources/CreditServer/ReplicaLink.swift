import CreditNet
import CreditStore

/// A replica's connection to its primary.
final class ReplicaLink {
    enum Phase: Equatable {
        case idle
        case connecting
        /// AUTH and SYNC sent; waiting for AUTH's reply.
        case signingIn
        /// Waiting for `OK SYNC …`.
        case syncing
        /// Receiving a snapshot of `size` bytes.
        case snapshot(size: Int)
        case streaming
    }

    let primary: SocketAddress
    let user: String
    let secret: String
    var fd: Int32 = -1
    var phase = Phase.idle
    var input: [UInt8] = []
    var retryAt: UInt64 = 0
    /// The last time anything came from the primary.
    var lastHeard: UInt64?
    /// When this connection attempt began: the silence of a new connection counts from here.
    var connectedAt: UInt64 = 0
    /// The primary's last record, from its heartbeats.
    var primarySequence: UInt64 = 0
    var ackedSent: UInt64 = 0
    /// The last failure logged, so a primary that stays down is reported once.
    var reported: String?
    /// Audit entries of HOLDs answered here, not yet forwarded (`Server+ReplicaAudits`).
    var held = RefusalAudits()
    /// HOLDs not audited since the last warning: `Server.heldKept` entries were waiting.
    var heldDropped = 0
    /// The primary's epochs, from its `OK SYNC` line, adopted once the sync succeeds.
    var offered: EpochHistory?
    /// From that line: this replica's records after this one are not the primary's history.
    var divergedAfter: UInt64?
    /// The FOLLOW waiting for the first sync's outcome, and until when.
    var follower: (connection: Connection, deadline: UInt64)?
    /// What the sync set aside, for FOLLOW's reply: ` diverged=<n>[ set_aside=<file>]`.
    var setAsideWords = " diverged=0"

    init(primary: SocketAddress, user: String, secret: String) {
        self.primary = primary
        self.user = user
        self.secret = secret
    }
}

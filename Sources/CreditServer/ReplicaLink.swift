import CreditNet

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
    /// The primary's last record, from its heartbeats.
    var primarySequence: UInt64 = 0
    var ackedSent: UInt64 = 0
    /// The last failure logged, so a primary that stays down is reported once.
    var reported: String?
    /// Audit entries of HOLDs answered here, not yet forwarded (`Server+ReplicaAudits`).
    var held = RefusalAudits()
    /// HOLDs not audited since the last warning: `Server.heldKept` entries were waiting.
    var heldDropped = 0

    init(primary: SocketAddress, user: String, secret: String) {
        self.primary = primary
        self.user = user
        self.secret = secret
    }
}

import CreditStore

/// A replica as its primary sees it: the connection that sent SYNC, and what it acknowledged.
final class ReplicaFeed {
    let connection: Connection
    let user: String
    /// The replica process's `replica=` on SYNC; nil from an older replica, counted per connection.
    let id: String?
    /// Records committed while its catch-up is read in the background; nil once streaming.
    var backlog: [UInt8]? = []
    /// The size of its catch-up while it is still being sent: allowed on top of the backlog limit,
    /// or a catch-up larger than the limit would be dropped every time it was sent.
    var catchingUp = 0
    var acked: UInt64
    /// From a record's commit here to the ACK saying it is durable on the replica.
    var lag = LatencyRecorder()
    var lastLag: UInt64 = 0

    init(connection: Connection, user: String, id: String?, after: UInt64) {
        self.connection = connection
        self.user = user
        self.id = id
        acked = after
    }
}

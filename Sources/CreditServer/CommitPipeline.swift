/// Turns whose replies wait for the disk (`--fsync batch`): the group whose records a background
/// sync is making durable, and the turns answered since, whose records wait for the next sync.
/// A connection in a group is not read until its replies go (its `turnStart` stays, so a failed
/// sync can answer its lines again).
struct CommitPipeline {
    struct Group {
        var connections: [Connection] = []
        /// The ledger's old values up to the end of the group's last turn (`Ledger.savepoint`).
        var undoEnd = 0
    }

    var inFlight: Group?
    var waiting = Group()

    /// Nothing waits for the disk.
    var isIdle: Bool { inFlight == nil && waiting.connections.isEmpty }
}

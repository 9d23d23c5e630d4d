import CreditProtocol

/// What the server keeps for one loop turn (`Server.beginTurn` … `Server.endTurn`): when it began,
/// whom it read from, and what waits for its group commit.
struct Turn {
    /// The monotonic time it began.
    var started: UInt64 = 0
    /// Connections that were read from in this turn.
    var touched: [Connection] = []
    /// Desk reads of this turn, handed to the desk thread once the turn is durable.
    var deferred: [(Connection, Request)] = []
    /// A SNAPSHOT came after changes of this turn: start it after the group commit.
    var snapshotAfterCommit = false
    /// Connections whose SNAPSHOT waits for that start: answered with what it did.
    var snapshotWaiters: [Connection] = []
    /// Reply bytes one connection is answered this turn before the others get theirs.
    var answerBudget = Server.turnBudget
    /// The ledger's old values before this turn's (`Ledger.savepoint`): earlier turns' may wait
    /// for their sync.
    var undoStart = 0
}

/// Group commit applies a loop turn's commands in memory before the one
/// fsync that makes them durable. If that fsync fails, none of them may
/// stand: the turn's changes are undone, newest first, from the old values
/// kept here. Customers are value types whose growing collections are
/// persistent (`PersistentList`), so keeping an old one costs a few
/// references, and the change that follows copies only the O(log n) nodes
/// it touches — never the customer's invoices or trail.
extension Ledger {
    enum UndoStep: Sendable {
        case customer(id: String, previous: Customer?)
        case users([String: User], deleted: [String: Instant])
        case counters(nextOverride: Int)
        case owner(key: String, previous: String?)
        case policy(Policy)
        case requests([ChangeRequest], next: Int)
        case audit(count: Int)
    }

    /// Starts keeping old values for `rollbackTurn()`, after those of earlier turns not yet
    /// durable (a pipelined group commit keeps them until their sync ends).
    public mutating func beginTurn() {
        if undo == nil { undo = [] }
    }

    /// The first `count` old values' changes are durable: forget them, keep the later turns'.
    public mutating func forgetUndo(first count: Int) {
        guard count > 0 else { return }
        undo?.removeFirst(count)
    }

    /// The turn is durable: forget the old values.
    public mutating func commitTurn() {
        undo = nil
    }

    /// The turn could not be made durable: restore the state it began with.
    public mutating func rollbackTurn() {
        guard let steps = undo else { return }
        undo = nil
        for step in steps.reversed() {
            switch step {
            case .customer(let id, let previous): customers[id] = previous
            case .users(let previous, let deleted):
                users = previous
                deletedUsers = deleted
            case .counters(let next): nextOverride = next
            case .owner(let key, let previous): owners[key] = previous
            case .policy(let previous): policy = previous
            case .audit(let count): audit.removeSubrange(count...)
            case .requests(let previous, let next):
                requests = previous
                nextRequest = next
            }
        }
    }

    mutating func willChange(customer id: String) {
        undo?.append(.customer(id: id, previous: customers[id]))
    }

    mutating func willChangeUsers() {
        undo?.append(.users(users, deleted: deletedUsers))
    }

    mutating func willChangeCounters() {
        undo?.append(.counters(nextOverride: nextOverride))
    }

    /// Records which customer a ref belongs to (nil: forget it), undoably.
    mutating func setOwner(_ key: String, _ customer: String?) {
        undo?.append(.owner(key: key, previous: owners[key]))
        owners[key] = customer
    }

    mutating func willChangeRequests() {
        undo?.append(.requests(requests, next: nextRequest))
    }

    mutating func willChangePolicy() {
        undo?.append(.policy(policy))
    }
}

/// Savepoints inside a turn: one command can be undone alone (fsync=always,
/// or a CHECK that may not record its override use while the disk is out).
extension Ledger {
    public var savepoint: Int { undo?.count ?? 0 }

    public mutating func rollback(to savepoint: Int) {
        guard var steps = undo, steps.count > savepoint else { return }
        let newer = steps[savepoint...]
        steps.removeSubrange(savepoint...)
        undo = Array(newer)
        rollbackTurn()
        undo = steps
    }
}

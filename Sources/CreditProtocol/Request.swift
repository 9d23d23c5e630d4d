import CreditCore

/// A request, decoded and typed. Changes to the books are `.command`, the
/// same values the journal replays; the rest are reads and session verbs.
public enum Request: Sendable {
    case ping
    case help(verb: String?)
    case quit
    case auth(user: String, secret: String)
    case check(CheckQuery)
    case status(customer: String)
    case command(Command)
    /// USER ADD as sent by an admin: the server makes the secret, and
    /// journals `.command(.addUser)` with its salted hash.
    case addUser(name: String, role: Role, overrideMax: Money?)
    case listUsers
    /// USER SECRET as sent by an admin: the server makes the secret, and journals
    /// `.command(.resetSecret)` with its salted hash.
    case resetSecret(name: String)
    case setClock(Instant)
    case snapshot
    /// BACKUP: a copy of the books in a new folder, made in the background.
    case backup(directory: String)
    case info
    case policy
    case history(customer: String, limit: Int?)
    case aging(customer: String?, detail: Bool)
    case blocked
    case watch
    /// WORKLIST; `owner`: only the customers this collector follows.
    case worklist(owner: String?)
    /// CHARGES: the late charges due today, for one customer or the book.
    case charges(customer: String?)
    /// KPI: the credit manager's figures over a period (defaults: the 90 days to today).
    case kpi(from: Day?, to: Day?)
    case overrides(customer: String?)
    case requests
    case audit(limit: Int?)
    /// ROLE: primary or replica, epoch, sequence.
    case role
    /// SYNC from a replica: send the records after `after` (a snapshot first when needed), then follow.
    /// `history` is the replica's epochs (`EpochHistory`'s wire form), absent from a replica
    /// that has none yet. `replica` names the replica process (the same on each of its
    /// reconnects), absent from an older replica.
    case sync(after: UInt64, history: String?, replica: String?)
    /// PROMOTE on a replica: it becomes the primary of a new epoch.
    case promote(note: String)
    /// FENCE: a primary stops taking changes until PROMOTE or FOLLOW; a replica stays as it is.
    case fence(note: String)
    /// FOLLOW: this server becomes a replica of `primary` (`host:port`).
    case follow(primary: String, note: String)
    /// ACK from a replica streaming: it has made the records up to `sequence` durable. No reply.
    case ack(sequence: UInt64)
    /// HELD from a replica streaming: the audit entry of a CHECK it answered HOLD. No reply.
    case held(CheckQuery, reasons: HoldReason, by: Actor, at: Moment)
}

/// Where a line comes from: a client, or the journal (which may carry what
/// only the server itself writes, such as a user's salted hash).
public enum Origin: Sendable {
    case wire
    case journal
}

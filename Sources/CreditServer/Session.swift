import CreditCore
import CreditNet
import CreditProtocol

/// Who is on the other end of one connection, and what they may do.
struct Session {
    let peer: SocketAddress
    private(set) var user: User?
    /// Whether CHECK is allowed before AUTH (`--open-check`).
    let openCheck: Bool

    init(peer: SocketAddress, openCheck: Server.OpenCheck) {
        self.peer = peer
        user = nil
        switch openCheck {
        case .any: self.openCheck = true
        case .loopback: self.openCheck = peer.isLoopback
        case .none: self.openCheck = false
        }
    }

    /// The actor recorded for what this session does. An unsigned CHECK is
    /// recorded as `terminal@<address>` (no user id contains `@`).
    var actor: Actor {
        user.map { Actor(name: $0.name, role: $0.role) } ?? Actor(name: "terminal@\(peer.host)", role: .terminal)
    }

    mutating func signIn(_ user: User) {
        self.user = user
    }

    /// The one authorization check, made by the dispatcher for every verb.
    func authorize(_ spec: VerbSpec) throws(CreditError) {
        guard let needed = spec.role else { return }
        guard let user else {
            if spec.name == "CHECK", openCheck { return }
            throw CreditError(.authRequired, "\(spec.name) needs AUTH <user> <secret> first")
        }
        guard user.role >= needed else {
            throw CreditError(.forbidden, "\(spec.name) needs the \(needed) role; \(user.name) is \(user.role)")
        }
        // The replication verbs are the replica role's alone: an admin's secret never streams the books.
        guard user.role == .replica || !Session.replicationVerbs.contains(spec.name) else {
            throw CreditError(.forbidden, "\(spec.name) needs the replica role; \(user.name) is \(user.role)")
        }
    }
}

extension Session {
    static let replicationVerbs: Set<String> = ["SYNC", "ACK", "HELD"]

    /// The part of authorization that depends on the arguments: a CHECK with `order=` reserves
    /// credit for days, so it is a change and needs a signed-in user even where `--open-check`
    /// lets CHECK in unsigned.
    func authorize(_ request: Request) throws(CreditError) {
        guard user == nil, case .check(let query) = request, query.order != nil else { return }
        throw CreditError(.authRequired, "CHECK with order= needs AUTH <user> <secret> first")
    }

    mutating func signOut() {
        user = nil
    }
}

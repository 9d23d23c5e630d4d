import CreditCore
import CreditNet
import CreditProtocol

/// Who is on the other end of one connection, and what they may do. A class, owned by its
/// connection: every request asks it, and a reference is not copied field by field.
final class Session {
    let peer: SocketAddress
    private(set) var user: User?
    /// The actor recorded for what this session does. An unsigned CHECK is
    /// recorded as `terminal@<address>` (no user id contains `@`).
    private(set) var actor: Actor
    /// The signed-in user's role, nil before AUTH: what every request's authorization reads,
    /// without copying the user.
    private(set) var role: Role?
    /// Whether CHECK is allowed before AUTH (`--open-check`).
    let openCheck: Bool

    init(peer: SocketAddress, openCheck: Server.OpenCheck) {
        self.peer = peer
        user = nil
        actor = Session.unsigned(peer)
        switch openCheck {
        case .any: self.openCheck = true
        case .loopback: self.openCheck = peer.isLoopback
        case .none: self.openCheck = false
        }
    }

    static func unsigned(_ peer: SocketAddress) -> Actor {
        Actor(name: "terminal@\(peer.host)", role: .terminal)
    }

    /// Signs `user` in, or out with nil (AUTH, and a turn undone restores the one before it).
    func signIn(_ user: User?) {
        self.user = user
        role = user?.role
        actor = user.map { Actor(name: $0.name, role: $0.role) } ?? Session.unsigned(peer)
    }

    /// The one authorization check, made by the dispatcher for every verb.
    func authorize(_ spec: VerbSpec) throws(CreditError) {
        guard let needed = spec.role else { return }
        guard let role else {
            if spec.name == "CHECK", openCheck { return }
            throw CreditError(.authRequired, "\(spec.name) needs AUTH <user> <secret> first")
        }
        guard role >= needed else {
            throw CreditError(.forbidden, "\(spec.name) needs the \(needed) role; \(actor.name) is \(role)")
        }
        guard role == .replica || !spec.replicaOnly else {
            throw CreditError(.forbidden, "\(spec.name) needs the replica role; \(actor.name) is \(role)")
        }
    }
}

extension Session {
    /// The part of authorization that depends on the arguments: a CHECK with `order=` reserves
    /// credit for days, so it is a change and needs a signed-in user even where `--open-check`
    /// lets CHECK in unsigned.
    func authorize(_ request: Request) throws(CreditError) {
        guard role == nil, case .check(let query) = request, query.order != nil else { return }
        throw CreditError(.authRequired, "CHECK with order= needs AUTH <user> <secret> first")
    }

    func signOut() {
        signIn(nil)
    }
}

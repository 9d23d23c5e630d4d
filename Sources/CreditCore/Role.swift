/// What a signed-in user may do. Each role includes the ones below it:
/// a replica only replicates (SYNC, ACK) and asks ROLE; a terminal checks; a clerk also keeps
/// the books and records phone overrides; a manager also issues, confirms and revokes overrides;
/// an admin also manages users, policy, snapshots and the test clock. The raw value is what
/// snapshots store (replica came last); the order is `rank`.
public enum Role: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    case terminal
    case clerk
    case manager
    case admin
    case replica = 4

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int { self == .replica ? -1 : rawValue }

    public init?(name: some StringProtocol) {
        switch name.lowercased() {
        case "terminal": self = .terminal
        case "clerk": self = .clerk
        case "manager": self = .manager
        case "admin": self = .admin
        case "replica": self = .replica
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .terminal: "terminal"
        case .clerk: "clerk"
        case .manager: "manager"
        case .admin: "admin"
        case .replica: "replica"
        }
    }
}

/// Who is acting: a signed-in user with their role, recorded on every change.
/// Authority is personal (R-OVR-2): an actor acts only in its own name.
public struct Actor: Hashable, Sendable {
    public let name: String
    public let role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    /// The server itself (bootstrap of the first admin).
    public static let system = Actor(name: "system", role: .admin)
}

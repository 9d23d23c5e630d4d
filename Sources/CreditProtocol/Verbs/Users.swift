import CreditCore

/// USER ADD, USER DEL, USER SECRET and USER LIST: who may sign in, and as what. Their rows,
/// canonical journal lines (with the secret's salted hash, which only the journal carries) and
/// replies.
extension VerbTable {
    static let users: [VerbSpec] = [
        VerbSpec(
            "USER ADD", "USER ADD <name> role=<terminal|clerk|manager|admin|replica> [override_max=<money>]",
            "Adds a user and answers its secret, once; a manager may carry an override ceiling.",
            arguments: 1...1, keys: ["role", "override_max"], required: ["role"], role: .admin,
            access: .write
        ) { line, origin throws(CreditError) in
            let name = try line.identifier(1, "user name")
            let role = try line.required(line.role("role"), "role=")
            let ceiling = try line.amount("override_max", positive: true)
            if ceiling != nil, role != .manager {
                throw CreditError(.badValue, "override_max= is for role=manager only")
            }
            guard origin == .journal, let text = line.text("credential") else {
                return .addUser(name: name, role: role, overrideMax: ceiling)
            }
            guard let credential = Credential(parsing: text) else {
                throw CreditError(.badValue, "credential= is malformed")
            }
            return .command(.addUser(name: name, role: role, credential: credential, overrideMax: ceiling))
        },
        VerbSpec(
            "USER DEL", "USER DEL <name>", "Removes a user.",
            arguments: 1...1, role: .admin, access: .write
        ) { line, _ throws(CreditError) in
            .command(.deleteUser(name: try line.identifier(1, "user name")))
        },
        VerbSpec(
            "USER SECRET", "USER SECRET <name>",
            "Gives a user a new secret and answers it, once; the old one stops working.",
            arguments: 1...1, role: .admin, access: .write
        ) { line, origin throws(CreditError) in
            let name = try line.identifier(1, "user name")
            guard origin == .journal, let text = line.text("credential") else { return .resetSecret(name: name) }
            guard let credential = Credential(parsing: text) else {
                throw CreditError(.badValue, "credential= is malformed")
            }
            return .command(.resetSecret(name: name, credential: credential))
        },
        VerbSpec(
            "USER LIST", "USER LIST", "Lists the users and their roles.",
            arguments: 0...0, role: .admin, access: .read
        ) { _, _ in .listUsers },
    ]
}

extension Command {
    static func line(addUser name: String, role: Role, credential: Credential, overrideMax: Money?) -> String {
        "USER ADD \(name) role=\(role)" + (overrideMax.map { " override_max=\($0)" } ?? "")
            + " credential=\(credential)"
    }
}

extension Reply {
    static func userAdded(_ user: User) -> String {
        "\(user.name) role=\(user.role)" + (user.overrideMax.map { " override_max=\($0)" } ?? "")
    }

    /// USER LIST's lines: `user <name> role=<role> [override_max=<money>]`.
    public static func user(_ user: User) -> String {
        "user " + userAdded(user)
    }
}

import CreditCore

/// POLICY and POLICY SET: the credit policy in force, and its one way to change. Their rows,
/// canonical journal line and replies.
extension VerbTable {
    static let policy: [VerbSpec] = [
        VerbSpec(
            "POLICY", "POLICY", "Shows the credit policy in force.",
            arguments: 0...0, role: .terminal, access: .read
        ) { _, _ in .policy },
        VerbSpec(
            "POLICY SET", "POLICY SET <key>=<value> …", "Changes the credit policy (POLICY lists the keys).",
            arguments: 0...0, keys: ["*"], role: .admin, access: .write
        ) { line, _ throws(CreditError) in
            let settings = line.words.filter(\.isKeyed).map { PolicySetting(key: line.key($0), value: line.text($0)) }
            guard !settings.isEmpty else { throw CreditError(.missingArgument, "usage: POLICY SET <key>=<value> …") }
            return .command(.setPolicy(settings))
        },
    ]
}

extension Command {
    static func line(_ settings: [PolicySetting]) -> String {
        "POLICY SET " + settings.map { "\($0.key)=" + Quoting.quoted($0.value) }.joined(separator: " ")
    }
}

extension Reply {
    static func policy(_ settings: [PolicySetting]) -> String {
        "policy " + settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}

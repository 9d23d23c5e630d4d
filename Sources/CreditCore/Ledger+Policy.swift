/// The credit policy's one way to change: POLICY SET.
extension Ledger {
    /// POLICY SET: all the settings given, or none.
    mutating func setPolicy(_ settings: [PolicySetting], by actor: Actor, at moment: Moment) throws(CreditError)
        -> Applied
    {
        var changed = policy
        for setting in settings { try changed.set(setting.key, to: setting.value) }
        guard changed != policy else { return Applied(outcome: .policy(settings), event: nil) }
        // The audit keeps each value and the one it replaced (`<key>.was=`).
        let before = Dictionary(
            policy.settings.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        willChangePolicy()
        policy = changed
        let words = settings.map { setting in
            "\(setting.key)=" + Quoting.quoted(setting.value)
                + (before[setting.key.lowercased()].map { " \(setting.key).was=" + Quoting.quoted($0) } ?? "")
        }
        audit("POLICY SET", words.joined(separator: " "), by: actor, at: moment)
        return Applied(outcome: .policy(settings), event: .setPolicy(settings))
    }
}

/// The credit policy's one way to change: POLICY SET.
extension Ledger {
    /// POLICY SET: all the settings given, or none.
    mutating func setPolicy(_ settings: [PolicySetting], by actor: Actor, at moment: Moment) throws(CreditError)
        -> Applied
    {
        var changed = policy
        for setting in settings { try changed.set(setting.key, to: setting.value) }
        guard changed != policy else { return Applied(outcome: .policy(settings), event: nil) }
        willChangePolicy()
        policy = changed
        audit(
            "POLICY SET", settings.map { "\($0.key)=" + Quoting.quoted($0.value) }.joined(separator: " "), by: actor,
            at: moment)
        return Applied(outcome: .policy(settings), event: .setPolicy(settings))
    }
}

/// One line of a customer's audit trail: who did what, when, and why
/// (blocks, releases, overrides, changes of terms). Invoices and payments
/// carry their own who and when, so they are not copied here.
public struct LogEntry: Hashable, Sendable {
    public let at: Instant
    public let by: String
    /// What happened: the verb that did it (HISTORY shows `action=<VERB>`).
    public enum Action: String, Hashable, Sendable {
        case customer = "CUSTOMER"
        case request = "REQUEST"
        case reject = "REJECT"
        case reviewed = "REVIEWED"
        case invoice = "INVOICE"
        case pay = "PAY"
        case block = "BLOCK"
        case unblock = "UNBLOCK"
        case override = "OVERRIDE"
        case confirm = "CONFIRM"
        case revoke = "REVOKE"
        case check = "CHECK"
        case instrument = "INSTRUMENT"
        case cleared = "CLEARED"
        case bounced = "BOUNCED"
        case guarantee = "GUARANTEE"
        case release = "RELEASE"
        case credit = "CREDIT"
        case dispute = "DISPUTE"
        case void = "VOID"
        case resolve = "RESOLVE"
        case promise = "PROMISE"
        case plan = "PLAN"
        case stage = "STAGE"
        case note = "NOTE"
        case charge = "CHARGE"
    }

    public let action: Action
    /// The details, as `key=value` words; notes quoted.
    public let detail: String
    /// Its place in the customer's history (numbered by `Customer.lastOrdinal`), so same-second entries keep their order.
    public internal(set) var ordinal = 0

    public init(at: Instant, by: String, action: Action, detail: String) {
        self.at = at
        self.by = by
        self.action = action
        self.detail = detail
    }
}

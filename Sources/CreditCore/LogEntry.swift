/// One line of a customer's audit trail: who did what, when, and why
/// (blocks, releases, overrides, changes of terms). Invoices and payments
/// carry their own who and when, so they are not copied here.
public struct LogEntry: Hashable, Sendable {
    public let at: Instant
    public let by: String
    /// What happened, as a verb: `BLOCK`, `UNBLOCK`, `OVERRIDE`, `CONFIRM`, `REVOKE`, `CUSTOMER`, `CHECK`.
    public let action: String
    /// The details, as `key=value` words; notes quoted.
    public let detail: String
    /// Its place in the customer's history (`Customer.events`), so same-second entries keep their order.
    public internal(set) var ordinal = 0

    public init(at: Instant, by: String, action: String, detail: String) {
        self.at = at
        self.by = by
        self.action = action
        self.detail = detail
    }
}

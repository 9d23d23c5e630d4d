/// One action for today's collections worklist (R-COL-3, R-COL-7), with
/// why, in priority order: lower `priority` first, then larger amounts.
public struct WorkItem: Hashable, Sendable {
    public enum Action: String, Sendable {
        /// Hand over to the collection agency before 120 days past due.
        case agency = "AGENCY"
        /// Call the customer (a large overdue amount, a broken promise, a missed instalment).
        case call = "CALL"
        /// Send a final notice.
        case finalNotice = "FINAL_NOTICE"
        /// Send a reminder letter or e-mail (a small overdue amount).
        case letter = "LETTER"
        /// Check that a promised payment arrives today, or follow up as a NOTE said (R-COL-10).
        case followUp = "FOLLOW_UP"
        /// A dispute has been open too long: resolve it.
        case resolve = "RESOLVE"
        /// The customer's credit review is due: limit, class and terms looked at again.
        case review = "REVIEW"
    }

    public let customer: String
    /// The customer's name, so the desk reads the list without looking each id up.
    public let name: String
    public let action: Action
    public let priority: Int
    public let amount: Money
    public let reason: String

    public init(customer: String, name: String, action: Action, priority: Int, amount: Money, reason: String) {
        self.customer = customer
        self.name = name
        self.action = action
        self.priority = priority
        self.amount = amount
        self.reason = reason
    }
}

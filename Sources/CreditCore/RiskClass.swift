/// A customer's risk class (seed 004): each has its own default terms, limit
/// and hold thresholds in the `Policy`.
public enum RiskClass: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"

    public init?(name: some StringProtocol) {
        self.init(rawValue: name.uppercased())
    }

    public var description: String { rawValue }
}

/// The defaults and thresholds of one risk class; a customer's own limit and
/// terms, where set, take precedence.
public struct ClassPolicy: Hashable, Sendable {
    /// Net days from invoice to due date.
    public var terms: Int
    public var limit: Money
    /// Days past due an open item may be before the customer is held (OVERDUE).
    public var graceDays: Int

    public init(terms: Int, limit: Money, graceDays: Int) {
        self.terms = terms
        self.limit = limit
        self.graceDays = graceDays
    }
}

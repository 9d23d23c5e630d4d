/// A customer's risk class (R-COL-8): each has its own default terms, limit
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

    /// The class's place in `allCases`, to index a table without hashing the name.
    var index: Int {
        switch self {
        case .a: 0
        case .b: 1
        case .c: 2
        case .d: 3
        }
    }
}

/// The defaults and thresholds of one risk class; a customer's own limit and
/// terms, where set, take precedence.
public struct ClassPolicy: Hashable, Sendable {
    /// Net days from invoice to due date, or end of month plus days.
    public var terms: Terms
    public var limit: Money
    /// Days past due an open item may be before the customer is held (OVERDUE).
    public var graceDays: Int
    /// Open items below this never hold the customer: a forgotten 0.50 does not stop a truck (R-BLK-8).
    public var minimumOverdue: Money
    /// Unpaid bounced instruments that hold the customer (BOUNCED).
    public var bouncedLimit: Int
    /// Broken promises that hold the customer (BROKEN_PROMISE).
    public var brokenPromiseLimit: Int
    /// The share of the overdue debt, in percent, a clerk's UNBLOCK needs as a recent payment (R-UNB-4).
    public var earnestPercent: Int
    /// Months between a customer's credit reviews.
    public var reviewMonths: Int
    /// Late interest, yearly, in hundredths of a percent (850: 8.50%), exact (R-COL-9).
    public var interestBasisPoints: Int
    /// The fee charged once on an item past due (R-COL-9).
    public var lateFee: Money

    public init(
        terms: Terms, limit: Money, graceDays: Int, minimumOverdue: Money, bouncedLimit: Int,
        brokenPromiseLimit: Int, earnestPercent: Int, reviewMonths: Int = 12, interestBasisPoints: Int = 0,
        lateFee: Money = .zero
    ) {
        self.interestBasisPoints = interestBasisPoints
        self.lateFee = lateFee
        self.terms = terms
        self.limit = limit
        self.graceDays = graceDays
        self.minimumOverdue = minimumOverdue
        self.bouncedLimit = bouncedLimit
        self.brokenPromiseLimit = brokenPromiseLimit
        self.earnestPercent = earnestPercent
        self.reviewMonths = reviewMonths
    }
}

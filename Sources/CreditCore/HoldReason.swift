/// Why a customer is held. Every HOLD answer names all that apply (R-BLK-5),
/// and the codes say which commitment the customer did not meet (R-BLK-6).
public struct HoldReason: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// A person blocked the customer (R-BLK-3, R-BLK-8).
    public static let manual = HoldReason(rawValue: 1 << 0)
    /// Exposure plus the amount asked for is over the limit.
    public static let overLimit = HoldReason(rawValue: 1 << 1)
    /// The oldest open undisputed item is past the grace days.
    public static let overdue = HoldReason(rawValue: 1 << 2)

    /// Post-dated instruments bounced and not paid again.
    public static let bounced = HoldReason(rawValue: 1 << 3)
    /// Promises to pay broken (R-UNB-6).
    public static let brokenPromise = HoldReason(rawValue: 1 << 4)
    /// A payment plan's instalments are behind (R-COL-6).
    public static let planDefault = HoldReason(rawValue: 1 << 5)
    /// Handed to a collection agency or to legal (R-COL-7).
    public static let agency = HoldReason(rawValue: 1 << 6)

    /// Every reason with its wire code, in the order replies list them.
    public static let codes: [(reason: HoldReason, code: String)] = [
        (.manual, "MANUAL"),
        (.overLimit, "OVER_LIMIT"),
        (.overdue, "OVERDUE"),
        (.bounced, "BOUNCED"),
        (.brokenPromise, "BROKEN_PROMISE"),
        (.planDefault, "PLAN_DEFAULT"),
        (.agency, "AGENCY"),
    ]

    /// The longest a list of codes is: all of them, with commas between.
    public static let codesLength = codes.reduce(codes.count - 1) { $0 + $1.code.utf8.count }

    /// Credit and payment reasons: a strategic customer is only warned of them (R-BLK-7).
    public static let credit: HoldReason = [.overLimit, .overdue, .bounced, .brokenPromise, .planDefault, .agency]

    /// Parses `MANUAL,OVERDUE` (case-insensitive); nil for an unknown code or an empty list.
    public init?(codes text: some StringProtocol) {
        var reasons: HoldReason = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let known = HoldReason.codes.first(where: { $0.code == word.uppercased() }) else { return nil }
            reasons.insert(known.reason)
        }
        guard !reasons.isEmpty else { return nil }
        self = reasons
    }

    /// `MANUAL,OVERDUE`.
    public var description: String {
        HoldReason.codes.filter { contains($0.reason) }.map(\.code).joined(separator: ",")
    }
}

/// The credit policy in force (R-BLK-5, R-COL-8): per-class defaults and
/// thresholds, and the bounds on overrides, earnest money and reservations.
/// It is state like any other: changed only through `Ledger.apply`
/// (POLICY SET), journaled, and readable by every signed-in user.
public struct Policy: Hashable, Sendable {
    public var classes: [RiskClass: ClassPolicy] {
        didSet { byClass = Policy.table(classes) }
    }
    /// `classes` in the order of `RiskClass.allCases`: every CHECK reads its class's rules, and a
    /// dictionary lookup (the class's name hashed with SipHash) was 335 of its ~8,700 instructions.
    private var byClass: [ClassPolicy]
    /// The longest an override may run (R-OVR-5).
    public var overrideMaximum: Period
    /// How long an unconfirmed phone override lives (R-OVR-6).
    public var phoneWindow: Period
    /// The most an unconfirmed phone approval lets through per CHECK.
    public var phoneAmountMax: Money
    /// At most this many overrides per customer within `overrideWindow`: a
    /// block needs a decision, not a rolling exception.
    public var overrideCountMax: Int
    public var overrideWindow: Period
    /// The class of a new customer that names none.
    public var defaultClass: RiskClass
    /// How recent a payment must be to count as earnest money (R-UNB-4).
    public var earnestDays: Int
    /// How long credit stays reserved for an order that passed CHECK.
    public var orderHold: Period
    /// WATCH: exposure at or above this percent of the limit is close to OVER_LIMIT (R-BLK-4).
    public var watchLimitPercent: Int
    /// WATCH: this many days before the grace runs out is close to OVERDUE.
    public var watchDays: Int
    /// WORKLIST: overdue amounts from this up are chased by phone, smaller by letter or e-mail (R-COL-3).
    public var phoneFrom: Money
    /// WORKLIST: a dispute open this many days needs resolving (R-COL-5).
    public var disputeDays: Int
    /// WORKLIST: from this many days past due a customer goes to the agency, before 120 (R-COL-7).
    public var agencyDays: Int
    /// How many days after its dispute is resolved an item may stay unpaid before it counts toward OVERDUE again (R-COL-5).
    public var disputePayDays: Int
    /// The furthest ahead a post-dated instrument may be due: one due later is refused.
    public var instrumentMaxDays: Int

    public static let standard = Policy(
        classes: [
            .a: ClassPolicy(
                terms: 30, limit: Money(minorUnits: 5_000_000), graceDays: 30,
                minimumOverdue: Money(minorUnits: 500), bouncedLimit: 2, brokenPromiseLimit: 2,
                earnestPercent: 10),
            .b: ClassPolicy(
                terms: 30, limit: Money(minorUnits: 1_000_000), graceDays: 30,
                minimumOverdue: Money(minorUnits: 500), bouncedLimit: 1, brokenPromiseLimit: 1,
                earnestPercent: 20),
            .c: ClassPolicy(
                terms: 30, limit: Money(minorUnits: 200_000), graceDays: 30,
                minimumOverdue: Money(minorUnits: 500), bouncedLimit: 1, brokenPromiseLimit: 1,
                earnestPercent: 30, reviewMonths: 6),
            .d: ClassPolicy(
                terms: 30, limit: .zero, graceDays: 30,
                minimumOverdue: Money(minorUnits: 500), bouncedLimit: 1, brokenPromiseLimit: 1,
                earnestPercent: 50, reviewMonths: 3),
        ],
        overrideMaximum: .days(7),
        phoneWindow: .hours(24),
        phoneAmountMax: Money(minorUnits: 100_000),
        overrideCountMax: 3,
        overrideWindow: .days(30),
        defaultClass: .b,
        earnestDays: 14,
        orderHold: .days(3),
        watchLimitPercent: 90,
        watchDays: 7,
        phoneFrom: Money(minorUnits: 100_000),
        disputeDays: 30,
        agencyDays: 100,
        disputePayDays: 0,
        instrumentMaxDays: 120
    )

    public init(
        classes: [RiskClass: ClassPolicy], overrideMaximum: Period, phoneWindow: Period, phoneAmountMax: Money,
        overrideCountMax: Int, overrideWindow: Period, defaultClass: RiskClass, earnestDays: Int, orderHold: Period,
        watchLimitPercent: Int, watchDays: Int,
        phoneFrom: Money, disputeDays: Int, agencyDays: Int, disputePayDays: Int,
        instrumentMaxDays: Int
    ) {
        self.classes = classes
        self.byClass = Policy.table(classes)
        self.overrideMaximum = overrideMaximum
        self.phoneWindow = phoneWindow
        self.phoneAmountMax = phoneAmountMax
        self.overrideCountMax = overrideCountMax
        self.overrideWindow = overrideWindow
        self.defaultClass = defaultClass
        self.earnestDays = earnestDays
        self.orderHold = orderHold
        self.watchLimitPercent = watchLimitPercent
        self.watchDays = watchDays
        self.phoneFrom = phoneFrom
        self.disputeDays = disputeDays
        self.agencyDays = agencyDays
        self.disputePayDays = disputePayDays
        self.instrumentMaxDays = instrumentMaxDays
    }

    public subscript(riskClass: RiskClass) -> ClassPolicy { byClass[riskClass.index] }

    /// Every class's rules in `RiskClass.allCases` order, the standard ones where `classes` has none.
    private static func table(_ classes: [RiskClass: ClassPolicy]) -> [ClassPolicy] {
        RiskClass.allCases.map { classes[$0] ?? Policy.standard.classes[$0]! }
    }
}

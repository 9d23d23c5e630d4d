/// The credit policy in force (R-BLK-5, R-COL-8): per-class defaults and
/// thresholds, and the bounds on overrides, earnest money and reservations.
/// It is state like any other: changed only through `Ledger.apply`
/// (POLICY SET), journaled, and readable by every signed-in user.
public struct Policy: Hashable, Sendable {
    public var classes: [RiskClass: ClassPolicy]
    /// The longest an override may run (R-OVR-5).
    public var overrideMaximum: Span
    /// How long an unconfirmed phone override lives (R-OVR-6).
    public var phoneWindow: Span
    /// The class of a new customer that names none.
    public var defaultClass: RiskClass
    /// How recent a payment must be to count as earnest money (R-UNB-4).
    public var earnestDays: Int
    /// How long credit stays reserved for an order that passed CHECK.
    public var orderHold: Span

    public static let standard = Policy(
        classes: [
            .a: ClassPolicy(terms: 30, limit: Money(minorUnits: 5_000_000), graceDays: 30,
                            minimumOverdue: Money(minorUnits: 500), bouncedLimit: 2, brokenPromiseLimit: 2,
                            earnestPercent: 10),
            .b: ClassPolicy(terms: 30, limit: Money(minorUnits: 1_000_000), graceDays: 30,
                            minimumOverdue: Money(minorUnits: 500), bouncedLimit: 1, brokenPromiseLimit: 1,
                            earnestPercent: 20),
            .c: ClassPolicy(terms: 30, limit: Money(minorUnits: 200_000), graceDays: 30,
                            minimumOverdue: Money(minorUnits: 500), bouncedLimit: 1, brokenPromiseLimit: 1,
                            earnestPercent: 30),
            .d: ClassPolicy(terms: 30, limit: .zero, graceDays: 30,
                            minimumOverdue: Money(minorUnits: 500), bouncedLimit: 1, brokenPromiseLimit: 1,
                            earnestPercent: 50),
        ],
        overrideMaximum: .days(7),
        phoneWindow: .hours(24),
        defaultClass: .b,
        earnestDays: 14,
        orderHold: .days(3)
    )

    public init(classes: [RiskClass: ClassPolicy], overrideMaximum: Span, phoneWindow: Span,
                defaultClass: RiskClass, earnestDays: Int, orderHold: Span) {
        self.classes = classes
        self.overrideMaximum = overrideMaximum
        self.phoneWindow = phoneWindow
        self.defaultClass = defaultClass
        self.earnestDays = earnestDays
        self.orderHold = orderHold
    }

    public subscript(riskClass: RiskClass) -> ClassPolicy {
        classes[riskClass] ?? Policy.standard.classes[riskClass]!
    }
}

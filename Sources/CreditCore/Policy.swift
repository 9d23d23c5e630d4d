/// The credit policy in force (R-BLK-5): per-class defaults and thresholds,
/// and the bounds on overrides. It is state like any other: changed only
/// through `Ledger.apply`, journaled, and readable by every signed-in user.
public struct Policy: Hashable, Sendable {
    public var classes: [RiskClass: ClassPolicy]
    /// The longest an override may run (R-OVR-5).
    public var overrideMaximum: Span
    /// How long an unconfirmed phone override lives (R-OVR-6).
    public var phoneWindow: Span
    /// The class of a new customer that names none.
    public var defaultClass: RiskClass

    public static let standard = Policy(
        classes: [
            .a: ClassPolicy(terms: 30, limit: Money(minorUnits: 5_000_000), graceDays: 30),
            .b: ClassPolicy(terms: 30, limit: Money(minorUnits: 1_000_000), graceDays: 30),
            .c: ClassPolicy(terms: 30, limit: Money(minorUnits: 200_000), graceDays: 30),
            .d: ClassPolicy(terms: 30, limit: .zero, graceDays: 30),
        ],
        overrideMaximum: .days(7),
        phoneWindow: .hours(24),
        defaultClass: .b
    )

    public init(classes: [RiskClass: ClassPolicy], overrideMaximum: Span, phoneWindow: Span,
                defaultClass: RiskClass) {
        self.classes = classes
        self.overrideMaximum = overrideMaximum
        self.phoneWindow = phoneWindow
        self.defaultClass = defaultClass
    }

    public subscript(riskClass: RiskClass) -> ClassPolicy {
        classes[riskClass] ?? Policy.standard.classes[riskClass]!
    }
}

/// Where a customer stands in collections (R-COL-3, R-COL-7). Handing over
/// to an agency or to legal holds the customer (`AGENCY`).
public enum CollectionStage: String, CaseIterable, Hashable, Sendable {
    case none
    case reminder
    case call
    case final
    case agency
    case legal

    public var holds: Bool { self == .agency || self == .legal }
}

/// A dispute on an invoice (R-COL-5): while open the invoice does not count
/// as overdue; once resolved it is due at once. An immutable object, so an
/// invoice without one carries a single nil reference, not forty bytes.
public final class Dispute: Hashable, Sendable {
    public let note: String
    public let at: Instant
    public let by: String

    public init(note: String, at: Instant, by: String) {
        self.note = note
        self.at = at
        self.by = by
    }

    public static func == (lhs: Dispute, rhs: Dispute) -> Bool {
        lhs.note == rhs.note && lhs.at == rhs.at && lhs.by == rhs.by
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(note)
        hasher.combine(at)
        hasher.combine(by)
    }
}

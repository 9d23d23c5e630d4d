/// A dispute on an invoice (R-COL-5): while open the invoice does not count
/// as overdue; once resolved it is due at once.
public struct Dispute: Hashable, Sendable {
    public let note: String
    public let at: Instant
    public let by: String

    public init(note: String, at: Instant, by: String) {
        self.note = note
        self.at = at
        self.by = by
    }
}

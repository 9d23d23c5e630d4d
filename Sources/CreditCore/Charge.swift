/// What a late charge (an invoice of kind `charge`, posted by CHARGE) is for (R-COL-9): the
/// late interest on one item up to a day, with the item's late fee when it is the item's first.
public struct Charge: Hashable, Sendable {
    /// The `ordinal` of the invoice charged for (stable, unlike an id VOID may free).
    public let item: Int
    /// The last day the interest counts; the next charge's interest starts after it.
    public let through: Day
    public let note: String

    public init(item: Int, through: Day, note: String) {
        self.item = item
        self.through = through
        self.note = note
    }
}

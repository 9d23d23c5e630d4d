/// A clerk's request for a change that raises the company's risk — a higher
/// limit, a more lenient class, longer terms, `strategic=yes` — waiting for a
/// manager who is not the requester to approve or reject it (four eyes; R-COL-8 in docs/rules.md).
public struct ChangeRequest: Hashable, Sendable {
    /// `RQ-<n>`, unique for the life of the server.
    public let id: String
    public let number: Int
    /// The change asked for; its `note` is the requester's reason.
    public let change: CustomerChange
    public let requestedBy: String
    public let at: Instant

    public init(number: Int, change: CustomerChange, requestedBy: String, at: Instant) {
        self.id = "RQ-\(number)"
        self.number = number
        self.change = change
        self.requestedBy = requestedBy
        self.at = at
    }
}

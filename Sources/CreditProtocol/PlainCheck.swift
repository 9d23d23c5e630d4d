import CreditCore

/// CHECK's plain form as its reader found it in a line (`VerbTable.plainCheck`): where the
/// customer's id lies and the amount asked. Nothing in it to retain or free: an optional
/// `CheckQuery` returned from the reader was freed through the generic optional's witness (~110
/// instructions a CHECK); the id becomes a `String` once, where the query is used.
public struct PlainCheck: Equatable, Sendable {
    public let customer: Range<Int>
    public let amount: Money

    /// The question, its id read from the same line's bytes.
    public func query(in bytes: UnsafeRawBufferPointer) -> CheckQuery {
        CheckQuery(
            customer: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[customer]), as: UTF8.self),
            amount: amount)
    }
}

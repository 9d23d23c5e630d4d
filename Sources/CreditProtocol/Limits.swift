import CreditCore

/// Every limit of the protocol, in one place; protocol.md quotes these numbers.
public enum Limits {
    /// A request line is at most 4096 bytes including its newline.
    public static let maximumLineLength = 4096
    /// At most 32 words in a request (the verb, its arguments and its keys).
    public static let maximumWords = 32
    /// Ids (customer, invoice, order, payment ref, override, user): 1–64 characters.
    public static let maximumIdentifierLength = 64
    /// A value (a name, a note, any word), quoted or not: at most 1000 bytes as
    /// it reads, after unescaping, so the journal's quoted form of any value
    /// accepted reads back.
    public static let maximumTextLength = 1000
    /// A block reason code: 1–32 characters from `A–Z 0–9 _`.
    public static let maximumReasonLength = 32
    /// `uses=` at most this many orders.
    public static let maximumUses = 1000
    /// Open invoices of one customer (INVOICE past it: TOO_LARGE).
    public static let maximumOpenInvoices = Customer.maximumOpenInvoices
    /// Guarantees of one customer, released ones included (GUARANTEE past it: TOO_LARGE).
    public static let maximumGuarantees = Customer.maximumGuarantees
    /// Orders with credit reserved for one customer at once (CHECK order= past it: TOO_LARGE).
    public static let maximumReservations = Customer.maximumReservations
}

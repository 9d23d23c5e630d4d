/// A refusal with a stable code and a human sentence. Every error the server
/// can answer is one of these; the wire form is `ERR <CODE> <message>`.
public struct CreditError: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue) \(message)" }
}

/// Every error code, each listed in protocol.md's error table.
public enum ErrorCode: String, CaseIterable, Sendable {
    // The request line itself.
    case emptyLine = "EMPTY_LINE"
    case lineTooLong = "LINE_TOO_LONG"
    case badQuote = "BAD_QUOTE"
    case badEscape = "BAD_ESCAPE"
    case badUTF8 = "BAD_UTF8"
    case badByte = "BAD_BYTE"
    case unknownVerb = "UNKNOWN_VERB"
    case missingArgument = "MISSING_ARGUMENT"
    case extraArgument = "EXTRA_ARGUMENT"
    case unknownKey = "UNKNOWN_KEY"
    case duplicateKey = "DUPLICATE_KEY"
    // Values.
    case badID = "BAD_ID"
    case badAmount = "BAD_AMOUNT"
    case badDate = "BAD_DATE"
    case badInstant = "BAD_INSTANT"
    case badDuration = "BAD_DURATION"
    case badValue = "BAD_VALUE"
    case noteRequired = "NOTE_REQUIRED"
    // The session.
    case authRequired = "AUTH_REQUIRED"
    case authFailed = "AUTH_FAILED"
    case forbidden = "FORBIDDEN"
    case disabled = "DISABLED"
    case busy = "BUSY"
    case readOnly = "READONLY"
    // Replication.
    case replica = "REPLICA"
    case stale = "STALE"
    case notReplicated = "NOT_REPLICATED"
    case fenced = "FENCED"
    case notReplica = "NOT_REPLICA"
    // The books.
    case unknownCustomer = "UNKNOWN_CUSTOMER"
    case unknownInvoice = "UNKNOWN_INVOICE"
    case unknownOverride = "UNKNOWN_OVERRIDE"
    case unknownUser = "UNKNOWN_USER"
    case userExists = "USER_EXISTS"
    case duplicateInvoice = "DUPLICATE_INVOICE"
    case refConflict = "REF_CONFLICT"
    case alreadyBlocked = "ALREADY_BLOCKED"
    case notBlocked = "NOT_BLOCKED"
    case notAManager = "NOT_A_MANAGER"
    case notYourOverride = "NOT_YOUR_OVERRIDE"
    case overrideTooLong = "OVERRIDE_TOO_LONG"
    case overrideEnded = "OVERRIDE_ENDED"
    case notHeld = "NOT_HELD"
    case overrideLimit = "OVERRIDE_LIMIT"
    case aboveCeiling = "ABOVE_CEILING"
    case approvalRequired = "APPROVAL_REQUIRED"
    case unknownRequest = "UNKNOWN_REQUEST"
    case tooLarge = "TOO_LARGE"
    case unknownInstrument = "UNKNOWN_INSTRUMENT"
    case unknownGuarantee = "UNKNOWN_GUARANTEE"
    case unknownOrder = "UNKNOWN_ORDER"
    case notPending = "NOT_PENDING"
    case alreadyDisputed = "ALREADY_DISPUTED"
    case invoiceInUse = "INVOICE_IN_USE"
    case notDisputed = "NOT_DISPUTED"
    case planExists = "PLAN_EXISTS"
    case earnestRequired = "EARNEST_REQUIRED"
    case internalError = "INTERNAL"
}

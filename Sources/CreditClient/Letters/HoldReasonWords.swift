/// What each hold reason code means, in words a customer or a manager reads.
enum HoldReasonWords {
    static let words: [String: String] = [
        "MANUAL": "blocked by the credit department",
        "OVER_LIMIT": "the credit limit is reached",
        "OVERDUE": "invoices are past due",
        "BOUNCED": "a cheque or other instrument was returned unpaid",
        "BROKEN_PROMISE": "a promised payment did not arrive",
        "PLAN_DEFAULT": "an instalment of the payment plan is missing",
        "AGENCY": "the debt has been handed to a collection agency or to legal",
    ]

    /// `OVERDUE,OVER_LIMIT` → "invoices are past due; the credit limit is reached".
    static func describe(_ codes: String) -> String {
        codes.split(separator: ",").map { words[String($0)] ?? String($0) }.joined(separator: "; ")
    }
}

import CreditCore

/// What an import did, row by row. The CLI prints ``lines``; the nightly script reads the first
/// one's `accepted=` and `rejected=`.
public struct ImportReport: Sendable {
    /// A row that was not recorded: refused here (a bad amount, date, id or missing value, with
    /// codes named like the server's) or by the server (its `ERR` code and message).
    public struct Rejection: Sendable, Equatable {
        /// The file line the row starts on.
        public var line: Int
        public var code: String
        public var reason: String

        public init(line: Int, code: String, reason: String) {
            self.line = line
            self.code = code
            self.reason = reason
        }
    }

    public var kind: ImportKind
    /// Data rows read (the header excluded).
    public var rows = 0
    /// Rows the server answered `OK` that recorded something or repeated an identical record:
    /// INVOICE and PAY answer a resend of the same invoice or ref exactly as the first time, so
    /// the two cannot be told apart from here (INFO's journal `next=` can: it does not move).
    public var accepted = 0
    /// Rows answered `OK … unchanged` (CUSTOMER with nothing new).
    public var unchanged = 0
    /// Payment rows without a settled date, when `settled` is mapped.
    public var skipped = 0
    public var rejected: [Rejection] = []
    /// `CUSTOMER <id>` requests sent for the customers of an invoice file: created, unchanged,
    /// refused (their rows are then refused by the server as UNKNOWN_CUSTOMER).
    public var customersCreated = 0
    public var customersUnchanged = 0
    public var customersRejected = 0
    /// `--dry-run`: nothing was sent; `accepted` counts the rows found right.
    public var dryRun = false
    /// With `--dry-run`, when dates failed: the format given, and those that read every date of the file.
    public var dateFormats: (given: DateFormat, fitting: [DateFormat])?

    public init(kind: ImportKind) {
        self.kind = kind
    }

    /// Whether every row went in (or was skipped on purpose).
    public var isClean: Bool { rejected.isEmpty && customersRejected == 0 }

    /// One summary line, then one line per rejected row, in the protocol's `key=value` manner:
    ///
    ///     import invoices rows=2466 accepted=2466 unchanged=0 skipped=0 rejected=0 customers_created=100 customers_unchanged=0
    ///     rejected line=7 code=BAD_AMOUNT reason="\"12,5x\" is not an amount"
    public var lines: [String] {
        if dryRun { return dryRunLines }
        var summary =
            "import \(kind.rawValue) rows=\(rows) accepted=\(accepted) unchanged=\(unchanged)"
            + " skipped=\(skipped) rejected=\(rejected.count)"
        if kind == .invoices {
            summary +=
                " customers_created=\(customersCreated) customers_unchanged=\(customersUnchanged)"
                + " customers_rejected=\(customersRejected)"
        }
        return [summary] + rejectedLines
    }

    var rejectedLines: [String] {
        rejected.map { "rejected line=\($0.line) code=\($0.code) reason=\(Quoting.quoted($0.reason))" }
    }

    /// `--dry-run`'s lines: a summary, each row refused, and which date format fits:
    ///
    ///     dry-run import invoices rows=4 ok=2 skipped=0 rejected=2 sent=0
    ///     rejected line=3 code=BAD_DATE reason="date \"13/1/2024\" is not a date M/D/YYYY"
    ///     date-format given=mdy fits=dmy
    var dryRunLines: [String] {
        let summary =
            "dry-run import \(kind.rawValue) rows=\(rows) ok=\(accepted) skipped=\(skipped) rejected=\(rejected.count) sent=0"
        guard let (given, fitting) = dateFormats else { return [summary] + rejectedLines }
        return [summary] + rejectedLines
            + [
                "date-format given=\(given) fits="
                    + (fitting.isEmpty ? "none" : fitting.map(\.rawValue).joined(separator: ","))
            ]
    }
}

/// Which CSV column feeds which field of a request, for one ``ImportKind``.
///
/// Defaults: each field reads the column of its own name (`customer`, `invoice`, `amount`, …),
/// header names matched case-insensitively; a default column that the file lacks is simply not
/// sent, unless the field is required. `--column field=Header` replaces a default, and a column
/// named that way must exist. A preset is a documented set of `--column`s (and a ref prefix) for
/// a known export; `--column` given with a preset wins over it.
///
/// Payments have one field that is not sent: `settled`. When it is mapped, only rows with a value
/// in that column are payments (the value must be a date); the others are skipped, not rejected.
/// PAY has no date, so the settled date itself is not transmitted: the server records the
/// payment at the time it receives it.
public struct ImportMapping: Sendable, Equatable {
    public let kind: ImportKind
    /// Field → column name, as given (defaults, then the preset, then `--column`s).
    public private(set) var columns: [String: String]
    /// Fields whose column was named by a preset or `--column`: the file must have it.
    public private(set) var explicit: Set<String>
    /// Prepended to every payment ref (`SETTLE-` in the `ibm-ar` preset).
    public var refPrefix: String

    /// Presets for known exports.
    public enum Preset: String, Sendable, CaseIterable {
        /// IBM's public "Accounts Receivable" sample (WA_Fn-UseC_-Accounts-Receivable.csv):
        /// customerID, invoiceNumber, InvoiceDate, DueDate, InvoiceAmount, SettledDate; US dates,
        /// so use it with `--date-format mdy`.
        /// - customers: `CUSTOMER <customerID>`
        /// - invoices: `INVOICE <customerID> <invoiceNumber> <InvoiceAmount> date=<InvoiceDate> due=<DueDate>`
        /// - payments (rows with a SettledDate): `PAY <customerID> <InvoiceAmount> ref=SETTLE-<invoiceNumber> invoice=<invoiceNumber>`
        case ibmAR = "ibm-ar"

        func columns(for kind: ImportKind) -> [String: String] {
            switch kind {
            case .customers: ["id": "customerID"]
            case .invoices:
                [
                    "customer": "customerID", "invoice": "invoiceNumber", "amount": "InvoiceAmount",
                    "date": "InvoiceDate", "due": "DueDate",
                ]
            case .payments:
                [
                    "customer": "customerID", "amount": "InvoiceAmount", "ref": "invoiceNumber",
                    "invoice": "invoiceNumber", "settled": "SettledDate",
                ]
            }
        }

        var refPrefix: String { "SETTLE-" }
    }

    /// `columnOptions` are `--column` values, `field=Header`.
    public init(kind: ImportKind, preset: Preset? = nil, columnOptions: [String] = [], refPrefix: String? = nil)
        throws(ImportError)
    {
        self.kind = kind
        var columns: [String: String] = [:]
        for field in kind.fields where !kind.fieldsWithoutDefault.contains(field) { columns[field] = field }
        var explicit: Set<String> = []
        if let preset {
            for (field, column) in preset.columns(for: kind) {
                columns[field] = column
                explicit.insert(field)
            }
        }
        for option in columnOptions {
            let pair = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[1].trimmingSpaces.isEmpty else { throw .badColumnOption(option) }
            let field = pair[0].trimmingSpaces.lowercased()
            guard kind.fields.contains(field) else { throw .unknownField(field, kind: kind) }
            columns[field] = String(pair[1]).trimmingSpaces
            explicit.insert(field)
        }
        self.columns = columns
        self.explicit = explicit
        self.refPrefix = refPrefix ?? preset?.refPrefix ?? ""
    }

    /// Field → index of its column in `header`; throws when a required or explicitly named column
    /// is missing.
    public func resolve(header: [String]) throws(ImportError) -> [String: Int] {
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.trimmingSpaces.lowercased()
            if positions[key] == nil { positions[key] = index }
        }
        var result: [String: Int] = [:]
        for field in kind.fields {
            guard let column = columns[field] else { continue }
            if let index = positions[column.lowercased()] {
                result[field] = index
            } else if explicit.contains(field) || kind.requiredFields.contains(field) {
                throw .missingColumn(field: field, column: column, header: header)
            }
        }
        return result
    }
}

/// What an import file holds: `creditgate import customers|invoices|payments FILE.csv`.
public enum ImportKind: String, Sendable, CaseIterable {
    case customers, invoices, payments

    /// The fields a row of this kind may give, in the order of the request's words. Each one's
    /// default column is its own name (matched case-insensitively), except `settled`.
    public var fields: [String] {
        switch self {
        case .customers: ["id", "name", "limit", "terms", "class", "strategic"]
        case .invoices: ["customer", "invoice", "amount", "date", "due", "order"]
        case .payments: ["customer", "amount", "ref", "invoice", "settled"]
        }
    }

    /// The fields every row must give.
    public var requiredFields: [String] {
        switch self {
        case .customers: ["id"]
        case .invoices: ["customer", "invoice", "amount"]
        case .payments: ["customer", "amount", "ref"]
        }
    }

    /// Fields with no default column: used only when `--column` or a preset names one.
    /// (`settled` is a filter: a file's "settled" column may well be a yes/no.)
    var fieldsWithoutDefault: Set<String> {
        self == .payments ? ["settled"] : []
    }
}

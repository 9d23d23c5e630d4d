import CreditCore

/// How an ERP file writes its dates (`--date-format iso|dmy|mdy`). The protocol takes only
/// `YYYY-MM-DD`; `dmy` and `mdy` cannot be told apart from the text (`3/4/2013`), so the file's
/// convention is stated, never guessed.
public enum DateFormat: String, Sendable, CaseIterable {
    /// `YYYY-MM-DD`, exactly.
    case iso
    /// `D/M/YYYY` or `DD/MM/YYYY` (Europe, Israel).
    case dmy
    /// `M/D/YYYY` or `MM/DD/YYYY` (the US; IBM's AR sample).
    case mdy

    /// The protocol form `YYYY-MM-DD` of `text`, or nil when it is malformed or names a day that
    /// does not exist (31/4/2013, 2/29/2013).
    public func protocolDate(_ text: String) -> String? {
        switch self {
        case .iso:
            return Day(parsing: text)?.description
        case .dmy, .mdy:
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3,
                (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let first = Int(parts[0]), let second = Int(parts[1]), let year = Int(parts[2])
            else { return nil }
            let (day, month) = self == .dmy ? (first, second) : (second, first)
            return Day(year: year, month: month, day: day)?.description
        }
    }

    /// How the format looks, for error messages.
    public var pattern: String {
        switch self {
        case .iso: "YYYY-MM-DD"
        case .dmy: "D/M/YYYY"
        case .mdy: "M/D/YYYY"
        }
    }
}

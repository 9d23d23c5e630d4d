import CreditCore

/// Turns an ERP file's amount (`55.94`, `94`, `1,234.50`) into the protocol's money (`55.94`,
/// `94.00`, `1234.50`) by string manipulation only: a Double would turn 0.1 into
/// 0.1000000000000000055…, and money must be exact.
///
/// Thousands separators are stripped only when `thousandsSeparator` is set, and then only in
/// well-formed groups of three (`1,234.50`, not `12,34`): in a file that does not use them a
/// comma more likely means a decimal comma or a shifted column. Digits past the second decimal
/// are accepted only when they are zeros (`12.3400`); anything else would need rounding.
public struct AmountFormat: Sendable, Equatable {
    public var thousandsSeparator: Character?

    public init(thousandsSeparator: Character? = nil) {
        self.thousandsSeparator = thousandsSeparator
    }

    /// Why an amount was refused, for the import report.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed(String)
        case notPositive(String)
        case tooPrecise(String)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .malformed(let text): "\(Quoting.quoted(text)) is not an amount"
            case .notPositive(let text): "\(Quoting.quoted(text)) is not a positive amount"
            case .tooPrecise(let text): "\(Quoting.quoted(text)) has more than two decimals"
            case .tooLarge(let text): "\(Quoting.quoted(text)) is larger than 999999999999.99"
            }
        }
    }

    /// The protocol form, always with two decimals, of a positive amount (or of zero, where
    /// `allowZero`: a credit limit may be 0).
    public func protocolAmount(_ raw: String, allowZero: Bool = false) throws(Problem) -> String {
        let text = raw.trimmingSpaces
        if text.hasPrefix("-") || text.hasPrefix("(") { throw .notPositive(raw) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { throw .malformed(raw) }
        var whole = String(parts[0])
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        if let separator = thousandsSeparator, whole.contains(separator) {
            let groups = whole.split(separator: separator, omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw .malformed(raw)
            }
            whole = groups.joined()
        }
        // "5." and ".5" are refused, as the protocol refuses them: a lost digit is likelier than a style.
        guard !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
            parts.count == 1 || (!fraction.isEmpty && fraction.allSatisfy(\.isASCIIDigit))
        else {
            throw .malformed(raw)
        }
        while fraction.count > 2 {
            guard fraction.last == "0" else { throw .tooPrecise(raw) }
            fraction.removeLast()
        }
        fraction += String(repeating: "0", count: 2 - fraction.count)
        let digits = whole.drop { $0 == "0" }
        let amount = (digits.isEmpty ? "0" : String(digits)) + "." + fraction
        guard digits.count <= 12, let money = Money(parsing: amount) else { throw .tooLarge(raw) }
        guard money.isPositive || allowZero else { throw .notPositive(raw) }
        return amount
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (ERP exports pad fixed-width columns).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}

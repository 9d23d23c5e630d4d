extension ReplyRecord {
    /// The value of `key`, or "" when the line has none.
    subscript(_ key: String) -> String {
        pairs.first { $0.key == key }?.value ?? ""
    }

    /// An amount of the reply (`1200.50`) in minor units; 0 when missing or malformed.
    func minorUnits(_ key: String) -> Int64 {
        let text = self[key]
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return 0 }
        let cents =
            parts.count == 2 ? Int64(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0).prefix(2)) ?? 0 : 0
        return (whole * 100 + cents) * (negative ? -1 : 1)
    }
}

/// Amounts printed as the server prints them: minor units with two decimals.
enum Amount {
    static func text(_ minorUnits: Int64) -> String {
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

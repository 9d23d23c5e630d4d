/// A length of time written `30m`, `2h`, `3d` (or `45s`): override windows,
/// policy durations, snapshot intervals.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let seconds: Int64

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    public static func minutes(_ count: Int64) -> Period { Period(seconds: count * 60) }
    public static func hours(_ count: Int64) -> Period { Period(seconds: count * 3600) }
    public static func days(_ count: Int64) -> Period { Period(seconds: count * 86_400) }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.seconds < rhs.seconds }

    /// Parses a positive whole number followed by one unit letter: s, m, h or d.
    public init?(parsing text: some StringProtocol) {
        guard let unit = text.last, text.count >= 2, text.count <= 8,
            let count = Int64(text.dropLast()), count > 0, text.first != "+"
        else { return nil }
        switch unit {
        case "s": seconds = count
        case "m": seconds = count * 60
        case "h": seconds = count * 3600
        case "d": seconds = count * 86_400
        default: return nil
        }
    }

    /// The largest whole unit: `7d`, `36h`, `90m`, `45s`.
    public var description: String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}

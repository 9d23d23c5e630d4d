/// Which lines the shell keeps in its history (`~/.creditgate_history`): never one that carries
/// a secret. A line is left out when it signs in (`AUTH …`, also as `raw AUTH …`), when any
/// word sets a secret (`secret=…`), or when it holds a secret this session knows (the one it
/// signed in with), wherever in the line.
public struct HistoryFilter: Sendable, Equatable {
    /// Secrets known to the session; empty ones are ignored.
    public let secrets: [String]

    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { !$0.isEmpty }
    }

    /// The same filter, also refusing lines that hold `secret`.
    public func adding(_ secret: String) -> HistoryFilter {
        HistoryFilter(secrets: secrets + [secret])
    }

    public func keeps(_ line: String) -> Bool {
        var words = line.split(whereSeparator: \.isWhitespace).map {
            $0.lowercased().trimmingPrefix(while: { $0 == "\"" || $0 == "'" })
        }
        if words.first == "raw" { words.removeFirst() }
        if words.first == "auth" { return false }
        if words.contains(where: { $0.hasPrefix("secret=") }) { return false }
        return !secrets.contains { line.contains($0) }
    }
}

import CreditProtocol

/// One body line of a multi-line reply, `<kind> [<id>] key=value key="quoted value" …`
/// (protocol.md §5), taken apart: the kind, then the words in order as (key, value) pairs. A
/// word without `=` after the kind (`customer C1005`, `invoice INV-1`) gets the key `id`, a
/// second one `id2`, and so on. Quoted values lose their quotes and `\"`, `\\` escapes.
public struct ReplyRecord: Sendable, Equatable {
    public var kind: String
    public var pairs: [(key: String, value: String)]

    public static func == (lhs: ReplyRecord, rhs: ReplyRecord) -> Bool {
        lhs.kind == rhs.kind && lhs.pairs.map(\.key) == rhs.pairs.map(\.key)
            && lhs.pairs.map(\.value) == rhs.pairs.map(\.value)
    }

    /// Nil when the line is empty, starts with a `key=value` word, or a quote is not closed.
    public init?(parsing line: String) {
        let (words, closed) = ReplyWord.split(line)
        guard closed, let first = words.first, first.key == nil else { return nil }
        kind = first.value
        var pairs: [(key: String, value: String)] = []
        var positional = 0
        for word in words.dropFirst() {
            if let key = word.key {
                pairs.append((key, word.value))
            } else {
                positional += 1
                pairs.append((positional == 1 ? "id" : "id\(positional)", word.value))
            }
        }
        self.pairs = pairs
    }
}

import CreditCore

/// Every verb of the protocol (Redis's command table): protocol.md has one
/// section per entry, and a test checks that the two list the same verbs.
/// Each family of verbs keeps its rows in its own file (`Verbs/<Family>.swift`),
/// with its canonical journal lines and its replies; this file assembles them
/// and finds the row a line names.
public enum VerbTable {
    public static let all: [VerbSpec] = specs.enumerated().map { number, spec in
        VerbSpec(
            spec, number: number,
            hasSubverbs: spec.subverb == nil && specs.contains { $0.subverb != nil && $0.verbWord == spec.verbWord })
    }

    /// The families in the order HELP lists them; CHECK first, the hot path, found first.
    private static let specs: [VerbSpec] = Array(
        [
            check, session, customers, invoices, blocks, overrides, instruments, collections, policy, desk, users,
            operations,
        ].joined())

    /// The verb a line names, or `UNKNOWN_VERB`. Verbs are case-insensitive;
    /// CHECK, the hot path, is found first.
    public static func spec(for line: RequestLine) throws(CreditError) -> VerbSpec {
        // A `key=value` first word is no verb: taking its value as one would
        // misread the line (`order=CHECK CHECK C1` as a CHECK with an order).
        guard !line.words[0].isKeyed else {
            throw CreditError(.unknownVerb, "a request starts with its verb, not with \(line.key(line.words[0]))=")
        }
        let verb = line.verb
        var family = false
        var plain: Int?
        for index in all.indices where matches(verb, all[index].verbWord) {
            if let subverb = all[index].subverb {
                family = true
                if let word = line.positional(0), matches(line.raw(word), subverb) { return all[index] }
            } else if all[index].hasSubverbs {
                plain = index
            } else {
                return all[index]
            }
        }
        if let plain { return all[plain] }
        let name = String(decoding: verb, as: UTF8.self)
        if family {
            let words = all.filter { matches(verb, $0.verbWord) }.compactMap {
                $0.subverb.map { String(decoding: $0, as: UTF8.self) }
            }
            throw CreditError(.unknownVerb, "\(name.uppercased()) needs one of: \(words.joined(separator: ", "))")
        }
        throw CreditError(.unknownVerb, "unknown verb '\(name.prefix(32))'; HELP lists the verbs")
    }

    public static func spec(named name: String) -> VerbSpec? {
        all.first { $0.name == name.uppercased() }
    }

    /// A change of one id with a written note: APPROVE, REJECT, REVIEWED, UNBLOCK, REVOKE.
    static func idAndNote(
        _ name: String, _ syntax: String, _ summary: String, id: String, role: Role,
        _ command: @escaping @Sendable (String, String) -> Command
    ) -> VerbSpec {
        VerbSpec(
            name, syntax, summary, arguments: 1...1, keys: ["note"], required: ["note"], role: role,
            access: .write
        ) { line, _ throws(CreditError) in
            .command(command(try line.identifier(0, id), try line.note()))
        }
    }

    /// A change of one ref: CLEARED, BOUNCED, RELEASE.
    static func ref(_ name: String, _ summary: String, _ command: @escaping @Sendable (String) -> Command) -> VerbSpec {
        VerbSpec(name, "\(name) <ref>", summary, arguments: 1...1, role: .clerk, access: .write) {
            line, _ throws(CreditError) in
            .command(command(try line.identifier(0, "ref")))
        }
    }

    /// Case-insensitive match of a word against an upper-case verb (letters only).
    static func matches(_ bytes: UnsafeRawBufferPointer, _ word: [UInt8]) -> Bool {
        guard bytes.count == word.count else { return false }
        for index in 0..<word.count where bytes[index] & 0xDF != word[index] { return false }
        return true
    }
}

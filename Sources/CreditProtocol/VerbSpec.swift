import CreditCore

/// One verb of the protocol as data: its name, syntax, how many positional
/// arguments and which keys it takes, the role it needs, whether it changes
/// the books, and how its words become a typed `Request`. The dispatcher
/// checks the verb, the role and the arity once, from here; decoders only
/// turn words into values. A class: every request finds its row, and a
/// reference to it costs one retain where a copy would retain every field.
public final class VerbSpec: Sendable {
    public enum Access: Sendable {
        /// Session verbs: PING, HELP, QUIT, AUTH.
        case session
        /// Reads from memory; never journaled (CHECK journals only what it changes).
        case read
        /// Changes the books: journaled before the reply. The server refuses it before it runs
        /// while the journal cannot be written (`READONLY`) and on a replica (`REPLICA`).
        case write
    }

    public typealias Decoder = @Sendable (RequestLine, Origin) throws(CreditError) -> Request

    /// `CHECK`, or `USER ADD` for a verb with a sub-verb.
    public let name: String
    public let syntax: String
    public let summary: String
    /// Positional arguments after the verb (and its sub-verb).
    public let arguments: ClosedRange<Int>
    public let keys: [StaticString]
    public let requiredKeys: [StaticString]
    /// nil: anyone, signed in or not.
    public let role: Role?
    public let access: Access
    /// The position in `VerbTable.all`, for per-verb counters without hashing.
    public let number: Int
    /// Another verb starts with the same word and has a sub-verb (RELEASE, RELEASE ORDER).
    let hasSubverbs: Bool
    /// SYNC, ACK and HELD: the replica role's alone, so an admin's secret never streams the books.
    public let replicaOnly: Bool
    let decoder: Decoder
    /// The verb and sub-verb upper-cased, and the keys, as bytes: matched without making strings.
    let verbWord: [UInt8]
    let subverb: [UInt8]?
    let keyBytes: [[UInt8]]

    public init(
        _ name: String, _ syntax: String, _ summary: String, arguments: ClosedRange<Int>,
        keys: [StaticString] = [], required: [StaticString] = [], role: Role?, access: Access,
        replicaOnly: Bool = false, decode: @escaping Decoder
    ) {
        number = 0
        hasSubverbs = false
        self.replicaOnly = replicaOnly
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.arguments = arguments
        self.keys = keys
        self.requiredKeys = required
        self.role = role
        self.access = access
        self.decoder = decode
        let words = name.split(separator: " ")
        verbWord = Array(words[0].utf8)
        subverb = words.count > 1 ? Array(words[1].utf8) : nil
        keyBytes = keys.map { Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) }
    }

    /// `spec` as row `number` of the table.
    init(_ spec: VerbSpec, number: Int, hasSubverbs: Bool) {
        (name, syntax, summary, arguments) = (spec.name, spec.syntax, spec.summary, spec.arguments)
        (keys, requiredKeys, role, access) = (spec.keys, spec.requiredKeys, spec.role, spec.access)
        (self.number, self.hasSubverbs, replicaOnly, decoder) = (number, hasSubverbs, spec.replicaOnly, spec.decoder)
        (verbWord, subverb, keyBytes) = (spec.verbWord, spec.subverb, spec.keyBytes)
    }

    /// Keys that only the journal writes: a salted secret's hash, and the count of refusals one
    /// CHECK record stands for.
    static let journalKeys: Set<String> = ["credential", "count", "seconds", "held", "on"]

    /// Checks arity and keys, then decodes the values.
    public func decode(_ line: RequestLine, origin: Origin = .wire) throws(CreditError) -> Request {
        let offset = subverb == nil ? 0 : 1
        let count = line.positionalCount - offset
        if count < arguments.lowerBound {
            throw CreditError(.missingArgument, "usage: \(syntax)")
        }
        if count > arguments.upperBound {
            throw CreditError(.extraArgument, "usage: \(syntax)")
        }
        for word in line.words where word.isKeyed {
            let key = line.range(word.keyStart, word.keyEnd)
            guard
                keys.first?.description == "*"
                    || keyBytes.contains(where: { $0.withUnsafeBytes { RequestLine.equalsLowercased(key: key, $0) } })
                    || (origin == .journal && VerbSpec.journalKeys.contains(line.key(word)))
            else {
                throw CreditError(.unknownKey, "\(name) takes no \(line.key(word))=; usage: \(syntax)")
            }
        }
        for key in requiredKeys where line.keyed(key) == nil {
            throw CreditError(
                key.description == "note" ? .noteRequired : .missingArgument,
                "\(key)= is required; usage: \(syntax)")
        }
        return try decoder(line, origin)
    }
}

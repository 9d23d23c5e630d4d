import CreditCore

/// Builds one protocol request line word by word: the one way the client, its importer and the
/// bench's set-up write requests. It refuses any value that would change the line's meaning — a
/// space splitting one value into two words, a `"` or `=` re-reading it as something else, a line
/// break ending the request early — so what the user typed is exactly what the server reads. Free
/// text (names, notes) is quoted with CreditCore's `Quoting`. Its messages name a keyed value as
/// the command-line option that gave it (`'--note'`).
public struct RequestBuilder: Sendable {
    public private(set) var words: [String]

    public init(_ verb: String) {
        words = [verb]
    }

    /// The request without its newline.
    public var line: String { words.joined(separator: " ") }

    /// A positional value, e.g. a customer id or an amount.
    public mutating func add(_ value: String, name: String) throws(RequestError) {
        try Self.checkPlain(value, what: "<\(name)>", allowEquals: false)
        words.append(value)
    }

    /// `key=value` when the option was given.
    public mutating func add(key: String, _ value: String?) throws(RequestError) {
        guard let value else { return }
        try Self.checkPlain(value, what: "'--\(key)'", allowEquals: true)
        words.append("\(key)=\(value)")
    }

    /// `key="text"` when the option was given, with `"` and `\` escaped.
    public mutating func add(key: String, quoted value: String?) throws(RequestError) {
        guard let value else { return }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw RequestError("The value of '--\(key)' cannot contain line breaks or control characters")
        }
        words.append("\(key)=\(Quoting.quoted(value))")
    }

    /// `key=value` given as one word (`POLICY SET class.C.grace=15`): the key is checked like a
    /// positional value, the value like an option's.
    public mutating func add(setting: String) throws(RequestError) {
        guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
            throw RequestError("The setting '\(setting)' must be key=value, e.g. class.C.grace=15")
        }
        let key = String(setting[..<equals])
        let value = String(setting[setting.index(after: equals)...])
        try Self.checkPlain(key, what: "<setting>", allowEquals: false)
        try Self.checkPlain(value, what: "'\(key)'", allowEquals: true)
        words.append("\(key)=\(value)")
    }

    /// A line as the user typed it (`raw`), checked only for what would split it in two.
    public static func checkRawLine(_ line: String) throws(RequestError) {
        if line.allSatisfy(\.isWhitespace) { throw RequestError("The line to send is empty") }
        if line.contains(where: \.isNewline) { throw RequestError("The line to send cannot contain a line break") }
    }

    private static func checkPlain(_ value: String, what: String, allowEquals: Bool) throws(RequestError) {
        if value.isEmpty { throw RequestError("The value of \(what) cannot be empty") }
        for scalar in value.unicodeScalars {
            let forbidden =
                scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar == "\"" || scalar == "\\" || (scalar == "=" && !allowEquals)
            if forbidden {
                let extra = allowEquals ? "" : ", '='"
                throw RequestError(
                    "The value '\(value)' of \(what) cannot contain spaces, quotes, '\\'\(extra) or control characters")
            }
        }
    }
}

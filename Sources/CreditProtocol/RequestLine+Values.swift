import CreditCore

/// Typed values out of words, each refusal with its own code and a message
/// that names the argument.
extension RequestLine {
    /// Positional argument `index` as an id, or `BAD_ID`.
    public func identifier(_ index: Int, _ what: String) throws(CreditError) -> String {
        guard let word = positional(index) else { throw CreditError(.missingArgument, "\(what) is missing") }
        return try identifier(word, what)
    }

    /// The id under `key`, if given.
    public func identifier(_ key: StaticString) throws(CreditError) -> String? {
        guard let word = keyed(key) else { return nil }
        return try identifier(word, "\(key)=")
    }

    func identifier(_ word: Word, _ what: @autoclosure () -> String) throws(CreditError) -> String {
        let bytes = raw(word)
        guard !word.hasEscapes, Identifier.isValid(bytes) else {
            throw CreditError(.badID, "\(what()) must be 1-64 characters from A-Z a-z 0-9 . _ - / :")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Positional argument `index` as an amount, or nil when absent.
    public func amount(_ index: Int, positive: Bool) throws(CreditError) -> Money? {
        guard let word = positional(index) else { return nil }
        return try amount(word, "amount", positive: positive)
    }

    public func amount(_ key: StaticString, positive: Bool) throws(CreditError) -> Money? {
        guard let word = keyed(key) else { return nil }
        return try amount(word, "\(key)=", positive: positive)
    }

    func amount(_ word: Word, _ what: @autoclosure () -> String, positive: Bool) throws(CreditError) -> Money {
        guard let money = Money(bytes: raw(word)) else {
            throw CreditError(.badAmount, "\(what()) must be like 123 or 123.45 (at most \(Money.maximum))")
        }
        if positive, !money.isPositive { throw CreditError(.badAmount, "\(what()) must be more than 0") }
        return money
    }

    public func day(_ key: StaticString) throws(CreditError) -> Day? {
        guard let word = keyed(key) else { return nil }
        guard let day = Day(parsing: text(word)) else {
            throw CreditError(.badDate, "\(key)= must be a date YYYY-MM-DD")
        }
        return day
    }

    public func instant(_ key: StaticString) throws(CreditError) -> Instant? {
        guard let word = keyed(key) else { return nil }
        return try instant(word, "\(key)=")
    }

    func instant(_ word: Word, _ what: @autoclosure () -> String) throws(CreditError) -> Instant {
        guard let instant = Instant(parsing: text(word)) else {
            throw CreditError(.badInstant, "\(what()) must be an instant YYYY-MM-DDThh:mm:ssZ")
        }
        return instant
    }

    public func instant(_ index: Int, _ what: String) throws(CreditError) -> Instant {
        guard let word = positional(index) else { throw CreditError(.missingArgument, "\(what) is missing") }
        return try instant(word, what)
    }

    public func span(_ key: StaticString) throws(CreditError) -> Period? {
        guard let word = keyed(key) else { return nil }
        guard let span = Period(parsing: text(word)) else {
            throw CreditError(.badDuration, "\(key)= must be a duration like 30m, 2h or 3d")
        }
        return span
    }

    /// Payment terms: `<days>`, `eom` or `eom+<days>`.
    public func terms(_ key: StaticString) throws(CreditError) -> Terms? {
        guard let word = keyed(key) else { return nil }
        guard let terms = Terms(parsing: text(word)) else {
            throw CreditError(.badValue, "\(key)= must be days from 0 to 3650, eom or eom+<days>")
        }
        return terms
    }

    public func integer(_ key: StaticString, in range: ClosedRange<Int>) throws(CreditError) -> Int? {
        guard let word = keyed(key) else { return nil }
        let value = text(word)
        guard value.allSatisfy(\.isASCII), let number = Int(value), range.contains(number) else {
            throw CreditError(
                .badValue, "\(key)= must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// The positional journal sequence number at `index` (0 before the first record).
    public func sequence(_ index: Int) throws(CreditError) -> UInt64 {
        let value = try text(index, "sequence")
        guard value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let number = UInt64(value)
        else {
            throw CreditError(.badValue, "a sequence must be a whole number from 0, not \(value.prefix(32))")
        }
        return number
    }

    /// Positional argument `index` as text, unquoted, or `MISSING_ARGUMENT`.
    public func text(_ index: Int, _ what: String) throws(CreditError) -> String {
        try required(positional(index).map { text($0) }, what)
    }

    /// A value the row promises (by its arity or its required keys): `MISSING_ARGUMENT`, not a
    /// crash, should a row and its decoder ever disagree.
    public func required<Value>(_ value: Value?, _ what: String) throws(CreditError) -> Value {
        guard let value else { throw CreditError(.missingArgument, "\(what) is missing") }
        return value
    }

    /// Free text (a name or note), unquoted.
    public func text(_ key: StaticString) -> String? {
        keyed(key).map { text($0) }
    }

    /// The note; present (the spec requires it) with visible characters, or `NOTE_REQUIRED`.
    public func note() throws(CreditError) -> String {
        guard let note = text("note"), Justification.isWritten(note) else {
            throw CreditError(.noteRequired, "a written note with visible characters is required: note=\"...\"")
        }
        return note
    }

    public func yesNo(_ key: StaticString) throws(CreditError) -> Bool? {
        guard let word = keyed(key) else { return nil }
        switch text(word).lowercased() {
        case "yes": return true
        case "no": return false
        default: throw CreditError(.badValue, "\(key)= must be yes or no")
        }
    }

    public func riskClass(_ key: StaticString) throws(CreditError) -> RiskClass? {
        guard let word = keyed(key) else { return nil }
        guard let riskClass = RiskClass(name: text(word)) else {
            throw CreditError(.badValue, "\(key)= must be A, B, C or D")
        }
        return riskClass
    }

    public func role(_ key: StaticString) throws(CreditError) -> Role? {
        guard let word = keyed(key) else { return nil }
        guard let role = Role(name: text(word)) else {
            throw CreditError(.badValue, "\(key)= must be terminal, clerk, manager, admin or replica")
        }
        return role
    }

    /// A block reason code, upper-cased: 1–32 of `A–Z 0–9 _`.
    public func reasonCode(_ key: StaticString) throws(CreditError) -> String? {
        guard let word = keyed(key) else { return nil }
        let code = text(word).uppercased()
        guard (1...Limits.maximumReasonLength).contains(code.utf8.count),
            code.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
        else {
            throw CreditError(.badValue, "\(key)= must be 1-32 characters from A-Z 0-9 _")
        }
        return code
    }

    /// A word that must be exactly `expected` (case-insensitive), e.g. `via=phone`.
    public func keyword(_ key: StaticString, _ expected: String) throws(CreditError) -> Bool {
        guard let word = keyed(key) else { return false }
        guard text(word).lowercased() == expected else { throw CreditError(.badValue, "\(key)= must be \(expected)") }
        return true
    }
}

import CreditCore

/// One request line cut into words, without copying: the verb, the
/// positional arguments and the `key=value` arguments, each a byte range of
/// the line. Values in double quotes may hold spaces and UTF-8, with `\"` and
/// `\\` as the only escapes. The bytes must stay valid while it is in use.
public struct RequestLine {
    public struct Word {
        /// The key's range when the word is `key=value`; empty otherwise.
        var keyStart: Int32
        var keyEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
        /// The value was in double quotes (and `valueStart..<valueEnd` is inside them).
        var quoted: Bool
        var hasEscapes: Bool

        var isKeyed: Bool { keyEnd > keyStart }
    }

    public let bytes: UnsafeRawBufferPointer
    /// Word 0 is the verb.
    public internal(set) var words: [Word]

    /// The verb, as typed.
    public var verb: UnsafeRawBufferPointer { range(words[0].valueStart, words[0].valueEnd) }

    public var positionalCount: Int { words.count(where: { !$0.isKeyed }) - 1 }

    /// The `index`-th positional argument after the verb (0-based), raw.
    public func positional(_ index: Int) -> Word? {
        var seen = -1
        for word in words where !word.isKeyed {
            if seen == index { return word }
            seen += 1
        }
        return nil
    }

    /// The word whose key is `key` (lower case), if present.
    public func keyed(_ key: StaticString) -> Word? {
        let wanted = UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        for word in words
        where word.isKeyed && RequestLine.equalsLowercased(key: range(word.keyStart, word.keyEnd), wanted) {
            return word
        }
        return nil
    }

    public func raw(_ word: Word) -> UnsafeRawBufferPointer { range(word.valueStart, word.valueEnd) }

    /// The value as text, unescaped.
    public func text(_ word: Word) -> String {
        let raw = raw(word)
        guard word.hasEscapes else { return String(decoding: raw, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\") { index += 1 }
            unescaped.append(raw[index])
            index += 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// The key of a keyed word, lower-cased (for messages).
    public func key(_ word: Word) -> String {
        String(decoding: range(word.keyStart, word.keyEnd), as: UTF8.self).lowercased()
    }

    func range(_ start: Int32, _ end: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Int(start)..<Int(end)])
    }

    static func equalsLowercased(key: UnsafeRawBufferPointer, _ lower: UnsafeRawBufferPointer) -> Bool {
        guard key.count == lower.count else { return false }
        for index in 0..<key.count where key[index] | 0x20 != lower[index] | 0x20 { return false }
        return true
    }
}

import CreditCore

/// Cuts request lines into words (`RequestLine`), on raw bytes, reusing one
/// word buffer so that a line costs no allocation. Owned by one thread.
///
/// It rejects, each with its own code: an empty line, control bytes (NUL
/// among them), invalid UTF-8, an unterminated quote, an escape other than
/// `\"` and `\\`, more than `Limits.maximumWords` words, a value longer than
/// `Limits.maximumTextLength`, an empty key and a repeated key. The line's terminator is already gone.
public final class RequestParser {
    private var words: [RequestLine.Word] = []

    public init() {
        words.reserveCapacity(Limits.maximumWords)
    }

    public func parse(_ bytes: UnsafeRawBufferPointer) throws(CreditError) -> RequestLine {
        try RequestParser.validate(bytes)
        words.removeAll(keepingCapacity: true)
        let count = bytes.count
        var index = RequestParser.skipSpaces(bytes, from: 0)
        while index < count {
            guard words.count < Limits.maximumWords else {
                throw CreditError(.extraArgument, "a request has at most \(Limits.maximumWords) words")
            }
            let start = index
            var keyEnd = start
            if bytes[index] != UInt8(ascii: "\"") {
                while index < count, !RequestParser.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                    bytes[index] != UInt8(ascii: "\"")
                {
                    index += 1
                }
                if index < count, bytes[index] == UInt8(ascii: "\""), index > start {
                    throw CreditError(.badQuote, "a quote may only open a value")
                }
                if index < count, bytes[index] == UInt8(ascii: "=") {
                    guard index > start else { throw CreditError(.unknownKey, "a key is missing before '='") }
                    keyEnd = index
                    index += 1
                } else {
                    try RequestParser.checkLength(index - start)
                    words.append(
                        RequestLine.Word(
                            keyStart: 0, keyEnd: 0, valueStart: Int32(start),
                            valueEnd: Int32(index), quoted: false, hasEscapes: false))
                    index = RequestParser.skipSpaces(bytes, from: index)
                    continue
                }
            }
            let word = try RequestParser.value(bytes, from: index, keyStart: start, keyEnd: keyEnd)
            words.append(word.word)
            index = RequestParser.skipSpaces(bytes, from: word.next)
        }
        guard !words.isEmpty else { throw CreditError(.emptyLine, "the request is empty") }
        try checkDuplicateKeys(bytes)
        return RequestLine(bytes: bytes, words: words)
    }

    /// A value after `key=` (or a quoted positional word): bare up to the
    /// next space, or quoted up to the closing quote.
    private static func value(
        _ bytes: UnsafeRawBufferPointer, from start: Int, keyStart: Int,
        keyEnd: Int
    ) throws(CreditError) -> (word: RequestLine.Word, next: Int) {
        let count = bytes.count
        var index = start
        guard index < count, bytes[index] == UInt8(ascii: "\"") else {
            while index < count, !isSpace(bytes[index]) {
                if bytes[index] == UInt8(ascii: "\"") { throw CreditError(.badQuote, "a quote may only open a value") }
                index += 1
            }
            try checkLength(index - start)
            let word = RequestLine.Word(
                keyStart: Int32(keyStart), keyEnd: Int32(keyEnd), valueStart: Int32(start),
                valueEnd: Int32(index), quoted: false, hasEscapes: false)
            return (word, index)
        }
        index += 1
        let valueStart = index
        var escapes = 0
        while true {
            guard index < count else { throw CreditError(.badQuote, "a quoted value is not closed") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < count else { throw CreditError(.badQuote, "a quoted value is not closed") }
                let escaped = bytes[index + 1]
                guard escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") else {
                    throw CreditError(.badEscape, "only \\\" and \\\\ may be escaped")
                }
                escapes += 1
                index += 2
                continue
            }
            index += 1
        }
        let valueEnd = index
        index += 1
        guard index == count || isSpace(bytes[index]) else {
            throw CreditError(.badQuote, "a closing quote must end the word")
        }
        try checkLength(valueEnd - valueStart - escapes)
        let word = RequestLine.Word(
            keyStart: Int32(keyStart), keyEnd: Int32(keyEnd), valueStart: Int32(valueStart),
            valueEnd: Int32(valueEnd), quoted: true, hasEscapes: escapes > 0)
        return (word, index)
    }

    /// One limit for every value, quoted or not, counted as the value reads
    /// (after unescaping): the journal writes each value quoted, escapes and
    /// all, and reads it back through this same check.
    private static func checkLength(_ count: Int) throws(CreditError) {
        guard count <= Limits.maximumTextLength else {
            throw CreditError(.badValue, "a value has at most \(Limits.maximumTextLength) bytes")
        }
    }

    private func checkDuplicateKeys(_ bytes: UnsafeRawBufferPointer) throws(CreditError) {
        // Each key against the keys after it, in place: a line has a few, and a list of them made
        // per line (CUSTOMER's two or three) cost more than the comparing.
        let words = self.words
        let line = RequestLine(bytes: bytes, words: words)
        for first in words.indices where words[first].isKeyed {
            let key = line.range(words[first].keyStart, words[first].keyEnd)
            for second in (first + 1)..<words.count where words[second].isKeyed {
                if RequestLine.equalsLowercased(key: line.range(words[second].keyStart, words[second].keyEnd), key) {
                    throw CreditError(.duplicateKey, "\(line.key(words[first]))= is given twice")
                }
            }
        }
    }

    /// Control bytes are refused (NUL by name); UTF-8 is checked only when a
    /// byte above 0x7F is present, so ASCII lines cost one pass.
    private static func validate(_ bytes: UnsafeRawBufferPointer) throws(CreditError) {
        var ascii = true
        for byte in bytes {
            if byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F {
                throw CreditError(.badByte, byte == 0 ? "NUL bytes are not allowed" : "control bytes are not allowed")
            }
            if byte >= 0x80 { ascii = false }
        }
        if !ascii, String(validating: bytes, as: UTF8.self) == nil {
            throw CreditError(.badUTF8, "the request is not valid UTF-8")
        }
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    static func skipSpaces(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }
}

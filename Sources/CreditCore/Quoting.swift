/// How free text (names, notes) is written in a line of the protocol, the
/// journal and the audit trail: in double quotes, with `"` and `\` escaped.
public enum Quoting {
    /// Escapes byte by byte: `"` and `\` are ASCII, and UTF-8 never uses an
    /// ASCII byte inside a longer character, so no character is split.
    public static func quoted(_ text: String) -> String {
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        guard text.utf8.contains(where: { $0 == quote || $0 == backslash }) else { return "\"" + text + "\"" }
        var bytes: [UInt8] = [quote]
        bytes.reserveCapacity(text.utf8.count * 2 + 2)
        for byte in text.utf8 {
            if byte == quote || byte == backslash { bytes.append(backslash) }
            bytes.append(byte)
        }
        bytes.append(quote)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Writes RFC 4180 CSV: a field is quoted only when it must be (it holds a comma, a quote, a
/// line break, or starts or ends with a space, which some readers trim), quotes are doubled,
/// and records end with CRLF as the RFC asks (spreadsheets and ERP loaders accept it).
public struct CSVWriter: Sendable {
    public let separator: Character
    public let lineEnding: String

    public init(separator: Character = ",", lineEnding: String = "\r\n") {
        self.separator = separator
        self.lineEnding = lineEnding
    }

    /// One field, quoted if need be.
    public func field(_ text: String) -> String {
        let needsQuotes =
            text.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" { quoted.append("\"") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// One record, with its line ending.
    public func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: String(separator)) + lineEnding
    }

    /// A header and its rows; short rows are padded with empty fields.
    public func document(header: [String], rows: [[String]]) -> String {
        var text = record(header)
        for row in rows {
            text += record(row + Array(repeating: "", count: max(0, header.count - row.count)))
        }
        return text
    }
}

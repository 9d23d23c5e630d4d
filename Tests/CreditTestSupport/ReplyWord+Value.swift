import CreditProtocol

extension ReplyWord {
    /// The value of the word `key=…` in a reply line, unquoted; nil when the line has none
    /// (`value("sequence", in: "OK backup dir=\"/b\" sequence=42 bytes=900")` is "42").
    public static func value(_ key: String, in line: String) -> String? {
        split(line).words.first { $0.key == key }?.value
    }
}

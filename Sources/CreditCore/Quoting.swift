/// How free text (names, notes) is written in a line of the protocol, the
/// journal and the audit trail: in double quotes, with `"` and `\` escaped.
public enum Quoting {
    public static func quoted(_ text: String) -> String {
        var result = "\""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 2)
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        result.unicodeScalars.append("\"")
        return result
    }
}

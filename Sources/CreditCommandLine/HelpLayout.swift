/// The layout of both tools' `--help`: two-space-indented rows whose help starts at column 26
/// (on the next line when the label is too wide), wrapped greedily at a fixed width, so the text
/// is the same in tests, pipes and terminals.
public enum HelpLayout {
    public static let indent = 2
    public static let labelColumnWidth = 26

    /// One label/help row within `width` columns; help that does not fit beside the label starts
    /// on the next line.
    public static func row(_ label: String, _ help: String, width: Int) -> String {
        let paddedLabel = String(repeating: " ", count: indent) + label
        let helpIndent = String(repeating: " ", count: labelColumnWidth)
        let lines = wrap(help, width: width - labelColumnWidth)
        guard let first = lines.first else { return paddedLabel }
        let rest = lines.dropFirst().map { "\n" + helpIndent + $0 }.joined()
        if paddedLabel.count < labelColumnWidth {
            let padding = String(repeating: " ", count: labelColumnWidth - paddedLabel.count)
            return paddedLabel + padding + first + rest
        }
        return paddedLabel + "\n" + helpIndent + first + rest
    }

    /// Greedy word wrap; a word longer than `width` gets a line of its own.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

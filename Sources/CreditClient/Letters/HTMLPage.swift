/// A self-contained printable page: inline CSS, inline SVG, no script, nothing fetched. Text
/// from the books (names, notes) is escaped, and set in `<bdi>` so a Hebrew or Arabic name keeps
/// its own direction inside a left-to-right page.
struct HTMLPage {
    let title: String
    private(set) var body = ""

    init(title: String) {
        self.title = title
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Text from the books, isolated in its own direction.
    static func isolated(_ text: String) -> String {
        "<bdi>\(escape(text))</bdi>"
    }

    mutating func heading(_ text: String, level: Int = 2) {
        body += "<h\(level)>\(HTMLPage.escape(text))</h\(level)>\n"
    }

    /// A paragraph of markup that the caller built from escaped parts.
    mutating func paragraph(markup: String, classes: String? = nil) {
        body += "<p\(classes.map { " class=\"\($0)\"" } ?? "")>\(markup)</p>\n"
    }

    /// A table: `numeric` columns are right-aligned; cells are markup built from escaped parts.
    mutating func table(headers: [String], rows: [[String]], numeric: Set<Int> = [], id: String? = nil) {
        body += "<table\(id.map { " id=\"\($0)\"" } ?? "")><thead><tr>"
        for (index, header) in headers.enumerated() {
            body += "<th\(numeric.contains(index) ? " class=\"num\"" : "")>\(HTMLPage.escape(header))</th>"
        }
        body += "</tr></thead><tbody>\n"
        for row in rows {
            body += "<tr>"
            for (index, cell) in row.enumerated() {
                body += "<td\(numeric.contains(index) ? " class=\"num\"" : "")>\(cell)</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody></table>\n"
    }

    /// Horizontal bars, one per (label, amount in minor units), scaled to the largest.
    mutating func barChart(_ bars: [(label: String, minorUnits: Int64, text: String)], id: String) {
        let width = 640
        let rowHeight = 28
        let labelWidth = 110
        let valueWidth = 120
        let largest = max(bars.map(\.minorUnits).max() ?? 0, 1)
        let height = rowHeight * bars.count + 8
        body +=
            "<svg id=\"\(id)\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
            + "xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            let length = Int(Double(width - labelWidth - valueWidth) * Double(max(bar.minorUnits, 0)) / Double(largest))
            body += "<text x=\"0\" y=\"\(y + 18)\" font-size=\"13\">\(HTMLPage.escape(bar.label))</text>"
            body += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"18\" fill=\"#4a6fa5\"/>"
            body +=
                "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 18)\" font-size=\"13\">\(HTMLPage.escape(bar.text))</text>\n"
        }
        body += "</svg>\n"
    }

    var html: String {
        """
        <!DOCTYPE html>
        <html lang="en" dir="ltr">
        <head>
        <meta charset="utf-8">
        <title>\(HTMLPage.escape(title))</title>
        <style>
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em; color: #1a1a1a; max-width: 60em; }
        h1 { font-size: 1.5em; margin-bottom: 0.2em; }
        h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 0.5em 0; }
        th, td { padding: 0.25em 0.8em; border-bottom: 1px solid #e2e2e2; text-align: start; }
        th { background: #f2f2f2; }
        .num { text-align: end; font-variant-numeric: tabular-nums; }
        .held { color: #a00; font-weight: bold; }
        .ok { color: #060; font-weight: bold; }
        .muted { color: #666; }
        @media print { body { margin: 0; } }
        </style>
        </head>
        <body>
        <h1>\(HTMLPage.escape(title))</h1>
        \(body)</body>
        </html>

        """
    }
}

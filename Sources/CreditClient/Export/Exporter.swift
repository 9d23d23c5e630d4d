import CreditProtocol

/// Exports what a multi-line reply lists as CSV, for an ERP to pull: it sends one request (e.g.
/// `AGING`, `BLOCKED`, `HISTORY C1001`, or today's `STATUS C1001`, `USER LIST`) and turns each
/// body line `<kind> key=value …` into a row (see ``ExportTable``). It knows no verb, so a new
/// listing verb exports without a change here.
public struct Exporter {
    public let request: String
    private let send: Importer.Send

    public init(request: String, send: @escaping Importer.Send) {
        self.request = request
        self.send = send
    }

    /// The request line for `creditgate export aging|blocked|history [words…]`: the name
    /// upper-cased as the verb, then the words (`history C1001` → `HISTORY C1001`).
    public static func request(report: String, arguments: [String] = []) -> String {
        ([report.uppercased()] + arguments).joined(separator: " ")
    }

    /// Sends the request and returns the table of its reply's body lines.
    public func run() throws -> ExportTable {
        ExportTable(records: try records())
    }

    /// Sends the request and returns its reply's body lines, taken apart.
    public func records() throws -> [ReplyRecord] {
        let replies = try send([request])
        guard let reply = replies.first, replies.count == 1, let first = reply.first else {
            throw ExportError.noReply
        }
        if first.hasPrefix("ERR ") {
            let words = first.split(separator: " ", maxSplits: 2)
            throw ExportError.server(code: String(words[1]), message: words.count > 2 ? String(words[2]) : "")
        }
        guard first.hasPrefix("OK "), ReplyFraming.followingLines(after: first) != nil else {
            throw ExportError.notAListing(first)
        }
        var records: [ReplyRecord] = []
        for line in reply.dropFirst() {
            guard let record = ReplyRecord(parsing: line) else { throw ExportError.badLine(line) }
            records.append(record)
        }
        return records
    }
}

import CreditProtocol
import Foundation

/// `creditgate statement <customer> --html FILE` and `creditgate report --html FILE`: pages
/// for people to read and print, made from the server's own replies.
extension ClientTool {
    static let statementSpec = CommandSpec(
        name: "statement",
        abstract: "Writes a customer's statement of account as a printable HTML page: open items, aging, "
            + "what is overdue, what happens next.",
        arguments: [ArgumentSpec("customer", help: "The customer id.")],
        options: [OptionSpec("html", valueName: "file", help: "The HTML file to write.", required: true)])

    static let reportSpec = CommandSpec(
        name: "report",
        abstract: "Writes the book at a glance as a printable HTML page: aging chart, largest balances, "
            + "who is held and why, today's worklist.",
        options: [OptionSpec("html", valueName: "file", help: "The HTML file to write.", required: true)])

    /// The day in UTC, for the page's date line.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// 0 once the page is written; 1 when the server refused a read; 2 unreachable; 73 the file
    /// cannot be written (a missing `--html` is refused by the parser: 64).
    static func runLetter(_ command: ParsedCommand, settings: ConnectionSettings) -> Int32 {
        guard let path = command.option("html") else {
            printError(usageError("--html <file> is required", path: command.path).rendered)
            return ExitCode.usage
        }
        let sender = BatchSender(settings: settings)
        func records(_ request: String) throws -> [ReplyRecord] {
            try Exporter(request: request, send: sender.send).records()
        }
        let html: String
        do {
            if command.path == ["statement"] {
                let customer = try command.required("customer")
                var check = RequestBuilder("STATUS")
                try check.add(customer, name: "customer")
                guard
                    let statement = Statement(
                        status: try records(check.line), aging: try records("AGING \(customer)"),
                        date: today())
                else {
                    printError("creditgate: the server's STATUS or AGING of \(customer) lacks the lines of a statement")
                    return ExitCode.unavailable
                }
                html = statement.html
            } else {
                guard
                    let report = BookReport(
                        aging: try records("AGING detail=yes"), blocked: try records("BLOCKED"),
                        worklist: try records("WORKLIST"), date: today())
                else {
                    printError("creditgate: the server's AGING has no total line")
                    return ExitCode.unavailable
                }
                html = report.html
            }
        } catch let error as RequestError {
            printError(usageError(error.message, path: command.path).rendered)
            return ExitCode.usage
        } catch {
            printError("creditgate: \(error)")
            return exitCode(for: error)
        }
        return write(html, to: path)
    }
}

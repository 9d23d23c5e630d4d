import CreditNet
import CreditProtocol
import Foundation

/// `creditgate import …` and `creditgate export …`: the ERP library (``Importer``,
/// ``Exporter``) on the command line, and `--csv` for the desk's listings.
extension ClientTool {
    static let importSpec = CommandSpec(
        name: "import",
        abstract: "Loads an ERP's CSV file of customers, invoices or payments (clerk; see Scripts/erp/README.md).",
        arguments: [
            ArgumentSpec("kind", help: "customers, invoices or payments."),
            ArgumentSpec("file", help: "The CSV file, with a header row."),
        ],
        options: ImportOptions.optionSpecs, flags: ImportOptions.flagSpecs)

    static let exportSpec = CommandSpec(
        name: "export",
        abstract:
            "Writes a listing as CSV for an ERP: aging (every customer, then the total), blocked, history <customer>.",
        arguments: [
            ArgumentSpec("report", help: "aging, blocked or history."),
            ArgumentSpec(
                "customer", help: "aging: only this customer; history: the customer (required).", arity: .optional),
        ],
        options: [OptionSpec("out", valueName: "file", help: "Write the CSV to this file instead of standard output.")])

    /// The request line of a parsed `export`: AGING asks for `detail=yes`, so that every customer
    /// is a row (then the book's total, without a customer).
    static func exportRequest(for command: ParsedCommand) throws(RequestError) -> String {
        let report = try command.required("report").lowercased()
        let customer = command.argument("customer")
        if let customer {
            var check = RequestBuilder(report.uppercased())
            try check.add(customer, name: "customer")
        }
        switch (report, customer) {
        case ("aging", _):
            return Exporter.request(report: report, arguments: (customer.map { [$0] } ?? []) + ["detail=yes"])
        case ("blocked", nil):
            return Exporter.request(report: report)
        case ("blocked", _?):
            throw RequestError("'export blocked' takes no customer")
        case ("history", let customer?):
            return Exporter.request(report: report, arguments: [customer])
        case ("history", nil):
            throw RequestError("Missing expected argument '<customer>'")
        default:
            throw RequestError("Cannot export '\(report)'; reports: aging, blocked, history")
        }
    }

    /// Checks what can be checked without a server, so a mistake is a usage error (exit 64).
    static func validateERP(_ command: ParsedCommand) throws(RequestError) {
        switch command.path {
        case ["import"]:
            let kind = try command.required("kind")
            do throws(ImportError) {
                _ = try ImportOptions(kind: kind, command: command)
            } catch {
                throw RequestError(error.description)
            }
        case ["export"]:
            _ = try exportRequest(for: command)
        default:
            break
        }
    }

    /// `import`: prints the report's lines; 0 when every row went in, 1 when some were
    /// rejected (or AUTH was refused), 2 when the server could not be asked, 64 when the file or
    /// its columns are wrong.
    static func runImport(_ command: ParsedCommand, settings: ConnectionSettings) -> Int32 {
        guard settings.user != nil || command.flag("dry-run") else {
            printError(
                usageError(
                    "import sends writes: sign in with --user <name> (the secret comes from "
                        + "$CREDITGATE_SECRET or secret= in ~/.creditgate)", path: command.path
                ).rendered)
            return ExitCode.usage
        }
        let options: ImportOptions
        do throws(ImportError) {
            options = try ImportOptions(kind: command.argument("kind") ?? "", command: command)
        } catch {
            printError(usageError(error.description, path: command.path).rendered)
            return ExitCode.usage
        }
        let sender = BatchSender(settings: settings)
        do {
            let importer = options.importer(send: sender.send)
            let file = try command.required("file")
            let report =
                try options.dryRun
                ? importer.dryRun(path: file, askServer: settings.user != nil) : importer.run(path: file)
            print(report.lines.joined(separator: "\n"))
            return report.isClean ? ExitCode.success : ExitCode.refused
        } catch {
            printError("creditgate: \(error)")
            return exitCode(for: error)
        }
    }

    /// `export`: the CSV on standard output or in `--out` (written only once the whole listing
    /// has arrived, so a failed export leaves an earlier file as it was).
    static func runExport(_ command: ParsedCommand, settings: ConnectionSettings) -> Int32 {
        let request: String
        do throws(RequestError) {
            request = try exportRequest(for: command)
        } catch {
            printError(usageError(error.message, path: command.path).rendered)
            return ExitCode.usage
        }
        return writeCSV(of: request, settings: settings, to: command.option("out"))
    }

    /// Sends `request`, a listing, and writes its table as CSV to `path` or standard output;
    /// `pairs`: one row per key=value word (see ``ExportTable/init(pairsOf:)``).
    static func writeCSV(of request: String, settings: ConnectionSettings, to path: String? = nil, pairs: Bool = false)
        -> Int32
    {
        let sender = BatchSender(settings: settings)
        let text: String
        do {
            let records = try Exporter(request: request, send: sender.send).records()
            text = (pairs ? ExportTable(pairsOf: records) : ExportTable(records: records)).csv()
        } catch {
            printError("creditgate: \(error)")
            return exitCode(for: error)
        }
        guard let path else {
            Syscall.flushStandardStreams()
            FileHandle.standardOutput.write(Data(text.utf8))
            return ExitCode.success
        }
        return write(text, to: path)
    }

    /// Writes `text` to `path` whole (a temp file renamed over it); 73 when it cannot.
    static func write(_ text: String, to path: String) -> Int32 {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            printError("creditgate: cannot write \(path): \((error as NSError).localizedDescription)")
            return ExitCode.cannotCreate
        }
        return ExitCode.success
    }

    /// The exit status for a failure of an import or export.
    static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case let error as ClientError: error.exitCode
        case ExportError.server: ExitCode.refused
        case is ExportError: ExitCode.unavailable
        case ImportError.replyCount: ExitCode.unavailable
        case is ImportError: ExitCode.usage
        default: ExitCode.unavailable
        }
    }
}

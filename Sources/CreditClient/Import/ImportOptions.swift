/// The options of `creditgate import customers|invoices|payments FILE.csv [options]`, for the
/// command table, and read back from a ``ParsedCommand``:
///
///     --preset ibm-ar                 a known export's columns (see ImportMapping.Preset)
///     --column field=Header           a column for a field (repeatable); overrides the preset
///     --date-format iso|dmy|mdy       how the file writes dates (default: iso)
///     --thousands-separator ,         strip this separator from amounts (default: none)
///     --ref-prefix TEXT               prepended to payment refs (default: the preset's, or none)
///     --batch N                       requests per pipelined batch (default: 500)
///     --no-create-customers           invoices: do not send CUSTOMER <id> first
public struct ImportOptions: Sendable, Equatable {
    public var mapping: ImportMapping
    public var dateFormat: DateFormat
    public var amountFormat: AmountFormat
    public var createCustomers: Bool
    public var batchSize: Int
    /// `--dry-run`: check every row, send no change.
    public var dryRun: Bool

    public static let optionSpecs: [OptionSpec] = [
        OptionSpec("preset", help: "Columns of a known export: ibm-ar (IBM's Accounts Receivable sample)."),
        OptionSpec(
            "column", valueName: "field=Header", help: "The CSV column for a field, e.g. invoice=invoiceNumber.",
            repeatable: true),
        OptionSpec(
            "date-format", help: "How the file writes dates: iso (YYYY-MM-DD), dmy (D/M/YYYY), mdy (M/D/YYYY).",
            defaultValue: "iso"),
        OptionSpec(
            "thousands-separator", valueName: "char", help: "Strip this thousands separator from amounts (1,234.50)."),
        OptionSpec("ref-prefix", help: "Prepended to every payment ref."),
        OptionSpec("batch", help: "Requests per pipelined batch.", defaultValue: "500", kind: .integer),
    ]

    public static let flagSpecs: [FlagSpec] = [
        FlagSpec("no-create-customers", help: "Invoices: do not create missing customers first."),
        FlagSpec(
            "dry-run",
            help: "Check every row and send nothing that changes anything: a summary, each row "
                + "refused with its line and why (rows contradicting an earlier row; with --user, the server's customers, "
                + "open invoices and recent payments, read with STATUS), and the --date-format that fits when dates fail."
        ),
    ]

    public init(
        mapping: ImportMapping,
        dateFormat: DateFormat = .iso,
        amountFormat: AmountFormat = AmountFormat(),
        createCustomers: Bool = true,
        batchSize: Int = 500,
        dryRun: Bool = false
    ) {
        self.mapping = mapping
        self.dateFormat = dateFormat
        self.amountFormat = amountFormat
        self.createCustomers = createCustomers
        self.batchSize = batchSize
        self.dryRun = dryRun
    }

    /// Reads the options of a parsed `import <kind> <file>`; `kind` is the kind word given.
    public init(kind: String, command: ParsedCommand) throws(ImportError) {
        guard let kind = ImportKind(rawValue: kind.lowercased()) else { throw .unknownKind(kind) }
        var preset: ImportMapping.Preset?
        if let name = command.option("preset") {
            guard let known = ImportMapping.Preset(rawValue: name.lowercased()) else { throw .unknownPreset(name) }
            preset = known
        }
        let mapping = try ImportMapping(
            kind: kind, preset: preset, columnOptions: command.optionValues("column"),
            refPrefix: command.option("ref-prefix"))
        let formatName = command.option("date-format") ?? "iso"
        guard let dateFormat = DateFormat(rawValue: formatName.lowercased()) else {
            throw .unknownDateFormat(formatName)
        }
        var separator: Character?
        if let text = command.option("thousands-separator") {
            guard text.count == 1, let character = text.first, character != "." else {
                throw .badOption("--thousands-separator takes one character other than \".\", not \(text)")
            }
            separator = character
        }
        let batch = command.integer("batch") ?? 500
        guard (1...10_000).contains(batch) else { throw .badOption("--batch must be 1-10000, not \(batch)") }
        self.init(
            mapping: mapping, dateFormat: dateFormat, amountFormat: AmountFormat(thousandsSeparator: separator),
            createCustomers: !command.flag("no-create-customers"), batchSize: batch, dryRun: command.flag("dry-run"))
    }

    /// The importer these options describe.
    public func importer(send: @escaping Importer.Send) -> Importer {
        Importer(
            mapping: mapping, dateFormat: dateFormat, amountFormat: amountFormat,
            createCustomers: createCustomers, batchSize: batchSize, send: send)
    }
}

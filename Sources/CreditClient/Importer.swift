import CreditCore
import Foundation

/// Imports an ERP's CSV file of customers, invoices or payments: each row becomes one request
/// (CUSTOMER, INVOICE or PAY), sent in pipelined batches; every row ends up accepted, unchanged,
/// skipped or rejected with its file line and reason.
///
/// Rows are checked here first (ids, amounts, dates, required values), so a bad row is refused
/// with a precise reason and never reaches the server; the rest are the server's to refuse
/// (`ERR DUPLICATE_INVOICE`, `ERR UNKNOWN_CUSTOMER` …), reported with its code. Re-importing a
/// file is safe: CUSTOMER answers `unchanged`, a resent INVOICE or PAY (same ref) changes nothing.
///
/// An invoice file also creates its customers: before the invoices, one `CUSTOMER <id>` (no other
/// field) per distinct customer, which creates a missing one with the class defaults and leaves an
/// existing one as it is (`--no-create-customers` turns this off).
public struct Importer {
    /// Sends request lines (no "\n") in one pipelined batch and returns one reply per request, in
    /// order, each as its lines: one line, or an `OK *<n>` line and its `n` lines.
    public typealias Send = ([String]) throws -> [[String]]

    /// One row's outcome before sending.
    enum Row: Equatable {
        case request(String, customer: String)
        case rejected(code: String, reason: String)
        case skipped
    }

    public let mapping: ImportMapping
    public let dateFormat: DateFormat
    public let amountFormat: AmountFormat
    public let createCustomers: Bool
    /// Requests per pipelined batch: enough to hide the round trip, few enough that replies never
    /// pile up near the server's output limit.
    public let batchSize: Int
    private let send: Send

    public var kind: ImportKind { mapping.kind }

    public init(
        mapping: ImportMapping,
        dateFormat: DateFormat = .iso,
        amountFormat: AmountFormat = AmountFormat(),
        createCustomers: Bool = true,
        batchSize: Int = 500,
        send: @escaping Send
    ) {
        self.mapping = mapping
        self.dateFormat = dateFormat
        self.amountFormat = amountFormat
        self.createCustomers = createCustomers
        self.batchSize = max(1, batchSize)
        self.send = send
    }

    /// Imports the CSV file at `path`.
    public func run(path: String) throws -> ImportReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        return try run(csv: [UInt8](data), name: path)
    }

    /// Imports CSV text (its first record is the header).
    public func run(csv text: String) throws -> ImportReport {
        try run(csv: Array(text.utf8), name: "the input")
    }

    private func run(csv bytes: [UInt8], name: String) throws -> ImportReport {
        let records = CSVReader().records(in: bytes)
        guard let header = records.first else { throw ImportError.emptyFile(name) }
        let columns = try mapping.resolve(header: header.fields)
        var report = ImportReport(kind: kind)
        var pending: [(line: Int, request: String)] = []
        var customers: [String] = []
        var seen: Set<String> = []
        for record in records.dropFirst() {
            report.rows += 1
            switch row(record, header: header.fields, columns: columns) {
            case .request(let request, let customer):
                pending.append((record.line, request))
                if seen.insert(customer).inserted { customers.append(customer) }
            case .rejected(let code, let reason):
                report.rejected.append(.init(line: record.line, code: code, reason: reason))
            case .skipped:
                report.skipped += 1
            }
        }
        if kind == .invoices && createCustomers {
            for (_, reply) in try exchange(customers.map { "CUSTOMER \($0)" }) {
                let words = reply.split(separator: " ")
                switch (words.first, words.last) {
                case ("OK", "created"): report.customersCreated += 1
                case ("OK", _): report.customersUnchanged += 1
                default: report.customersRejected += 1
                }
            }
        }
        for (index, reply) in try exchange(pending.map(\.request)) {
            let line = pending[index].line
            let words = reply.split(separator: " ", maxSplits: 2)
            if words.first == "OK" {
                if kind == .customers && reply.hasSuffix(" unchanged") { report.unchanged += 1 } else { report.accepted += 1 }
            } else if words.first == "ERR", words.count >= 2 {
                report.rejected.append(.init(line: line, code: String(words[1]), reason: words.count > 2 ? String(words[2]) : ""))
            } else {
                report.rejected.append(.init(line: line, code: "UNEXPECTED", reason: reply))
            }
        }
        report.rejected.sort { $0.line < $1.line }
        return report
    }

    /// Sends `requests` in batches; yields each request's index and the first line of its reply.
    private func exchange(_ requests: [String]) throws -> [(Int, String)] {
        var replies: [(Int, String)] = []
        replies.reserveCapacity(requests.count)
        var start = 0
        while start < requests.count {
            let batch = Array(requests[start..<min(start + batchSize, requests.count)])
            let answers = try send(batch)
            guard answers.count == batch.count else {
                throw ImportError.replyCount(sent: batch.count, received: answers.count)
            }
            for (offset, answer) in answers.enumerated() { replies.append((start + offset, answer.first ?? "")) }
            start += batch.count
        }
        return replies
    }

    /// The request for one record, or why there is none.
    func row(_ record: CSVReader.Record, header: [String], columns: [String: Int]) -> Row {
        if let problem = record.problem { return .rejected(code: "BAD_CSV", reason: problem) }
        guard record.fields.count == header.count else {
            return .rejected(code: "BAD_CSV", reason: "\(record.fields.count) fields where the header has \(header.count)")
        }
        var values: [String: String] = [:]
        for (field, index) in columns {
            let value = record.fields[index].trimmingSpaces
            if !value.isEmpty { values[field] = value }
        }
        // A payment file's unsettled rows are not payments: skipped before anything is checked.
        if kind == .payments, columns["settled"] != nil, values["settled"] == nil { return .skipped }
        for field in kind.requiredFields where values[field] == nil {
            return .rejected(code: "MISSING_VALUE", reason: "no \(field) in column \(mapping.columns[field] ?? field)")
        }
        do throws(RowProblem) {
            switch kind {
            case .customers: return try customerRow(values)
            case .invoices: return try invoiceRow(values)
            case .payments: return try paymentRow(values)
            }
        } catch {
            return .rejected(code: error.code, reason: error.reason)
        }
    }

    private struct RowProblem: Error {
        var code: String
        var reason: String
    }

    private func id(_ values: [String: String], _ field: String, prefix: String = "") throws(RowProblem) -> String {
        let value = prefix + (values[field] ?? "")
        guard Identifier.isValid(value) else {
            throw RowProblem(code: "BAD_ID", reason: "\(field) \(Quoting.quoted(value)) is not an id (1-64 of A-Z a-z 0-9 . _ - / :)")
        }
        return value
    }

    private func amount(_ values: [String: String], _ field: String, allowZero: Bool = false) throws(RowProblem) -> String {
        do throws(AmountFormat.Problem) {
            return try amountFormat.protocolAmount(values[field] ?? "", allowZero: allowZero)
        } catch {
            throw RowProblem(code: "BAD_AMOUNT", reason: "\(field) \(error)")
        }
    }

    private func date(_ values: [String: String], _ field: String) throws(RowProblem) -> String? {
        guard let text = values[field] else { return nil }
        guard let date = dateFormat.protocolDate(text) else {
            throw RowProblem(code: "BAD_DATE", reason: "\(field) \(Quoting.quoted(text)) is not a date \(dateFormat.pattern)")
        }
        return date
    }

    private func customerRow(_ values: [String: String]) throws(RowProblem) -> Row {
        let customer = try id(values, "id")
        var request = "CUSTOMER \(customer)"
        if let name = values["name"] {
            // Line breaks and tabs inside a quoted CSV name become spaces: the protocol is one line.
            let flat = name.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
            guard !flat.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw RowProblem(code: "BAD_VALUE", reason: "name holds a control character")
            }
            request += " name=\(Quoting.quoted(flat))"
        }
        if values["limit"] != nil { request += " limit=\(try amount(values, "limit", allowZero: true))" }
        if let terms = values["terms"] {
            guard terms.count <= 4, terms.allSatisfy(\.isASCIIDigit), let days = Int(terms), days <= 3650 else {
                throw RowProblem(code: "BAD_VALUE", reason: "terms \(Quoting.quoted(terms)) is not 0-3650 days")
            }
            request += " terms=\(days)"
        }
        if let riskClass = values["class"] {
            guard ["A", "B", "C", "D"].contains(riskClass.uppercased()) else {
                throw RowProblem(code: "BAD_VALUE", reason: "class \(Quoting.quoted(riskClass)) is not A, B, C or D")
            }
            request += " class=\(riskClass.uppercased())"
        }
        if let strategic = values["strategic"] {
            switch strategic.lowercased() {
            case "yes", "y", "true", "1": request += " strategic=yes"
            case "no", "n", "false", "0": request += " strategic=no"
            default: throw RowProblem(code: "BAD_VALUE", reason: "strategic \(Quoting.quoted(strategic)) is not yes or no")
            }
        }
        return .request(request, customer: customer)
    }

    private func invoiceRow(_ values: [String: String]) throws(RowProblem) -> Row {
        let customer = try id(values, "customer")
        var request = "INVOICE \(customer) \(try id(values, "invoice")) \(try amount(values, "amount"))"
        if let date = try date(values, "date") { request += " date=\(date)" }
        if let due = try date(values, "due") { request += " due=\(due)" }
        if values["order"] != nil { request += " order=\(try id(values, "order"))" }
        return .request(request, customer: customer)
    }

    private func paymentRow(_ values: [String: String]) throws(RowProblem) -> Row {
        // The settled date is checked, not sent: PAY has no date.
        _ = try date(values, "settled")
        let customer = try id(values, "customer")
        var request = "PAY \(customer) \(try amount(values, "amount")) ref=\(try id(values, "ref", prefix: mapping.refPrefix))"
        if values["invoice"] != nil { request += " invoice=\(try id(values, "invoice"))" }
        return .request(request, customer: customer)
    }
}

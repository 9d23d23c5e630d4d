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
    let send: Send

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
        try run(csv: Importer.read(path), name: path)
    }

    static func read(_ path: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ImportError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Imports CSV text (its first record is the header).
    public func run(csv text: String) throws -> ImportReport {
        try run(csv: Array(text.utf8), name: "the input")
    }

    /// A file's rows checked here: the requests to send, with their file lines and customers; the
    /// distinct customers in order of appearance; the report of the rows refused or skipped.
    struct Prepared {
        var pending: [(line: Int, request: String, customer: String)] = []
        var customers: [String] = []
        var report: ImportReport
    }

    func prepare(csv bytes: [UInt8], name: String) throws -> Prepared {
        let records = CSVReader().records(in: bytes)
        guard let header = records.first else { throw ImportError.emptyFile(name) }
        let columns = try mapping.resolve(header: header.fields)
        var prepared = Prepared(report: ImportReport(kind: kind))
        var seen: Set<String> = []
        for record in records.dropFirst() {
            prepared.report.rows += 1
            switch row(record, header: header.fields, columns: columns) {
            case .request(let request, let customer):
                prepared.pending.append((record.line, request, customer))
                if seen.insert(customer).inserted { prepared.customers.append(customer) }
            case .rejected(let code, let reason):
                prepared.report.rejected.append(.init(line: record.line, code: code, reason: reason))
            case .skipped:
                prepared.report.skipped += 1
            }
        }
        return prepared
    }

    private func run(csv bytes: [UInt8], name: String) throws -> ImportReport {
        let prepared = try prepare(csv: bytes, name: name)
        var report = prepared.report
        let pending = prepared.pending
        let customers = prepared.customers
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
                if kind == .customers && reply.hasSuffix(" unchanged") {
                    report.unchanged += 1
                } else {
                    report.accepted += 1
                }
            } else if words.first == "ERR", words.count >= 2 {
                report.rejected.append(
                    .init(line: line, code: String(words[1]), reason: words.count > 2 ? String(words[2]) : ""))
            } else {
                report.rejected.append(.init(line: line, code: "UNEXPECTED", reason: reply))
            }
        }
        report.rejected.sort { $0.line < $1.line }
        return report
    }

    /// Sends `requests` in batches; yields each request's index and the first line of its reply.
    func exchange(_ requests: [String]) throws -> [(Int, String)] {
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
}

import CreditCore

/// `import … --dry-run`: every row checked as an import would check it, and nothing sent that
/// changes anything. Beyond the checks of each row, rows that contradict an earlier row of the
/// file (the same invoice of a customer, or the same payment ref, with other values) are refused
/// as the server would refuse them; with a `send` that reaches a server, each customer's STATUS
/// (a read) finds customers that do not exist and open invoices and recent payments the file
/// contradicts. When dates fail, the report names the `--date-format` that reads every date.
extension Importer {
    /// Checks the CSV file at `path`; `askServer`: look the customers up with STATUS.
    public func dryRun(path: String, askServer: Bool) throws -> ImportReport {
        try dryRun(csv: Importer.read(path), name: path, askServer: askServer)
    }

    public func dryRun(csv text: String, askServer: Bool) throws -> ImportReport {
        try dryRun(csv: Array(text.utf8), name: "the input", askServer: askServer)
    }

    private func dryRun(csv bytes: [UInt8], name: String, askServer: Bool) throws -> ImportReport {
        let prepared = try prepare(csv: bytes, name: name)
        var report = prepared.report
        report.dryRun = true
        let known = askServer ? try lookUp(prepared.customers) : nil
        var earlier: [String: (line: Int, request: String)] = [:]
        for (line, request, customer) in prepared.pending {
            if let problem = contradiction(request, customer: customer, line: line, earlier: &earlier, known: known) {
                report.rejected.append(.init(line: line, code: problem.code, reason: problem.reason))
            } else {
                report.accepted += 1
            }
        }
        report.rejected.sort { $0.line < $1.line }
        if report.rejected.contains(where: { $0.code == "BAD_DATE" }) {
            report.dateFormats = (
                dateFormat,
                try DateFormat.allCases.filter { format in
                    let other = Importer(
                        mapping: mapping, dateFormat: format, amountFormat: amountFormat,
                        createCustomers: createCustomers, batchSize: batchSize, send: send)
                    return try !other.prepare(csv: bytes, name: name).report.rejected.contains { $0.code == "BAD_DATE" }
                }
            )
        }
        return report
    }

    /// What the server holds of a customer, from STATUS.
    enum Known {
        case unknownCustomer
        /// Its open invoices and recent payments, `invoice <id>` or `payment <ref>` → amount.
        case items([String: String])
    }

    func lookUp(_ customers: [String]) throws -> [String: Known] {
        var known: [String: Known] = [:]
        var start = 0
        while start < customers.count {
            let batch = Array(customers[start..<min(start + batchSize, customers.count)])
            let replies = try send(batch.map { "STATUS \($0)" })
            guard replies.count == batch.count else {
                throw ImportError.replyCount(sent: batch.count, received: replies.count)
            }
            for (customer, lines) in zip(batch, replies) {
                guard lines.first?.hasPrefix("OK") == true else {
                    known[customer] = .unknownCustomer
                    continue
                }
                var items: [String: String] = [:]
                for line in lines.dropFirst() {
                    let words = line.split(separator: " ")
                    guard words.count >= 3, words[0] == "invoice" || words[0] == "payment",
                        words[2].hasPrefix("amount=")
                    else { continue }
                    items["\(words[0]) \(words[1])"] = String(words[2].dropFirst(7))
                }
                known[customer] = .items(items)
            }
            start += batch.count
        }
        return known
    }

    /// Why the server would refuse `request` after the file's earlier rows, or nil.
    func contradiction(
        _ request: String, customer: String, line: Int, earlier: inout [String: (line: Int, request: String)],
        known: [String: Known]?
    ) -> RowProblem? {
        let words = request.split(separator: " ")
        let item: (key: String, amount: String, code: String)?
        switch kind {
        case .customers: item = nil
        case .invoices: item = ("invoice \(words[2])", String(words[3]), "DUPLICATE_INVOICE")
        case .payments: item = ("payment \(words[3].dropFirst(4))", String(words[2]), "REF_CONFLICT")
        }
        let held = known?[customer]
        if case .unknownCustomer = held, kind == .payments || !createCustomers {
            return RowProblem(code: "UNKNOWN_CUSTOMER", reason: "\(customer) is not a customer")
        }
        guard let item else { return nil }
        let key = customer + " " + item.key
        if let first = earlier[key] {
            guard first.request == request else {
                return RowProblem(
                    code: item.code, reason: "\(item.key) of \(customer) is on line \(first.line) with other values")
            }
        } else {
            earlier[key] = (line, request)
        }
        if case .items(let items) = held, let amount = items[item.key], amount != item.amount {
            return RowProblem(code: item.code, reason: "\(customer) has \(item.key) of \(amount) already")
        }
        return nil
    }
}

import CreditCore
import CreditProtocol

/// One CSV record → one request line, checked field by field before anything is sent.
extension Importer {
    /// The request for one record, or why there is none.
    func row(_ record: CSVReader.Record, header: [String], columns: [String: Int]) -> Row {
        if let problem = record.problem { return .rejected(code: "BAD_CSV", reason: problem) }
        guard record.fields.count == header.count else {
            return .rejected(
                code: "BAD_CSV", reason: "\(record.fields.count) fields where the header has \(header.count)")
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

    struct RowProblem: Error {
        var code: String
        var reason: String
    }

    func id(_ values: [String: String], _ field: String, prefix: String = "") throws(RowProblem) -> String {
        let value = prefix + (values[field] ?? "")
        guard Identifier.isValid(value) else {
            throw RowProblem(
                code: "BAD_ID", reason: "\(field) \(Quoting.quoted(value)) is not an id (1-64 of A-Z a-z 0-9 . _ - / :)"
            )
        }
        return value
    }

    func amount(_ values: [String: String], _ field: String, allowZero: Bool = false) throws(RowProblem) -> String {
        do throws(AmountFormat.Problem) {
            return try amountFormat.protocolAmount(values[field] ?? "", allowZero: allowZero)
        } catch {
            throw RowProblem(code: "BAD_AMOUNT", reason: "\(field) \(error)")
        }
    }

    func date(_ values: [String: String], _ field: String) throws(RowProblem) -> String? {
        guard let text = values[field] else { return nil }
        guard let date = dateFormat.protocolDate(text) else {
            throw RowProblem(
                code: "BAD_DATE", reason: "\(field) \(Quoting.quoted(text)) is not a date \(dateFormat.pattern)")
        }
        return date
    }

    func customerRow(_ values: [String: String]) throws(RowProblem) -> Row {
        let customer = try id(values, "id")
        var name: String?
        if let given = values["name"] {
            // Line breaks and tabs inside a quoted CSV name become spaces: the protocol is one line.
            let flat = given.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }).joined(
                separator: " ")
            guard !flat.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw RowProblem(code: "BAD_VALUE", reason: "name holds a control character")
            }
            name = flat
        }
        let limit = values["limit"] == nil ? nil : try amount(values, "limit", allowZero: true)
        var terms: String?
        if let given = values["terms"] {
            guard let parsed = Terms(parsing: given) else {
                throw RowProblem(
                    code: "BAD_VALUE", reason: "terms \(Quoting.quoted(given)) is not 0-3650 days, eom or eom+<days>")
            }
            terms = parsed.description
        }
        var riskClass: String?
        if let given = values["class"] {
            guard ["A", "B", "C", "D"].contains(given.uppercased()) else {
                throw RowProblem(code: "BAD_VALUE", reason: "class \(Quoting.quoted(given)) is not A, B, C or D")
            }
            riskClass = given.uppercased()
        }
        var strategic: String?
        if let given = values["strategic"] {
            switch given.lowercased() {
            case "yes", "y", "true", "1": strategic = "yes"
            case "no", "n", "false", "0": strategic = "no"
            default: throw RowProblem(code: "BAD_VALUE", reason: "strategic \(Quoting.quoted(given)) is not yes or no")
            }
        }
        return .request(
            try Self.request("CUSTOMER") { line throws(RequestError) in
                try line.add(customer, name: "id")
                try line.add(key: "name", quoted: name)
                try line.add(key: "limit", limit)
                try line.add(key: "terms", terms)
                try line.add(key: "class", riskClass)
                try line.add(key: "strategic", strategic)
            }, customer: customer)
    }

    func invoiceRow(_ values: [String: String]) throws(RowProblem) -> Row {
        let customer = try id(values, "customer")
        let invoice = try id(values, "invoice")
        let amount = try self.amount(values, "amount")
        let date = try self.date(values, "date")
        let due = try self.date(values, "due")
        let order = values["order"] == nil ? nil : try id(values, "order")
        return .request(
            try Self.request("INVOICE") { line throws(RequestError) in
                try line.add(customer, name: "customer")
                try line.add(invoice, name: "invoice")
                try line.add(amount, name: "amount")
                try line.add(key: "date", date)
                try line.add(key: "due", due)
                try line.add(key: "order", order)
            }, customer: customer)
    }

    func paymentRow(_ values: [String: String]) throws(RowProblem) -> Row {
        // The settled date is checked, not sent: PAY has no date.
        _ = try date(values, "settled")
        let customer = try id(values, "customer")
        let amount = try self.amount(values, "amount")
        let ref = try id(values, "ref", prefix: mapping.refPrefix)
        let invoice = values["invoice"] == nil ? nil : try id(values, "invoice")
        return .request(
            try Self.request("PAY") { line throws(RequestError) in
                try line.add(customer, name: "customer")
                try line.add(amount, name: "amount")
                try line.add(key: "ref", ref)
                try line.add(key: "invoice", invoice)
            }, customer: customer)
    }

    /// The request line of a checked row, written by ``RequestBuilder``; what it refuses (a
    /// control character the checks above let through) rejects the row.
    private static func request(_ verb: String, _ build: (inout RequestBuilder) throws(RequestError) -> Void)
        throws(RowProblem) -> String
    {
        var line = RequestBuilder(verb)
        do {
            try build(&line)
        } catch {
            throw RowProblem(code: "BAD_VALUE", reason: error.message)
        }
        return line.line
    }
}

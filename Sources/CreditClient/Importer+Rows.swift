import CreditCore

/// One CSV record → one request line, checked field by field before anything is sent.
extension Importer {
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

    struct RowProblem: Error {
        var code: String
        var reason: String
    }

    func id(_ values: [String: String], _ field: String, prefix: String = "") throws(RowProblem) -> String {
        let value = prefix + (values[field] ?? "")
        guard Identifier.isValid(value) else {
            throw RowProblem(code: "BAD_ID", reason: "\(field) \(Quoting.quoted(value)) is not an id (1-64 of A-Z a-z 0-9 . _ - / :)")
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
            throw RowProblem(code: "BAD_DATE", reason: "\(field) \(Quoting.quoted(text)) is not a date \(dateFormat.pattern)")
        }
        return date
    }

    func customerRow(_ values: [String: String]) throws(RowProblem) -> Row {
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
            guard let parsed = Terms(parsing: terms) else {
                throw RowProblem(code: "BAD_VALUE", reason: "terms \(Quoting.quoted(terms)) is not 0-3650 days, eom or eom+<days>")
            }
            request += " terms=\(parsed)"
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

    func invoiceRow(_ values: [String: String]) throws(RowProblem) -> Row {
        let customer = try id(values, "customer")
        var request = "INVOICE \(customer) \(try id(values, "invoice")) \(try amount(values, "amount"))"
        if let date = try date(values, "date") { request += " date=\(date)" }
        if let due = try date(values, "due") { request += " due=\(due)" }
        if values["order"] != nil { request += " order=\(try id(values, "order"))" }
        return .request(request, customer: customer)
    }

    func paymentRow(_ values: [String: String]) throws(RowProblem) -> Row {
        // The settled date is checked, not sent: PAY has no date.
        _ = try date(values, "settled")
        let customer = try id(values, "customer")
        var request = "PAY \(customer) \(try amount(values, "amount")) ref=\(try id(values, "ref", prefix: mapping.refPrefix))"
        if values["invoice"] != nil { request += " invoice=\(try id(values, "invoice"))" }
        return .request(request, customer: customer)
    }
}

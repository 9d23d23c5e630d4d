import CreditCore

/// CUSTOMER, REQUEST, APPROVE, REJECT, REVIEWED and REQUESTS: the account's terms, and four eyes
/// over a change that raises risk (R-COL-8). Their rows, canonical journal lines and replies.
extension VerbTable {
    static let customers: [VerbSpec] = [
        VerbSpec(
            "CUSTOMER",
            "CUSTOMER <id> [name=\"…\"] [limit=<money>] [until=<YYYY-MM-DD>] [terms=<days>|eom[+<days>]] [class=<A|B|C|D>] [strategic=yes|no] [review=<YYYY-MM-DD>] [contact=\"…\"] [phone=<phone>] [email=<address>] [owner=<user>] [note=\"…\"]",
            "Creates a customer, or changes the fields given; a change that raises risk is a manager's, with a note.",
            arguments: 1...1,
            keys: [
                "name", "limit", "until", "terms", "class", "strategic", "review", "contact", "phone",
                "email", "owner", "note",
            ], role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            .command(.customer(try decodeChange(line, name: line.text("name"))))
        },
        VerbSpec(
            "REQUEST",
            "REQUEST <customer> [limit=<money>] [until=<YYYY-MM-DD>] [class=<A-D>] [terms=<days>|eom[+<days>]] [strategic=yes|no] note=\"…\"",
            "Asks a manager to approve a change that raises risk (four eyes).",
            arguments: 1...1, keys: ["limit", "until", "class", "terms", "strategic", "note"], required: ["note"],
            role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            .command(.request(try decodeChange(line, name: nil)))
        },
        idAndNote(
            "APPROVE", "APPROVE <request-id> note=\"…\"",
            "A manager other than the requester approves a request; the change is made.",
            id: "request id", role: .manager, Command.approve),
        idAndNote(
            "REJECT", "REJECT <request-id> note=\"…\"", "A manager rejects a request.",
            id: "request id", role: .manager, Command.reject),
        idAndNote(
            "REVIEWED", "REVIEWED <customer> note=\"…\"",
            "Records a credit review; the next is due after the class's review_months.",
            id: "customer", role: .manager, Command.reviewed),
        VerbSpec(
            "REQUESTS", "REQUESTS", "The requests waiting for a manager, oldest first.",
            arguments: 0...0, role: .clerk, access: .read
        ) { _, _ in .requests },
    ]

    static func decodeChange(_ line: RequestLine, name: String?) throws(CreditError) -> CustomerChange {
        CustomerChange(
            id: try line.identifier(0, "customer"), name: name,
            limit: try line.amount("limit", positive: false), terms: try line.terms("terms"),
            riskClass: try line.riskClass("class"), strategic: try line.yesNo("strategic"),
            until: try line.day("until"), review: try line.day("review"),
            note: line.keyed("note") == nil ? nil : try line.note(), contact: line.text("contact"),
            phone: line.text("phone"), email: line.text("email"), owner: line.text("owner"))
    }
}

extension Command {
    /// CUSTOMER or REQUEST: the fields given.
    static func line(_ verb: String, _ change: CustomerChange) -> String {
        // Gathered as bytes in one buffer and made a `String` once: an append to a `String` per
        // word cost about half of the journal record of a CUSTOMER.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(verb.utf8.count + 1 + change.id.utf8.count + 96)
        bytes.append(contentsOf: verb.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: change.id.utf8)
        change.forEachSetting { key, value in
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: key.utf8)
            bytes.append(contentsOf: value.utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Reply {
    static func changed(_ customer: Customer, _ change: Outcome.Change) -> String {
        "\(customer.id) \(change.rawValue)"
    }

    static func requested(_ request: ChangeRequest) -> String {
        "\(request.change.id) request=\(request.id) pending"
    }

    static func decided(_ request: ChangeRequest, approved: Bool) -> String {
        "\(request.change.id) request=\(request.id) \(approved ? "approved" : "rejected")"
    }

    static func reviewed(_ customer: String, next: Day) -> String {
        "\(customer) reviewed next_review=\(next)"
    }

    /// REQUESTS' lines: `request <id> customer=<id> [limit=…] [terms=…] [class=…] [strategic=…]
    /// requested_by=<user> at=<instant> note="…"`.
    public static func request(_ request: ChangeRequest) -> String {
        let settings = request.change.settings.filter { !$0.hasPrefix("note=") }
        return
            (["request \(request.id) customer=\(request.change.id)"] + settings
            + ["requested_by=\(request.requestedBy) at=\(request.at) note=" + Quoting.quoted(request.change.note ?? "")])
            .joined(separator: " ")
    }
}

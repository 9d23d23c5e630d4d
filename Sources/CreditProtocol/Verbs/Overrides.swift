import CreditCore

/// OVERRIDE, OVERRIDES, CONFIRM and REVOKE: a manager's bounded permission to let a held customer
/// through (R-OVR-1..6). Their rows, canonical journal lines and replies.
extension VerbTable {
    static let overrides: [VerbSpec] = [
        VerbSpec(
            "OVERRIDE",
            "OVERRIDE <customer> for=<duration> | until=<instant> [amount=<money>] [total=<money>] [order=<ref>] [uses=<n>] [reasons=<CODE,…>] [by=<manager> via=phone] note=\"…\"",
            "A manager lets a held customer through, for a bounded time; a clerk records a manager's phone approval.",
            arguments: 1...1,
            keys: ["for", "until", "amount", "total", "order", "uses", "reasons", "by", "via", "note"],
            required: ["note"], role: .clerk, access: .write
        ) { line, _ throws(CreditError) in
            .command(.override(try decodeOverride(line)))
        },
        VerbSpec(
            "OVERRIDES", "OVERRIDES [<customer>]",
            "Live overrides, and phone approvals awaiting their manager's confirmation.",
            arguments: 0...1, role: .clerk, access: .read
        ) { line, _ throws(CreditError) in
            .overrides(customer: line.positional(0) == nil ? nil : try line.identifier(0, "customer"))
        },
        VerbSpec(
            "CONFIRM", "CONFIRM <override-id>", "The named manager confirms a phone approval.",
            arguments: 1...1, role: .manager, access: .write
        ) { line, _ throws(CreditError) in
            .command(.confirm(override: try line.identifier(0, "override id")))
        },
        idAndNote(
            "REVOKE", "REVOKE <override-id> note=\"…\"", "Ends an override early.",
            id: "override id", role: .manager, Command.revoke),
    ]

    static func decodeOverride(_ line: RequestLine) throws(CreditError) -> OverrideEntry {
        let customer = try line.identifier(0, "customer")
        let lasting = try line.span("for")
        let until = try line.instant("until")
        let window: OverrideEntry.Window
        switch (lasting, until) {
        case (let span?, nil): window = .lasting(span)
        case (nil, let instant?): window = .until(instant)
        case (nil, nil): throw CreditError(.missingArgument, "an override needs for=<duration> or until=<instant>")
        default: throw CreditError(.badValue, "give for= or until=, not both")
        }
        let manager = try line.identifier("by")
        let phone = try line.keyword("via", "phone")
        guard (manager == nil) == !phone else {
            throw CreditError(.badValue, "by=<manager> and via=phone go together: a clerk records a manager's call")
        }
        var reasons: HoldReason?
        if let text = line.text("reasons") {
            guard let codes = HoldReason(codes: text) else {
                throw CreditError(.badValue, "reasons= lists hold codes like OVER_LIMIT,OVERDUE")
            }
            reasons = codes
        }
        return OverrideEntry(
            customer: customer, window: window, maximumAmount: try line.amount("amount", positive: true),
            order: try line.identifier("order"),
            uses: try line.integer("uses", in: 1...Limits.maximumUses),
            total: try line.amount("total", positive: true), reasons: reasons, phoneManager: manager,
            note: try line.note())
    }
}

extension Command {
    static func line(_ entry: OverrideEntry) -> String {
        var words = ["OVERRIDE", entry.customer]
        switch entry.window {
        case .lasting(let period): words.append("for=\(period)")
        case .until(let instant): words.append("until=\(instant)")
        }
        if let amount = entry.maximumAmount { words.append("amount=\(amount)") }
        if let total = entry.total { words.append("total=\(total)") }
        if let order = entry.order { words.append("order=\(order)") }
        if let uses = entry.uses { words.append("uses=\(uses)") }
        if let reasons = entry.reasons { words.append("reasons=\(reasons)") }
        if let manager = entry.phoneManager { words.append("by=\(manager) via=phone") }
        words.append("note=" + Quoting.quoted(entry.note))
        return words.joined(separator: " ")
    }
}

extension Reply {
    static func confirmed(_ override: Override) -> String {
        "\(override.customer) override=\(override.id) confirmed until=\(override.until)"
    }

    static func revoked(_ override: Override) -> String {
        "\(override.customer) override=\(override.id) revoked"
    }

    /// `override=OV-3 manager=dana until=… [amount=…] [order=…] [uses=n] [lapses=…]`.
    public static func describe(_ override: Override) -> String {
        "override=\(override.id) " + bounds(override)
    }

    /// `manager=… until=… [amount=…] [order=…] [uses=…] [lapses=…]`.
    static func bounds(_ override: Override) -> String {
        (override.bounds + (override.lapses.map { ["lapses=\($0)"] } ?? [])).joined(separator: " ")
    }

    /// OVERRIDES' lines: `override <id> customer=<id> manager=… until=… [amount=…] [total=… spent=…]
    /// [order=…] [uses=… used=…] reasons=… exposure=… issued=… recorded_by=…[ awaiting=<manager> lapses=…]`.
    public static func override(_ override: Override) -> String {
        var words = ["override \(override.id) customer=\(override.customer)"] + override.bounds
        if override.total != nil { words.append("spent=\(override.spent)") }
        if override.uses != nil { words.append("used=\(override.passed.count)") }
        words.append("exposure=\(override.exposure) issued=\(override.issued) recorded_by=\(override.recordedBy)")
        if override.awaitingConfirmation, let lapses = override.lapses {
            words.append("awaiting=\(override.manager) lapses=\(lapses)")
        }
        return words.joined(separator: " ")
    }
}

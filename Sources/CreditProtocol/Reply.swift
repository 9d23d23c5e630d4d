import CreditCore

/// Every reply, formatted by hand into bytes (no `String(format:)`, no
/// allocation on the CHECK path). The first word is the status: `OK`,
/// `HOLD`, `PONG` or `ERR`. A multi-line reply starts `OK *<n>` and is
/// followed by exactly `n` lines, so a client finds the end of any reply
/// without knowing the verb.
public enum Reply {
    /// `ERR <CODE> <message>` — the one place errors become wire replies.
    public static func error(_ error: CreditError, into out: inout [UInt8]) {
        out.append(contentsOf: "ERR ".utf8)
        out.append(contentsOf: error.code.rawValue.utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: error.message.utf8)
        out.append(UInt8(ascii: "\n"))
    }

    /// The same line without its newline, for a reply made as text (a desk reply, SNAPSHOT's).
    public static func error(_ error: CreditError) -> String {
        var out: [UInt8] = []
        Reply.error(error, into: &out)
        return String(decoding: out.dropLast(), as: UTF8.self)
    }

    /// `OK <text>`.
    public static func ok(_ text: String, into out: inout [UInt8]) {
        out.append(contentsOf: "OK ".utf8)
        out.append(contentsOf: text.utf8)
        out.append(UInt8(ascii: "\n"))
    }

    /// `OK *<n> <title>` and the `n` lines.
    public static func lines(_ title: String, _ lines: [String], into out: inout [UInt8]) {
        out.append(contentsOf: "OK *".utf8)
        Money.appendDecimal(UInt64(lines.count), to: &out)
        if !title.isEmpty {
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: title.utf8)
        }
        out.append(UInt8(ascii: "\n"))
        for line in lines {
            out.append(contentsOf: line.utf8)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// The reply to a change of the books; each text is written in its verb family's file (`Verbs/`).
    public static func outcome(_ outcome: Outcome, into out: inout [UInt8]) {
        switch outcome {
        case .decision(let decision): Reply.decision(decision, into: &out)
        case .customer(let customer, let change): ok(changed(customer, change), into: &out)
        case .requested(let request): ok(requested(request), into: &out)
        case .decided(let request, let approved): ok(decided(request, approved: approved), into: &out)
        case .reviewed(let customer, let next): ok(reviewed(customer, next: next), into: &out)
        case .invoice(let invoice, let customer, let exposure):
            ok(invoiced(invoice, customer: customer, exposure: exposure), into: &out)
        case .payment(let payment, let customer): ok(paid(payment, customer: customer), into: &out)
        case .blocked(let customer, let block): ok(blocked(customer, block), into: &out)
        case .unblocked(let customer, let exposure): ok(unblocked(customer, exposure: exposure), into: &out)
        case .override(let override): ok("\(override.customer) " + describe(override), into: &out)
        case .confirmed(let override): ok(confirmed(override), into: &out)
        case .revoked(let override): ok(revoked(override), into: &out)
        case .instrument(let instrument, let customer, let exposure):
            ok(Reply.instrument(instrument, customer: customer, exposure: exposure), into: &out)
        case .guarantee(let guarantee, let customer, let limit):
            ok(Reply.guarantee(guarantee, customer: customer, limit: limit), into: &out)
        case .orderReleased(let order, let customer): ok(released(order: order, customer: customer), into: &out)
        case .creditNote(let note, let customer): ok(credited(note, customer: customer), into: &out)
        case .invoiceState(let invoice, let customer): ok(invoiceState(invoice, customer: customer), into: &out)
        case .voided(let invoice, let customer, let returned, let exposure):
            ok(voided(invoice, customer: customer, returned: returned, exposure: exposure), into: &out)
        case .charged(let charge, let customer, let item, let exposure):
            ok(charged(charge, customer: customer, item: item, exposure: exposure), into: &out)
        case .promise(let promise, let customer): ok(promised(promise, customer: customer), into: &out)
        case .plan(let plan, let customer): ok(planned(plan, customer: customer), into: &out)
        case .stage(let stage, let customer): ok(staged(stage, customer: customer), into: &out)
        case .policy(let settings): ok(policy(settings), into: &out)
        case .noted(let customer, let channel, let followUp):
            ok(noted(customer, channel: channel, followUp: followUp), into: &out)
        case .userAdded(let user): ok(userAdded(user), into: &out)
        case .userDeleted(let name): ok("\(name) deleted", into: &out)
        case .secretReset(let name): ok("\(name) secret reset", into: &out)
        case .audited: ok("audited", into: &out)
        }
    }

    /// `INV-1:100.00,INV-2:50.00`, or `-`.
    static func settled(_ settlements: [Settlement]) -> String {
        settlements.isEmpty ? "-" : settlements.map { "\($0.invoice):\($0.amount)" }.joined(separator: ",")
    }
}

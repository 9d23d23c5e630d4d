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

    public static func pong(into out: inout [UInt8]) {
        out.append(contentsOf: "PONG\n".utf8)
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

    /// CHECK's answer: `OK <customer> available=… exposure=…` (plus
    /// `override=<id> held=<CODES>` or `warn=<CODES>`), or `HOLD <customer>
    /// reasons=<CODES> available=… exposure=… limit=… amount=…` plus the
    /// figures of each reason.
    public static func decision(_ decision: Decision, into out: inout [UInt8]) {
        out.append(contentsOf: decision.isHold ? "HOLD ".utf8 : "OK ".utf8)
        out.append(contentsOf: decision.customer.utf8)
        if decision.isHold {
            out.append(contentsOf: " reasons=".utf8)
            appendCodes(decision.reasons, into: &out)
        }
        out.append(contentsOf: " available=".utf8)
        decision.available.appendDigits(to: &out)
        out.append(contentsOf: " exposure=".utf8)
        decision.exposure.appendDigits(to: &out)
        if decision.reserved.isPositive {
            out.append(contentsOf: " reserved=".utf8)
            decision.reserved.appendDigits(to: &out)
        }
        if decision.isHold {
            out.append(contentsOf: " limit=".utf8)
            decision.limit.appendDigits(to: &out)
            out.append(contentsOf: " amount=".utf8)
            decision.amount.appendDigits(to: &out)
        }
        if let override = decision.override {
            out.append(contentsOf: " override=".utf8)
            out.append(contentsOf: override.utf8)
            out.append(contentsOf: " held=".utf8)
            appendCodes(decision.overridden, into: &out)
        }
        // A block let through by an override is named as a held one would be.
        if decision.reasons.union(decision.overridden).contains(.manual), let reason = decision.blockReason {
            out.append(contentsOf: " block=".utf8)
            out.append(contentsOf: reason.utf8)
        }
        if !decision.warnings.isEmpty {
            out.append(contentsOf: " warn=".utf8)
            appendCodes(decision.warnings, into: &out)
        }
        if decision.isHold || decision.override != nil || !decision.warnings.isEmpty, let oldest = decision.oldest {
            let shown = decision.reasons.union(decision.overridden).union(decision.warnings)
            if shown.contains(.overdue) {
                out.append(contentsOf: " overdue_days=".utf8)
                Money.appendDecimal(UInt64(decision.overdueDays), to: &out)
                out.append(contentsOf: " oldest=".utf8)
                out.append(contentsOf: oldest.utf8)
            }
        }
        out.append(UInt8(ascii: "\n"))
    }

    static func appendCodes(_ reasons: HoldReason, into out: inout [UInt8]) {
        var first = true
        for (reason, code) in HoldReason.codes where reasons.contains(reason) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: code.utf8)
            first = false
        }
    }

    /// The reply to a change of the books.
    public static func outcome(_ outcome: Outcome, into out: inout [UInt8]) {
        switch outcome {
        case .decision(let decision):
            Reply.decision(decision, into: &out)
        case .customer(let customer, let change):
            ok("\(customer.id) \(change.rawValue)", into: &out)
        case .invoice(let invoice, let customer, let exposure):
            ok("\(customer) invoice=\(invoice.id) amount=\(invoice.amount) open=\(invoice.open) due=\(invoice.due) exposure=\(exposure)",
               into: &out)
        case .payment(let payment, let customer):
            ok("\(customer) ref=\(payment.ref) paid=\(payment.amount) settled=\(settled(payment.settlements)) unapplied=\(payment.unapplied)",
               into: &out)
        case .blocked(let customer, let block):
            ok("\(customer) blocked reason=\(block.reason) exposure=\(block.exposure)", into: &out)
        case .unblocked(let customer, let exposure):
            ok("\(customer) unblocked exposure=\(exposure)", into: &out)
        case .override(let override):
            ok("\(override.customer) " + describe(override), into: &out)
        case .confirmed(let override):
            ok("\(override.customer) override=\(override.id) confirmed until=\(override.until)", into: &out)
        case .revoked(let override):
            ok("\(override.customer) override=\(override.id) revoked", into: &out)
        case .userAdded(let user):
            ok("\(user.name) role=\(user.role)" + (user.overrideMax.map { " override_max=\($0)" } ?? ""), into: &out)
        case .userDeleted(let name):
            ok("\(name) deleted", into: &out)
        case .secretReset(let name):
            ok("\(name) secret reset", into: &out)
        case .instrument(let instrument, let customer, let exposure):
            ok("\(customer) instrument=\(instrument.ref) amount=\(instrument.amount) due=\(instrument.due)"
                + " state=\(instrument.state.rawValue) settled=\(settled(instrument.settlements)) exposure=\(exposure)", into: &out)
        case .guarantee(let guarantee, let customer, let limit):
            ok("\(customer) guarantee=\(guarantee.ref) amount=\(guarantee.amount)"
                + (guarantee.until.map { " until=\($0)" } ?? "")
                + " state=\(guarantee.released == nil ? "active" : "released") limit=\(limit)", into: &out)
        case .creditNote(let note, let customer):
            ok("\(customer) credit=\(note.ref) amount=\(note.amount) settled=\(settled(note.settlements)) unapplied=\(note.unapplied)",
               into: &out)
        case .invoiceState(let invoice, let customer):
            ok("\(customer) invoice=\(invoice.id) \(invoice.dispute == nil ? "resolved" : "disputed") open=\(invoice.open)"
                + " due=\(invoice.due)", into: &out)
        case .voided(let invoice, let customer, let returned, let exposure):
            ok("\(customer) invoice=\(invoice.id) voided amount=\(invoice.amount) returned=\(returned) exposure=\(exposure)",
               into: &out)
        case .charged(let charge, let customer, let item, let exposure):
            ok("\(customer) charge=\(charge.id) invoice=\(item) amount=\(charge.amount)"
                + " through=\(charge.charge.map { "\($0.through)" } ?? "-")"
                + " due=\(charge.due) exposure=\(exposure)", into: &out)
        case .promise(let promise, let customer):
            ok("\(customer) promise amount=\(promise.amount) by=\(promise.by)", into: &out)
        case .plan(let plan, let customer):
            ok("\(customer) plan total=\(plan.total) instalments=\(plan.instalments) every=\(plan.every)d first=\(plan.first)"
                + " last=\(plan.instalment(plan.instalments - 1).due)", into: &out)
        case .stage(let stage, let customer):
            ok("\(customer) stage=\(stage.rawValue)", into: &out)
        case .orderReleased(let order, let customer):
            ok("\(customer) order=\(order) released", into: &out)
        case .reviewed(let customer, let next):
            ok("\(customer) reviewed next_review=\(next)", into: &out)
        case .audited:
            ok("audited", into: &out)
        case .requested(let request):
            ok("\(request.change.id) request=\(request.id) pending", into: &out)
        case .decided(let request, let approved):
            ok("\(request.change.id) request=\(request.id) \(approved ? "approved" : "rejected")", into: &out)
        case .noted(let customer, let channel, let followUp):
            ok("\(customer) noted channel=\(channel)" + (followUp.map { " follow_up=\($0)" } ?? ""), into: &out)
        case .policy(let settings):
            ok("policy " + settings.map { "\($0.key)=\($0.value)" }.joined(separator: " "), into: &out)
        }
    }

    /// `INV-1:100.00,INV-2:50.00`, or `-`.
    static func settled(_ settlements: [Settlement]) -> String {
        settlements.isEmpty ? "-" : settlements.map { "\($0.invoice):\($0.amount)" }.joined(separator: ",")
    }

    /// `override=OV-3 manager=dana until=… [amount=…] [order=…] [uses=n] [lapses=…]`.
    public static func describe(_ override: Override) -> String {
        "override=\(override.id) " + bounds(override)
    }

    /// `manager=… until=… [amount=…] [order=…] [uses=…] [lapses=…]`.
    static func bounds(_ override: Override) -> String {
        (override.bounds + (override.lapses.map { ["lapses=\($0)"] } ?? [])).joined(separator: " ")
    }
}

import CreditCore

/// The canonical request line of a command: what the journal stores and
/// replays through the same `VerbTable` decoders as live traffic. Every
/// default is already resolved in the event (dates, `until=`), so replay does
/// not depend on the clock or the configuration of the day it runs. Each line
/// is written in its verb family's file (`Verbs/`); this switch only finds it.
extension Command {
    public var line: String {
        switch self {
        case .check(let query): Command.line(query)
        case .relayedHold(let query, let hold): Command.line(query) + " held=\(hold.reasons) on=\(hold.replica)"
        case .customer(let change): Command.line("CUSTOMER", change)
        case .request(let change): Command.line("REQUEST", change)
        case .approve(let id, let note): Command.line("APPROVE", id, note: note)
        case .reject(let id, let note): Command.line("REJECT", id, note: note)
        case .reviewed(let customer, let note): Command.line("REVIEWED", customer, note: note)
        case .invoice(let entry): Command.line(entry)
        case .pay(let entry): Command.line(entry)
        case .block(let customer, let reason, let note): Command.line(block: customer, reason: reason, note: note)
        case .unblock(let customer, let note): Command.line("UNBLOCK", customer, note: note)
        case .override(let entry): Command.line(entry)
        case .confirm(let id): "CONFIRM \(id)"
        case .revoke(let id, let note): Command.line("REVOKE", id, note: note)
        case .instrument(let customer, let ref, let amount, let due):
            Command.line(instrument: customer, ref: ref, amount: amount, due: due)
        case .cleared(let ref): "CLEARED \(ref)"
        case .bounced(let ref): "BOUNCED \(ref)"
        case .guarantee(let customer, let ref, let amount, let until):
            Command.line(guarantee: customer, ref: ref, amount: amount, until: until)
        case .release(let ref): "RELEASE \(ref)"
        case .releaseOrder(let order): "RELEASE ORDER \(order)"
        case .credit(let entry): Command.line(credit: entry)
        case .dispute(let customer, let invoice, let note):
            Command.line("DISPUTE", customer, invoice: invoice, note: note)
        case .void(let customer, let invoice, let note): Command.line("VOID", customer, invoice: invoice, note: note)
        case .resolve(let customer, let invoice, let note):
            Command.line("RESOLVE", customer, invoice: invoice, note: note)
        case .promise(let customer, let amount, let by, let note):
            Command.line(promise: customer, amount: amount, by: by, note: note)
        case .plan(let entry): Command.line(entry)
        case .stage(let customer, let stage, let note): Command.line(stage: customer, stage, note: note)
        case .setPolicy(let settings): Command.line(settings)
        case .note(let customer, let channel, let note, let outcome, let followUp):
            Command.line(note: customer, channel: channel, note: note, outcome: outcome, followUp: followUp)
        case .charge(let entry): Command.line(charge: entry)
        case .addUser(let name, let role, let credential, let ceiling):
            Command.line(addUser: name, role: role, credential: credential, overrideMax: ceiling)
        case .deleteUser(let name): "USER DEL \(name)"
        case .resetSecret(let name, let credential): "USER SECRET \(name) credential=\(credential)"
        case .audit(let event): Command.line(event)
        }
    }

    /// APPROVE, REJECT, REVIEWED, UNBLOCK or REVOKE: an id and a note.
    static func line(_ verb: String, _ id: String, note: String) -> String {
        "\(verb) \(id) note=" + Quoting.quoted(note)
    }
}

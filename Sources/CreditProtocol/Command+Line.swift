import CreditCore

/// The canonical request line of a command: what the journal stores and
/// replays through the same `VerbTable` decoders as live traffic. Every
/// default is already resolved in the event (dates, `until=`), so replay does
/// not depend on the clock or the configuration of the day it runs.
extension Command {
    public var line: String {
        switch self {
        case .customer(let change):
            return (["CUSTOMER", change.id] + change.settings).joined(separator: " ")
        case .request(let change):
            return (["REQUEST", change.id] + change.settings).joined(separator: " ")
        case .audit(.clock(let instant)):
            return "CLOCK SET \(instant)"
        case .audit(.snapshot(let sequence)):
            return "SNAPSHOT sequence=\(sequence)"
        case .reviewed(let customer, let note):
            return "REVIEWED \(customer) note=" + Quoting.quoted(note)
        case .approve(let id, let note):
            return "APPROVE \(id) note=" + Quoting.quoted(note)
        case .reject(let id, let note):
            return "REJECT \(id) note=" + Quoting.quoted(note)
        case .invoice(let entry):
            var words = ["INVOICE", entry.customer, entry.id, entry.amount.description]
            if let issued = entry.issued { words.append("date=\(issued)") }
            if let due = entry.due { words.append("due=\(due)") }
            if let order = entry.order { words.append("order=\(order)") }
            return words.joined(separator: " ")
        case .pay(let entry):
            var words = ["PAY", entry.customer, entry.amount.description, "ref=\(entry.ref)"]
            if let invoice = entry.invoice { words.append("invoice=\(invoice)") }
            return words.joined(separator: " ")
        case .block(let customer, let reason, let note):
            return "BLOCK \(customer) reason=\(reason) note=" + Quoting.quoted(note)
        case .unblock(let customer, let note):
            return "UNBLOCK \(customer) note=" + Quoting.quoted(note)
        case .override(let entry):
            var words = ["OVERRIDE", entry.customer]
            switch entry.window {
            case .lasting(let span): words.append("for=\(span)")
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
        case .confirm(let id):
            return "CONFIRM \(id)"
        case .revoke(let id, let note):
            return "REVOKE \(id) note=" + Quoting.quoted(note)
        case .check(let query):
            return "CHECK \(query.customer) \(query.amount)" + (query.order.map { " order=\($0)" } ?? "")
                + (query.repeated.map { " count=\($0.count) seconds=\($0.seconds)" } ?? "")
        case .addUser(let name, let role, let credential, let ceiling):
            return "USER ADD \(name) role=\(role)" + (ceiling.map { " override_max=\($0)" } ?? "")
                + " credential=\(credential)"
        case .deleteUser(let name):
            return "USER DEL \(name)"
        case .resetSecret(let name, let credential):
            return "USER SECRET \(name) credential=\(credential)"
        case .instrument(let customer, let ref, let amount, let due):
            return "INSTRUMENT \(customer) \(ref) \(amount) due=\(due)"
        case .cleared(let ref):
            return "CLEARED \(ref)"
        case .bounced(let ref):
            return "BOUNCED \(ref)"
        case .guarantee(let customer, let ref, let amount, let until):
            return "GUARANTEE \(customer) \(ref) \(amount)" + (until.map { " until=\($0)" } ?? "")
        case .release(let ref):
            return "RELEASE \(ref)"
        case .credit(let entry):
            return "CREDIT \(entry.customer) \(entry.ref) \(entry.amount)" + (entry.invoice.map { " invoice=\($0)" } ?? "")
        case .dispute(let customer, let invoice, let note):
            return "DISPUTE \(customer) \(invoice) note=" + Quoting.quoted(note)
        case .void(let customer, let invoice, let note):
            return "VOID \(customer) \(invoice) note=" + Quoting.quoted(note)
        case .resolve(let customer, let invoice, let note):
            return "RESOLVE \(customer) \(invoice) note=" + Quoting.quoted(note)
        case .promise(let customer, let amount, let by, let note):
            return "PROMISE \(customer) \(amount) by=\(by) note=" + Quoting.quoted(note)
        case .plan(let entry):
            return "PLAN \(entry.customer) total=\(entry.total) instalments=\(entry.instalments) every=\(entry.every)d"
                + " first=\(entry.first) note=" + Quoting.quoted(entry.note)
        case .stage(let customer, let stage, let note):
            return "STAGE \(customer) \(stage.rawValue) note=" + Quoting.quoted(note)
        case .releaseOrder(let order):
            return "RELEASE ORDER \(order)"
        case .note(let customer, let channel, let note, let outcome, let followUp):
            return "NOTE \(customer) channel=\(channel) note=" + Quoting.quoted(note)
                + (outcome.map { " outcome=" + Quoting.quoted($0) } ?? "") + (followUp.map { " follow_up=\($0)" } ?? "")
        case .charge(let entry):
            return "CHARGE \(entry.customer) \(entry.id) \(entry.amount) note=" + Quoting.quoted(entry.note)
        case .setPolicy(let settings):
            return "POLICY SET " + settings.map { "\($0.key)=" + Quoting.quoted($0.value) }.joined(separator: " ")
        }
    }
}

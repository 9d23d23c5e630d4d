/// What a command did, typed; `CreditProtocol` turns it into the reply line.
public enum Outcome: Hashable, Sendable {
    case customer(Customer, change: Change)
    case invoice(Invoice, customer: String, exposure: Money)
    /// A payment's receipt. A retry with the same ref gets the same receipt.
    case payment(Payment, customer: String)
    case blocked(customer: String, block: ManualBlock)
    case unblocked(customer: String, exposure: Money)
    case override(Override)
    case confirmed(Override)
    case revoked(Override)
    case decision(Decision)
    case userAdded(User)
    case userDeleted(name: String)
    case secretReset(name: String)
    case instrument(Instrument, customer: String, exposure: Money)
    case guarantee(Guarantee, customer: String, limit: Money)
    case creditNote(Payment, customer: String)
    case invoiceState(Invoice, customer: String)
    case voided(Invoice, customer: String, returned: Money, exposure: Money)
    /// CHARGE: the charge posted, and the id of the item it is for.
    case charged(Invoice, customer: String, item: String, exposure: Money)
    case promise(Promise, customer: String)
    case plan(PaymentPlan, customer: String)
    case stage(CollectionStage, customer: String)
    case orderReleased(order: String, customer: String)
    case policy([PolicySetting])
    case noted(customer: String, channel: String, followUp: Day?)
    case requested(ChangeRequest)
    case audited
    case reviewed(customer: String, next: Day)
    case decided(ChangeRequest, approved: Bool)

    public enum Change: String, Hashable, Sendable {
        case created, updated, unchanged
    }
}

/// The result of `Ledger.apply`: the reply, and the event to journal — the
/// command with every default resolved, or nil when nothing changed.
/// CHECK's answer: the decision, and the query to journal when it changed state or was refused.
public struct CheckAnswer: Sendable {
    public let decision: Decision
    public let event: CheckQuery?
}

public struct Applied: Sendable {
    public let outcome: Outcome
    public let event: Command?

    public init(outcome: Outcome, event: Command?) {
        self.outcome = outcome
        self.event = event
    }
}

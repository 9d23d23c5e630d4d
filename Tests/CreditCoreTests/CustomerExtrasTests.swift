import CreditTestSupport
import Testing

@testable import CreditCore

/// The rarely set fields behind one reference: a copy kept before a change
/// never sees it, emptied extras equal none, and a customer with none keeps no
/// box — also after a snapshot's round trip (the memory a large book saves).
@Suite struct CustomerExtrasTests {
    let at = Instant(secondsSinceEpoch: 1_780_000_000)

    func customer() -> Customer {
        Customer(id: "C1", name: "Acme", riskClass: .b, createdAt: at, createdBy: "admin")
    }

    @Test func aCopyKeptBeforeAChange_NeverSeesIt() {
        var changed = customer()
        changed.guarantees.append(Guarantee(ref: "G1", amount: Money(minorUnits: 100), until: nil, at: at, by: "admin"))
        let kept = changed
        changed.guarantees.append(Guarantee(ref: "G2", amount: Money(minorUnits: 200), until: nil, at: at, by: "admin"))
        changed.block = ManualBlock(reason: "fraud", note: "n", by: "admin", at: at, exposure: .zero)
        #expect(kept.guarantees.map(\.ref) == ["G1"])
        #expect(kept.block == nil)
        #expect(changed.guarantees.map(\.ref) == ["G1", "G2"])
        #expect(changed.block?.reason == "fraud")
    }

    @Test func extrasSetThenCleared_EqualNone_AndHashAlike() {
        var cleared = customer()
        cleared.review = Day(year: 2027, month: 1, day: 1)
        #expect(cleared != customer())
        cleared.review = nil
        #expect(cleared.extras.box != nil)
        #expect(cleared == customer())
        #expect(cleared.hashValue == customer().hashValue)
    }

    /// A limit set (which clears any temporary one) or a contact cleared that was never set once
    /// made an empty box for every such customer: memory, and CHECK's reads of each extra.
    @Test func aChangeThatClearsWhatWasNeverSet_StoresNoBox() throws {
        var books = Books()
        _ = try books.apply(.customer(CustomerChange(id: "C1", limit: Money(minorUnits: 500_000))), as: Books.admin)
        _ = try books.apply(.customer(CustomerChange(id: "C2", contact: "", phone: "")), as: Books.admin)
        #expect(books.ledger.customer("C1")?.extras.box == nil)
        #expect(books.ledger.customer("C2")?.extras.box == nil)
    }

    /// CHECK skips the extras of a customer without a box: the same decision as the reads it skips
    /// give on an empty box, for every amount around the limit and with overdue items.
    @Test func aDecisionWithoutExtras_EqualsTheOneReadThroughAnEmptyBox() {
        var plain = customer()
        plain.ownLimit = Money(minorUnits: 100_000)
        plain.add(
            Invoice(
                id: "I1", amount: Money(minorUnits: 60_000), issued: at.utcDay.adding(days: -90),
                due: at.utcDay.adding(days: -60), open: Money(minorUnits: 60_000), order: nil, recordedAt: at,
                recordedBy: "admin"))
        var boxed = plain
        boxed.review = Day(year: 2027, month: 1, day: 1)
        boxed.review = nil
        #expect(plain.extras.box == nil && boxed.extras.box != nil)
        for days in [-70, -30, 0] {
            let moment = Moment(instant: at, today: at.utcDay.adding(days: days))
            for minor in stride(from: Int64(0), through: 60_000, by: 5_000) {
                let amount = Money(minorUnits: minor)
                #expect(
                    Decision.evaluate(plain, amount: amount, policy: .standard, at: moment)
                        == Decision.evaluate(boxed, amount: amount, policy: .standard, at: moment))
            }
        }
    }

    @Test func aCustomerWithNoExtras_KeepsNoBox_AfterASnapshotRoundTrip() throws {
        var plain = customer()
        plain.ownLimit = Money(minorUnits: 500_000)
        plain.add(
            Invoice(
                id: "I1", amount: Money(minorUnits: 1_000), issued: at.utcDay, due: at.utcDay.adding(days: 30),
                open: Money(minorUnits: 1_000), order: nil, recordedAt: at, recordedBy: "admin"))
        let loaded = try plain.throughASnapshot()
        #expect(loaded == plain)
        #expect(loaded.extras.box == nil)

        var rich = plain
        rich.ownTerms = Terms(days: 60, endOfMonth: true)
        rich.addCredit(Money(minorUnits: 250))
        let loadedRich = try rich.throughASnapshot()
        #expect(loadedRich == rich)
        #expect(loadedRich.ownTerms == Terms(days: 60, endOfMonth: true) && loadedRich.credit == Money(minorUnits: 250))
    }

    @Test func anInvoiceKeepsNoDetails_UntilOneIsSet_AndNoneOnceTheyAreCleared() {
        var invoice = Invoice(
            id: "I1", amount: Money(minorUnits: 1_000), issued: at.utcDay, due: at.utcDay,
            open: Money(minorUnits: 1_000), order: nil, recordedAt: at, recordedBy: "admin")
        let plain = invoice
        invoice.dispute = Dispute(note: "damaged", at: at, by: "admin")
        #expect(invoice != plain && invoice.dispute?.note == "damaged" && invoice.order == nil)
        invoice.dispute = nil
        #expect(invoice == plain && invoice.hashValue == plain.hashValue)
        #expect(MemoryLayout<Invoice>.stride <= 64)
        #expect(MemoryLayout<Customer>.size <= 120, "a field most customers never set belongs in CustomerExtras")
    }
}

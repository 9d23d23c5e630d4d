import CreditCore

/// `--demo`: five sample customers, one for each kind of answer, so a
/// newcomer sees them all within a minute of the README's first command.
enum Demo {
    static func commands(today: Day) -> [Command] {
        let recent = today.adding(days: -10)
        let old = today.adding(days: -80)
        return [
            .customer(CustomerChange(id: "C1001", name: "Clean Trading Ltd", limit: Money(minorUnits: 1_000_000))),
            .invoice(
                InvoiceEntry(customer: "C1001", id: "INV-1001-1", amount: Money(minorUnits: 250_000), issued: recent)),
            .customer(CustomerChange(id: "C1002", name: "Stretched Retail Ltd", limit: Money(minorUnits: 500_000))),
            .invoice(
                InvoiceEntry(customer: "C1002", id: "INV-1002-1", amount: Money(minorUnits: 480_000), issued: recent)),
            .customer(
                CustomerChange(
                    id: "C1003", name: "Slow Payer Ltd", limit: Money(minorUnits: 2_000_000),
                    note: "Demo: limit above the class default")),
            .invoice(
                InvoiceEntry(customer: "C1003", id: "INV-1003-1", amount: Money(minorUnits: 120_000), issued: old)),
            .customer(
                CustomerChange(
                    id: "C1004", name: "Strategic Partner Ltd", limit: Money(minorUnits: 5_000_000),
                    strategic: true, note: "Demo: strategic partner")),
            .invoice(
                InvoiceEntry(customer: "C1004", id: "INV-1004-1", amount: Money(minorUnits: 900_000), issued: old)),
            .customer(CustomerChange(id: "C1005", name: "Blocked Goods Ltd", limit: Money(minorUnits: 1_000_000))),
            .block(customer: "C1005", reason: "FRAUD", note: "Demo: cheque signed by an unknown person"),
        ]
    }

    /// Whether the command has not been applied yet (a restart with --demo adds nothing twice).
    static func isMissing(_ command: Command, in ledger: Ledger) -> Bool {
        switch command {
        case .customer(let change): return ledger.customer(change.id) == nil
        case .invoice(let entry): return ledger.customer(entry.customer)?.invoice(entry.id) == nil
        case .block(let customer, _, _):
            return ledger.customer(customer)?.block == nil
                && ledger.customer(customer)?.log.isEmpty ?? true
        default: return true
        }
    }
}

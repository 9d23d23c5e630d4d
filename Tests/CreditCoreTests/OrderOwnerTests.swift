import CreditCore
import Testing

/// Which customer an order id's reservation belongs to, after a restart:
/// an order id reserved again once its reservation expired leaves
/// the expired one with its first customer, so a rebuild must not pick by the
/// book's hash order.
@Suite struct OrderOwnerTests {
    /// Six customers reserve the same orders an hour apart (order.hold 1h): only the last one's stand.
    static func reusedOrders() throws -> Books {
        var books = Books()
        try books.apply(.setPolicy([PolicySetting(key: "order.hold", value: "1h")]), as: Books.admin)
        for customer in ["A", "B", "C", "D", "E", "F"] {
            try books.customer(customer)
            for order in ["O1", "O2", "O3", "O4"] { _ = try books.check(customer, "10", order: order) }
            books.advance(.hours(1))
        }
        books.advance(.hours(-1))
        return books
    }

    @Test func restoredWithTheKeptOwners_ReleasesFromTheLiveReservation() throws {
        var books = try Self.reusedOrders()
        let live = books.ledger
        #expect(live.orderOwners == ["O1": "F", "O2": "F", "O3": "F", "O4": "F"])
        var restored = Ledger(
            customers: live.customers, policy: live.policy, users: live.users,
            nextOverride: live.nextOverride, orderOwners: live.orderOwners)
        books.ledger = restored
        try books.apply(.releaseOrder(order: "O1"), as: Books.terminal)
        // An older snapshot kept no owners: rebuilt from the newest reservation, never from hash order.
        restored = Ledger(
            customers: live.customers, policy: live.policy, users: live.users, nextOverride: live.nextOverride)
        #expect(restored.orderOwners == live.orderOwners)
    }

    /// INVOICE order= on a customer whose own reservation of that order expired long ago leaves the
    /// live reservation of another customer, and its owner, alone.
    @Test func invoiceForAnExpiredReservation_KeepsAnotherCustomersLiveOne() throws {
        var books = try Self.reusedOrders()
        try books.invoice("A", "I1", "10", order: "O2")
        #expect(books.ledger.orderOwners["O2"] == "F")
        #expect(
            books.refusal(
                .check(CheckQuery(customer: "B", amount: Money(minorUnits: 1000), order: "O2")),
                as: Books.terminal) == .badValue)
        try books.apply(.releaseOrder(order: "O2"), as: Books.terminal)
    }
}

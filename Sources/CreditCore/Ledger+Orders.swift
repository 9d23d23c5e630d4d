/// Credit reserved for an order that passed CHECK, until its invoice
/// arrives, RELEASE ORDER, or the policy's hold time.
extension Ledger {
    /// Sets credit aside for an order that passed CHECK. Returns whether
    /// anything changed (the same CHECK again changes nothing).
    mutating func reserve(
        _ order: String, _ amount: Money, for customer: inout Customer,
        at moment: Moment
    ) throws(CreditError) -> Bool {
        if let owner = owners["order:" + order], owner != customer.id,
            customers[owner]?.reservations.contains(where: { $0.order == order && $0.expires > moment.instant })
                ?? false
        {
            throw CreditError(.badValue, "order \(order) is reserved for \(owner)")
        }
        let live = customer.reservations.first { $0.order == order && $0.expires > moment.instant }
        if live?.amount == amount { return false }
        customer.reservations.removeAll { $0.order == order || $0.expires <= moment.instant }
        guard customer.reservations.count < Customer.maximumReservations else {
            throw CreditError(
                .tooLarge,
                "\(customer.id) has credit reserved for \(Customer.maximumReservations) orders, the most a customer may have"
            )
        }
        customer.reservations.append(
            Reservation(
                order: order, amount: amount, at: moment.instant,
                expires: moment.instant.adding(policy.orderHold)))
        if owners["order:" + order] != customer.id { setOwner("order:" + order, customer.id) }
        return true
    }

    /// RELEASE ORDER: the order will not be invoiced; its credit is free again.
    mutating func releaseOrder(_ order: String, by actor: Actor, at moment: Moment) throws(CreditError) -> Applied {
        guard let owner = owners["order:" + order], var customer = customers[owner],
            customer.reservations.contains(where: { $0.order == order && $0.expires > moment.instant })
        else {
            throw CreditError(.unknownOrder, "no credit is reserved for order \(order)")
        }
        customer.reservations.removeAll { $0.order == order }
        setOwner("order:" + order, nil)
        store(customer)
        return Applied(outcome: .orderReleased(order: order, customer: owner), event: .releaseOrder(order: order))
    }
}

/// Promises kept by the money received after they were made (R-UNB-6): each
/// receipt (a payment, or an instrument that has not bounced) goes to the
/// oldest promise made before it that is not yet kept, and is counted once.
extension Customer {
    /// Calls `body` with every promise, oldest first, and its state on `today`.
    /// One pass over the promises and the receipts, nothing allocated.
    public func forEachPromise(on today: Day, _ body: (Promise, Promise.State) -> Void) {
        var receipts = Receipts(payments: payments.makeIterator(), instruments: instruments.makeIterator())
        var current = receipts.next()
        for promise in promises {
            var wanted = promise.amount.minorUnits
            while wanted > 0, let receipt = current {
                if receipt.at < promise.at {
                    current = receipts.next()
                    continue
                }
                let used = min(wanted, receipt.left)
                wanted -= used
                current = receipt.left > used ? (receipt.at, receipt.left - used) : receipts.next()
            }
            body(promise, wanted == 0 ? .kept : today > promise.by ? .broken : .pending)
        }
    }

    /// How many promises are broken on `today`.
    public func brokenPromises(on today: Day) -> Int {
        var broken = 0
        forEachPromise(on: today) { _, state in if state == .broken { broken += 1 } }
        return broken
    }

    /// Payments and instruments that have not bounced, merged in the order they were received.
    struct Receipts {
        var payments: KeyedList<Payment>.Iterator
        var instruments: PersistentList<Instrument>.Iterator
        var payment: Payment?
        var instrument: Instrument?

        init(payments: KeyedList<Payment>.Iterator, instruments: PersistentList<Instrument>.Iterator) {
            self.payments = payments
            self.instruments = instruments
            payment = self.payments.next()
            instrument = Receipts.unbounced(&self.instruments)
        }

        static func unbounced(_ iterator: inout PersistentList<Instrument>.Iterator) -> Instrument? {
            while let instrument = iterator.next() {
                if instrument.state != .bounced { return instrument }
            }
            return nil
        }

        mutating func next() -> (at: Instant, left: Int64)? {
            if let payment, instrument.map({ payment.at <= $0.at }) ?? true {
                self.payment = payments.next()
                return (payment.at, payment.amount.minorUnits)
            }
            guard let instrument else { return nil }
            self.instrument = Receipts.unbounced(&instruments)
            return (instrument.at, instrument.amount.minorUnits)
        }
    }
}

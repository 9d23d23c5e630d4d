/// The customers by id. Each customer sits in a small immutable box, so the
/// table holds one reference per customer (not a 300-byte struct in every
/// one of its slots: a million customers fit in a third of the memory), a
/// CHECK reads a customer in place without copying it, and a snapshot's
/// copy of the table shares every box. A change stores a new box.
public struct CustomerBook: Equatable, Sendable {
    /// One customer, never changed after it is made.
    public final class Box: Sendable {
        public let customer: Customer

        init(_ customer: Customer) {
            self.customer = customer
        }

        /// The decision on this customer, read where it lies: `Decision.evaluate(box.customer, …)`
        /// in the ledger's mutating CHECK copied the whole customer out first (a retain per reference).
        public func decision(amount: Money, order: String?, policy: Policy, at moment: Moment) -> Decision {
            Decision.evaluate(customer, amount: amount, order: order, policy: policy, at: moment)
        }
    }

    private var storage: CustomerTable

    public init() {
        storage = CustomerTable()
    }

    /// An empty book with room for `capacity` customers without growing.
    public init(capacity: Int) {
        storage = CustomerTable(capacity: capacity)
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.count == 0 }

    /// Every customer's id, in no particular order.
    public var keys: LazyMapSequence<LazyMapSequence<LazyFilterSequence<[Box?]>, Box>, String> {
        storage.boxes.map(\.customer.id)
    }

    /// Every customer, in no particular order.
    public var values: LazyMapSequence<LazyMapSequence<LazyFilterSequence<[Box?]>, Box>, Customer> {
        storage.boxes.map(\.customer)
    }

    public subscript(id: String) -> Customer? {
        get { storage.box(id)?.customer }
        set {
            if let newValue {
                storage.store(Box(newValue))
            } else {
                storage.remove(id)
            }
        }
    }

    /// Every customer's box, in no particular order: to read them without copying each.
    public var boxes: LazyMapSequence<LazyFilterSequence<[Box?]>, Box> { storage.boxes }

    /// The box holding `id`, to read a customer without copying it.
    public func box(_ id: String) -> Box? { storage.box(id) }

    public static func == (lhs: CustomerBook, rhs: CustomerBook) -> Bool {
        lhs.count == rhs.count
            && lhs.boxes.allSatisfy { box in
                rhs.box(box.customer.id).map { $0 === box || $0.customer == box.customer } ?? false
            }
    }
}

/// A customer's invoices: found by id, counted while open, and — once there
/// are more than `KeyedList.indexedFrom` — kept in the order a payment settles
/// them (open and undisputed, by due day, then by position), so PAY
/// takes the oldest in O(log n) instead of sorting every invoice each time.
/// Like the lists it is made of, a copy shares all but what a change touched.
public struct InvoiceList: Sendable {
    public private(set) var items: KeyedList<Invoice>
    /// How many have something open.
    public private(set) var openCount: Int
    /// The invoices a payment may settle without naming them, oldest first.
    private var dueOrder: PlaceSet?

    public init() {
        items = []
        openCount = 0
        dueOrder = nil
    }

    public init<S: Sequence>(_ invoices: S) where S.Element == Invoice {
        self.init()
        for invoice in invoices { append(invoice) }
    }

    /// Kept as `KeyedList(invoices)` keeps them (a short list: the array itself).
    public init(_ invoices: [Invoice]) {
        items = KeyedList(invoices)
        openCount = invoices.count(where: \.isOpen)
        dueOrder = invoices.count > KeyedList<Invoice>.indexedFrom ? Self.dueOrder(of: items) : nil
    }

    public mutating func append(_ invoice: Invoice) {
        items.append(invoice)
        if invoice.isOpen { openCount += 1 }
        if dueOrder != nil {
            if let place = Self.duePlace(invoice, items.count - 1) { dueOrder!.insert(place) }
        } else if items.count > KeyedList<Invoice>.indexedFrom {
            dueOrder = Self.dueOrder(of: items)
        }
    }

    private static func dueOrder(of items: KeyedList<Invoice>) -> PlaceSet {
        var built = PlaceSet()
        for position in items.indices {
            if let place = duePlace(items[position], position) { built.insert(place) }
        }
        return built
    }

    public func position(of id: String) -> Int? { items.position(of: id) }

    /// Voids the invoice at `position`: nothing open, out of the order of settling, its id free.
    public mutating func void(at position: Int) {
        var invoice = self[position]
        invoice.open = .zero
        self[position] = invoice
        invoice.voided = true
        items.rekey(at: position, to: invoice)
    }

    /// The open, undisputed invoice due longest (the earlier recorded of equals):
    /// the next one a payment settles.
    public func oldestDue() -> Int? { oldestDue { _ in true } }

    /// The open, undisputed invoice due longest among those `counts` accepts
    /// (the earlier recorded of equals): walked in order when the list keeps
    /// one, else found in one pass (a short list, no allocation on CHECK's path).
    public func oldestDue(where counts: (Invoice) -> Bool) -> Int? {
        if let dueOrder {
            var oldest: Int?
            dueOrder.forEach(from: PlaceSet.Place(rank: .min, position: .min)) { place in
                if counts(items[place.position]) { oldest = place.position }
                return oldest == nil
            }
            return oldest
        }
        var oldest: Int?
        for position in items.indices {
            let invoice = items[position]
            guard Self.duePlace(invoice, position) != nil, counts(invoice) else { continue }
            if oldest == nil || invoice.due < items[oldest!].due { oldest = position }
        }
        return oldest
    }

    /// The overdue rule's walk (R-BLK-8): among the open, undisputed invoices
    /// `counts` accepts, the oldest due before `cutoff` (past grace), the total
    /// open on those — summed oldest first and only until it reaches `enough`
    /// — and the oldest due on or after `cutoff`. Walked in order when the list
    /// keeps one, stopping as soon as the answer is known; else one pass over
    /// a short list. Nothing is allocated: CHECK's path.
    public func overdue(
        where counts: (Invoice) -> Bool, dueBefore cutoff: Day,
        enough: Int64
    ) -> (oldest: Int?, total: Int64, oldestInGrace: Int?) {
        var oldest: Int?
        var total: Int64 = 0
        var inGrace: Int?
        if let dueOrder {
            dueOrder.forEach(from: PlaceSet.Place(rank: .min, position: .min)) { place in
                let invoice = items[place.position]
                guard counts(invoice) else { return true }
                guard invoice.due < cutoff else {
                    inGrace = place.position
                    return false
                }
                if oldest == nil { oldest = place.position }
                total += invoice.open.minorUnits
                return total < enough
            }
            return (oldest, total, inGrace)
        }
        for position in items.indices {
            let invoice = items[position]
            guard Self.duePlace(invoice, position) != nil, counts(invoice) else { continue }
            if invoice.due < cutoff {
                total += invoice.open.minorUnits
                if oldest == nil || invoice.due < items[oldest!].due { oldest = position }
            } else if inGrace == nil || invoice.due < items[inGrace!].due {
                inGrace = position
            }
        }
        return (oldest, total, inGrace)
    }

    /// Where an invoice stands in the order of settling, if it is in it.
    private static func duePlace(_ invoice: Invoice, _ position: Int) -> PlaceSet.Place? {
        guard invoice.isOpen, invoice.dispute == nil else { return nil }
        return PlaceSet.Place(rank: Int64(invoice.due.daysSinceEpoch), position: position)
    }

    /// Whether the counts and the order of settling agree with the invoices (tests).
    var isSound: Bool {
        guard items.indexIsSound, openCount == items.count(where: \.isOpen) else { return false }
        guard let dueOrder else { return items.count <= KeyedList<Invoice>.indexedFrom }
        return dueOrder.places == items.indices.compactMap { Self.duePlace(items[$0], $0) }.sorted()
    }
}

extension InvoiceList: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { items.count }
    public var count: Int { items.count }
    public var isEmpty: Bool { items.isEmpty }

    public subscript(position: Int) -> Invoice {
        get { items[position] }
        set {
            let old = items[position]
            items[position] = newValue
            openCount += (newValue.isOpen ? 1 : 0) - (old.isOpen ? 1 : 0)
            guard dueOrder != nil else { return }
            let before = Self.duePlace(old, position)
            let after = Self.duePlace(newValue, position)
            guard before != after else { return }
            if let before { dueOrder!.remove(before) }
            if let after { dueOrder!.insert(after) }
        }
    }
}

extension InvoiceList: ExpressibleByArrayLiteral {
    public init(arrayLiteral invoices: Invoice...) {
        self.init(invoices)
    }
}

/// The counts and the order are derived from the invoices: equal invoices make equal lists.
extension InvoiceList: Hashable {
    public static func == (lhs: InvoiceList, rhs: InvoiceList) -> Bool { lhs.items == rhs.items }
    public func hash(into hasher: inout Hasher) { hasher.combine(items) }
}

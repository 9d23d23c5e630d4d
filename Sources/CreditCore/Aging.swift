/// Open items by days past due (R-COL-1): current, 1–30, 31–60, 61–90,
/// 91–120, over 120 — per customer, or summed over the book.
public struct Aging: Hashable, Sendable {
    public static let bucketNames = ["current", "d1_30", "d31_60", "d61_90", "d91_120", "d120_plus"]

    /// Minor units per bucket, in the order of `bucketNames`.
    public private(set) var buckets: [Int64] = [0, 0, 0, 0, 0, 0]
    /// Instruments in hand, not cleared: they settled items, so the buckets leave them out, but the
    /// company still carries their risk until they clear.
    public internal(set) var instruments: Int64 = 0
    /// Late charges still open (R-COL-9): in the buckets too, shown apart so the debt itself is seen.
    public internal(set) var charges: Int64 = 0

    public init() {}

    public var total: Money { Money(minorUnits: buckets.reduce(0, +)) }

    public mutating func add(_ open: Money, daysPastDue days: Int) {
        let bucket =
            switch days {
            case ...0: 0
            case 1...30: 1
            case 31...60: 2
            case 61...90: 3
            case 91...120: 4
            default: 5
            }
        buckets[bucket] += open.minorUnits
    }

    public mutating func add(_ other: Aging) {
        for index in buckets.indices { buckets[index] += other.buckets[index] }
        instruments += other.instruments
        charges += other.charges
    }
}

extension Customer {
    public func aging(on today: Day) -> Aging {
        var aging = Aging()
        for invoice in invoices where invoice.isOpen {
            aging.add(invoice.open, daysPastDue: invoice.daysPastDue(on: today))
            if invoice.charge != nil { aging.charges += invoice.open.minorUnits }
        }
        aging.instruments = pendingInstruments.minorUnits
        return aging
    }
}

/// The customers' boxes by id: open addressing with linear probing over a power-of-two array of
/// references, at most half full, the id's UTF-8 bytes hashed eight at a time with a seed drawn
/// once per process. Each slot is one reference (8 bytes) instead of a `Dictionary`'s 16-byte
/// `String` key beside it, the id being the boxed customer's own; and a lookup hashes a few words
/// instead of running SipHash over the id — a third of CHECK's lookup. Ids are ASCII
/// (`Identifier`), so equal bytes are equal ids. A copy shares the array until one side changes
/// (copy-on-write, as a `Dictionary`), which is what a snapshot's copy of the ledger relies on.
struct CustomerTable: Sendable {
    typealias Box = CustomerBook.Box

    private(set) var count = 0
    private var slots: [Box?]
    /// The process's seed, kept by the table: a `static let` is a once-check per hash.
    private let seed = CustomerTable.processSeed

    /// Room for `capacity` boxes before the array grows.
    init(capacity: Int = 0) {
        slots = Array(repeating: nil, count: Self.size(for: capacity))
    }

    /// The box holding `id`.
    func box(_ id: String) -> Box? {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash(id)) & mask
        while let box = slots[index] {
            if box.customer.id == id { return box }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Files `box` under its customer's id, in place of the box there.
    mutating func store(_ box: Box) {
        if (count + 1) * 2 > slots.count { grow() }
        let index = slot(of: box.customer.id)
        if slots[index] == nil { count += 1 }
        slots[index] = box
    }

    /// Takes out the box of `id`, if any, moving later boxes of its run back so that no lookup
    /// stops short at the hole (backward-shift deletion: no markers left behind).
    mutating func remove(_ id: String) {
        let mask = slots.count - 1
        var hole = slot(of: id)
        guard slots[hole] != nil else { return }
        slots[hole] = nil
        count -= 1
        var index = (hole + 1) & mask
        while let box = slots[index] {
            let home = Int(truncatingIfNeeded: hash(box.customer.id)) & mask
            // The box may fill the hole when its home is not cyclically within (hole, index].
            if (index &- home) & mask >= (index &- hole) & mask {
                slots[hole] = box
                slots[index] = nil
                hole = index
            }
            index = (index + 1) & mask
        }
    }

    /// Every box, in the table's order.
    var boxes: LazyMapSequence<LazyFilterSequence<[Box?]>, Box> {
        slots.lazy.filter { $0 != nil }.map { $0! }
    }

    /// The slot holding `id`, or the empty one where it would go.
    private func slot(of id: String) -> Int {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash(id)) & mask
        while let box = slots[index], box.customer.id != id { index = (index + 1) & mask }
        return index
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: old.count * 2)
        count = 0
        for case let box? in old { store(box) }
    }

    /// The power of two with room for `capacity` at most half full (8 at least).
    private static func size(for capacity: Int) -> Int {
        var size = 8
        while size < capacity * 2 { size *= 2 }
        return size
    }

    /// A seeded multiply-xorshift hash of the id's bytes, eight at a time, ending in MurmurHash3's
    /// finalizer. Not a defence against chosen collisions (only signed-in users name customers);
    /// the seed keeps the table's order from being the same in every process.
    private func hash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { CustomerTable.hash(UnsafeRawBufferPointer($0), seed: seed) }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = mix(hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            for index in offset..<bytes.count {
                tail |= UInt64(bytes[index]) &<< shift
                shift &+= 8
            }
            hash = mix(hash ^ tail)
        }
        hash ^= hash &>> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash &>> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash &>> 33)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        let product = value &* 0xBF58_476D_1CE4_E5B9
        return product ^ (product &>> 31)
    }

    private static let processSeed = UInt64.random(in: .min ... .max)
}

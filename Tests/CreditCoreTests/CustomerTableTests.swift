import CreditTestSupport
import Testing

@testable import CreditCore

/// The customers' own hash table against a `Dictionary` doing the same: stores, replacements and
/// removals at random (removal shifts later boxes back, so every lookup after one is checked),
/// growth from the smallest size, ids longer than a word, and a copy that must not see changes.
@Suite struct CustomerTableTests {
    let at = Instant(secondsSinceEpoch: 1_780_000_000)

    func box(_ id: String, limit: Int64) -> CustomerBook.Box {
        var customer = Customer(id: id, name: id, riskClass: .b, createdAt: at, createdBy: "admin")
        customer.ownLimit = Money(minorUnits: limit)
        return CustomerBook.Box(customer)
    }

    @Test(arguments: [1, 2, 3, 4])
    func randomChanges_AgreeWithADictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Short ids collide in the low bits often at the small sizes; long ones span several words.
        let ids = (0..<300).map { index in
            index % 3 == 0 ? "C\(index)" : "CUSTOMER/2026/\(index)-" + String(repeating: "x", count: index % 17)
        }
        var table = CustomerTable()
        var model: [String: Int64] = [:]
        for step in 0..<6_000 {
            let id = ids[random.below(ids.count)]
            if random.below(3) == 0 {
                table.remove(id)
                model[id] = nil
            } else {
                table.store(box(id, limit: Int64(step)))
                model[id] = Int64(step)
            }
            #expect(table.count == model.count)
            if step % 50 == 0 {
                for id in ids {
                    #expect(table.box(id)?.customer.ownLimit?.minorUnits == model[id], "\(id) at step \(step)")
                }
                #expect(Set(table.boxes.map(\.customer.id)) == Set(model.keys))
            }
        }
    }

    @Test func aCopy_KeepsWhatItHad_WhileTheOriginalChanges() {
        var table = CustomerTable(capacity: 4)
        for index in 0..<4 { table.store(box("C\(index)", limit: 1)) }
        let copy = table
        table.remove("C1")
        table.store(box("C2", limit: 2))
        for index in 4..<100 { table.store(box("C\(index)", limit: 3)) }
        #expect(copy.count == 4)
        #expect(copy.box("C1")?.customer.ownLimit == Money(minorUnits: 1))
        #expect(copy.box("C2")?.customer.ownLimit == Money(minorUnits: 1))
        #expect(copy.box("C50") == nil)
        #expect(table.count == 99)
        #expect(table.box("C1") == nil && table.box("C2")?.customer.ownLimit == Money(minorUnits: 2))
    }

    @Test func anUnknownId_IsNotFound_InAnEmptyOrAFullTable() {
        var table = CustomerTable()
        #expect(table.box("C1") == nil)
        table.remove("C1")
        for index in 0..<1_000 { table.store(box("C\(index)", limit: 1)) }
        #expect(table.box("C1000") == nil && table.box("") == nil && table.box("c1") == nil)
        #expect(table.count == 1_000)
    }
}

import Testing

@testable import CreditCore

/// The persistent list against a plain array: the same elements through every
/// change of height (32, 64, 1,056, 32,800 elements), and a version kept before
/// a change never sees it — what a turn's undo relies on.
@Suite struct PersistentListTests {
    @Test func appendsAndReplacements_MatchAnArray_AndEveryKeptVersionStaysAsItWas() {
        var random = SplitMix64(seed: 15)
        var list = PersistentList<Int>()
        var array: [Int] = []
        var kept: [(PersistentList<Int>, [Int])] = []
        for step in 0..<45_000 {
            if !array.isEmpty, random.below(4) == 0 {
                let position = random.below(array.count)
                list[position] = -step
                array[position] = -step
            } else {
                list.append(step)
                array.append(step)
            }
            if step % 997 == 0 || [31, 32, 63, 64, 1_055, 1_056, 32_799, 32_800].contains(array.count) {
                kept.append((list, array))
            }
        }
        #expect(array.count > 32_800)  // four levels: root, two branches, leaves
        #expect(Array(list) == array)
        #expect(list.count == array.count)
        #expect(array.indices.allSatisfy { list[$0] == array[$0] })
        #expect(kept.allSatisfy { Array($0.0) == $0.1 && $0.0.count == $0.1.count })
        #expect(PersistentList(array) == list)
        var other = list
        other[12_345] = 7
        #expect(other != list && list[12_345] == array[12_345])
        #expect(other.nodesNotShared(with: list) == 4)  // root, two branches, one leaf
    }

    @Test func removeAll_KeepsTheOthersInOrder_AndRebuildsOnlyWhenOneIsRemoved() {
        var list = PersistentList(0..<100)
        let before = list
        list.removeAll { $0 > 1_000 }
        #expect(list.nodesNotShared(with: before) == 0)
        list.removeAll { $0 % 3 == 0 }
        #expect(Array(list) == (0..<100).filter { $0 % 3 != 0 })
        #expect(Array(before) == Array(0..<100))
    }
}

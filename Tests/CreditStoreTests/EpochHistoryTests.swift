import CreditStore
import Testing

/// Where two histories part: the end of the last epoch they share, whichever went less far.
@Suite struct EpochHistoryTests {
    static let one = EpochHistory.Epoch(number: 1, id: "aaaa0001", from: 1)
    static let two = EpochHistory.Epoch(number: 2, id: "bbbb0002", from: 91)
    static let otherTwo = EpochHistory.Epoch(number: 2, id: "cccc0002", from: 91)

    @Test func sameHistory_SharesAsFarAsTheShorterGoes() {
        let history = EpochHistory([Self.one, Self.two])
        #expect(history.sharedEnd(with: history, end: 150, otherEnd: 120) == 120)
        #expect(history.sharedEnd(with: history, end: 150, otherEnd: 170) == 150)
    }

    @Test func anOldPrimary_SharesUpToThePromotion() {
        let primary = EpochHistory([Self.one, Self.two])
        #expect(primary.sharedEnd(with: EpochHistory([Self.one]), end: 150, otherEnd: 100) == 90)
        #expect(primary.sharedEnd(with: EpochHistory([Self.one]), end: 150, otherEnd: 80) == 80)
        // Two promotions from the same point: the same number, not the same epoch.
        #expect(primary.sharedEnd(with: EpochHistory([Self.one, Self.otherTwo]), end: 150, otherEnd: 95) == 90)
    }

    @Test func aReplicaSendingOnlyItsNewestEpochs_IsAligned_AndUnrelatedFoldersShareNothing() {
        let primary = EpochHistory([Self.one, Self.two])
        #expect(primary.sharedEnd(with: EpochHistory([Self.two]), end: 150, otherEnd: 140) == 140)
        #expect(
            primary.sharedEnd(
                with: EpochHistory([EpochHistory.Epoch(number: 1, id: "dddd0001", from: 1)]),
                end: 150, otherEnd: 10) == nil)
    }

    @Test func wireForm_RoundTrips_AndRejectsDisorder() {
        let history = EpochHistory([Self.one, Self.two])
        #expect(history.wire() == "1:aaaa0001:1,2:bbbb0002:91")
        #expect(EpochHistory(wire: history.wire()) == history)
        #expect(history.wire(last: 1) == "2:bbbb0002:91")
        #expect(EpochHistory(wire: "2:bbbb0002:91,1:aaaa0001:1") == nil)
        #expect(EpochHistory(wire: "1:xyz:1") == nil)
    }
}

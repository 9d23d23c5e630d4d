import CreditCore
import Testing

@Suite struct ConstantTimeTests {
    @Test(
        arguments: [
            ([UInt8](), [UInt8](), true),
            ([1, 2, 3], [1, 2, 3], true),
            ([1, 2, 3], [9, 2, 3], false),
            ([1, 2, 3], [1, 9, 3], false),
            ([1, 2, 3], [1, 2, 9], false),
            ([1, 2, 3], [1, 2], false),
            ([1, 2], [1, 2, 3], false),
            ([], [0], false),
            ([0x80], [0x00], false),
        ] as [([UInt8], [UInt8], Bool)])
    func equals_ComparesWholeContents(a: [UInt8], b: [UInt8], expected: Bool) {
        #expect(ConstantTime.equals(a, b) == expected)
    }

    @Test func equals_AgreesWithSHA256Digests() {
        let stored = SHA256.hash(Array("s3cret".utf8))
        #expect(ConstantTime.equals(stored, SHA256.hash(Array("s3cret".utf8))))
        #expect(!ConstantTime.equals(stored, SHA256.hash(Array("s3creT".utf8))))
    }
}

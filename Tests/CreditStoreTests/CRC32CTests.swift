import CreditStore
import Testing

@Suite struct CRC32CTests {
    /// The catalogue "check" value: the CRC of the ASCII digits 1 to 9.
    @Test func checksum_MatchesCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    /// RFC 3720 appendix B.4, the iSCSI test vectors.
    static let rfc3720Vectors: [([UInt8], UInt32)] = [
        ([UInt8](repeating: 0x00, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
    ]

    @Test(arguments: rfc3720Vectors)
    func checksum_MatchesRFC3720Vector(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
    }

    @Test func checksum_OfEmptyInput_IsZero_AndLeavesRunningValueUnchanged() {
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](), continuing: 0xE306_9283) == 0xE306_9283)
    }

    /// Every split point of a buffer long enough to exercise both the eight-byte loop and the
    /// byte-at-a-time tail on each side of the split.
    @Test func checksum_Continuing_EqualsOneShot_AtEverySplit() {
        let bytes = (0..<67).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let whole = CRC32C.checksum(bytes)
        for split in 0...bytes.count {
            let first = CRC32C.checksum(Array(bytes[..<split]))
            #expect(CRC32C.checksum(Array(bytes[split...]), continuing: first) == whole, "split at \(split)")
        }
    }

    /// Expected value from a bit-at-a-time reference implementation (Python), independent of
    /// the table code under test.
    @Test func checksum_OfRawBuffer_EqualsChecksumOfArray() {
        let bytes = Array("The quick brown fox jumps over the lazy dog".utf8)
        let viaBuffer = bytes.withUnsafeBytes { CRC32C.checksum($0) }
        #expect(viaBuffer == CRC32C.checksum(bytes))
        #expect(viaBuffer == 0x2262_0404)
    }

    /// A misaligned start must not change the result: the fast loop loads words unaligned.
    @Test func checksum_IsIndependentOfAlignment() {
        let bytes = (0..<40).map { UInt8($0) }
        let expected = CRC32C.checksum(Array(bytes[3...]))
        let viaSlice = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[3...])) }
        #expect(viaSlice == expected)
    }
}

/// One journal record. On disk: payload length (u32 LE), CRC-32C (u32 LE) of
/// the sequence number and payload, sequence number (u64 LE), payload.
public struct JournalRecord: Hashable, Sendable {
    public let sequence: UInt64
    public let payload: [UInt8]

    public init(sequence: UInt64, payload: [UInt8]) {
        self.sequence = sequence
        self.payload = payload
    }

    public static let headerSize = 16
    /// No record is larger; a length above it can only be damage.
    public static let maximumPayload = 1 << 20

    /// Appends the framed record to `bytes`.
    public func frame(into bytes: inout [UInt8]) {
        var sequenceBytes: [UInt8] = []
        JournalRecord.append(sequence, count: 8, to: &sequenceBytes)
        var crc = sequenceBytes.withUnsafeBytes { CRC32C.checksum($0) }
        crc = payload.withUnsafeBytes { CRC32C.checksum($0, continuing: crc) }
        JournalRecord.append(UInt64(payload.count), count: 4, to: &bytes)
        JournalRecord.append(UInt64(crc), count: 4, to: &bytes)
        bytes.append(contentsOf: sequenceBytes)
        bytes.append(contentsOf: payload)
    }

    static func append(_ value: UInt64, count: Int, to bytes: inout [UInt8]) {
        for shift in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
    }

    static func load(_ bytes: UnsafeRawBufferPointer, at offset: Int, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<count).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return value
    }

    /// The record framed at `offset` of a stream (replication), and its framed size; nil while
    /// it has not all arrived. Throws when its length or CRC-32C is wrong: the stream is damaged.
    public static func next(in raw: UnsafeRawBufferPointer, at offset: Int) throws(StoreError) -> (JournalRecord, Int)?
    {
        guard raw.count - offset >= headerSize else { return nil }
        let length = Int(load(raw, at: offset, count: 4))
        guard length <= maximumPayload else { throw StoreError("a replicated record claims \(length) bytes") }
        guard raw.count - offset >= headerSize + length else { return nil }
        guard JournalReader.isRecord(raw, at: offset) else {
            throw StoreError("a replicated record fails its CRC-32C check")
        }
        let payload = Array(
            UnsafeRawBufferPointer(rebasing: raw[(offset + headerSize)..<(offset + headerSize + length)]))
        return (JournalRecord(sequence: load(raw, at: offset + 8, count: 8), payload: payload), headerSize + length)
    }
}

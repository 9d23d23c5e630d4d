import CreditNet
import Glibc

/// Reads a journal file back for recovery (Redis `loadSingleAppendOnlyFile`):
/// a torn or corrupt *last* record — a crash in mid-write — is reported and
/// cut off; damage anywhere else stops start-up with the file, the offset
/// and what to do, never a silent loss.
public enum JournalReader {
    public struct Contents {
        public let records: [JournalRecord]
        /// The size up to the end of the last good record.
        public let goodSize: Int64
        /// Set when a torn last record was found and must be cut off.
        public let tornRecordAt: Int64?
    }

    /// The journal files in `directory`, oldest first, with their first sequence numbers.
    public static func files(in directory: String) throws(SystemError) -> [(path: String, first: UInt64)] {
        try Syscall.listDirectory(directory).compactMap { name -> (String, UInt64)? in
            guard name.hasPrefix("journal-"), name.hasSuffix(".cgj"),
                let first = UInt64(name.dropFirst(8).dropLast(4))
            else { return nil }
            return (directory + "/" + name, first)
        }.sorted { $0.1 < $1.1 }
    }

    public static func read(_ path: String, expectingFirst first: UInt64) throws -> Contents {
        let bytes = try readAll(path)
        let magic = Journal.magic
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            if bytes.count < magic.count, magic.starts(with: bytes) {
                return Contents(records: [], goodSize: 0, tornRecordAt: 0)
            }
            throw StoreError("\(path) is not a CreditGate journal (bad header); move it out of the data folder")
        }
        var records: [JournalRecord] = []
        var offset = magic.count
        var expected = first
        return try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let remaining = raw.count - offset
                let tail = Contents(records: records, goodSize: Int64(offset), tornRecordAt: Int64(offset))
                guard remaining >= JournalRecord.headerSize else { return tail }
                let length = Int(JournalRecord.load(raw, at: offset, count: 4))
                let sequence = JournalRecord.load(raw, at: offset + 8, count: 8)
                let end = offset + JournalRecord.headerSize + length
                guard isRecord(raw, at: offset), sequence == expected else {
                    // A crash in mid-write leaves a bad record with nothing good after it: cut it.
                    // A good record after a bad one means damage.
                    guard hasRecord(raw, after: offset, above: expected) else { return tail }
                    let what =
                        isRecord(raw, at: offset)
                        ? "has sequence \(sequence), expected \(expected)"
                        : "fails its length or CRC-32C check"
                    throw StoreError(
                        """
                        \(path): the record at offset \(offset) \(what), and intact records follow it. \
                        This is damage, not a crash in mid-write, so start-up stops rather than lose them. To start \
                        anyway, keep a copy of the file, then cut it at the damage with `truncate -s \(offset) \(path)`: \
                        every change from record \(expected) on is then lost.
                        """)
                }
                let payload = Array(UnsafeRawBufferPointer(rebasing: raw[(offset + JournalRecord.headerSize)..<end]))
                records.append(JournalRecord(sequence: sequence, payload: payload))
                expected += 1
                offset = end
            }
            return Contents(records: records, goodSize: Int64(offset), tornRecordAt: nil)
        }
    }

    /// Whether a complete record with a matching CRC starts at `offset`.
    static func isRecord(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard raw.count - offset >= JournalRecord.headerSize else { return false }
        let length = Int(JournalRecord.load(raw, at: offset, count: 4))
        let end = offset + JournalRecord.headerSize + length
        guard length <= JournalRecord.maximumPayload, end <= raw.count else { return false }
        let crc = UInt32(JournalRecord.load(raw, at: offset + 4, count: 4))
        let sequenceCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[(offset + 8)..<(offset + 16)]))
        return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[(offset + 16)..<end]), continuing: sequenceCRC)
            == crc
    }

    /// Whether any intact record numbered above `sequence` starts after `offset`.
    static func hasRecord(_ raw: UnsafeRawBufferPointer, after offset: Int, above sequence: UInt64) -> Bool {
        var candidate = offset + 1
        while candidate + JournalRecord.headerSize <= raw.count {
            let number = JournalRecord.load(raw, at: candidate + 8, count: 8)
            if number >= sequence, number < sequence + (1 << 32), isRecord(raw, at: candidate) { return true }
            candidate += 1
        }
        return false
    }

    static func readAll(_ path: String) throws -> [UInt8] {
        let fd = try Syscall.open(path, flags: O_RDONLY | O_CLOEXEC)
        defer { Syscall.close(fd) }
        let size = Int(try Syscall.fileSize(fd))
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let count = try bytes.withUnsafeMutableBytes { raw in
                try Syscall.pread(fd, into: raw.baseAddress! + done, count: size - done, offset: Int64(done))
            }
            if count == 0 { break }
            done += count
        }
        return Array(bytes[0..<done])
    }
}

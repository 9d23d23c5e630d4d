import CreditNet
import CreditStore
import Foundation
import Glibc
import Testing

/// The journal's framing and its reader's repair rules (STYLE rule 6): a torn or corrupt last
/// record is cut and reported, damage anywhere else stops with file, offset and what to do.
@Suite struct JournalTests {
    static func payload(_ number: Int) -> [UInt8] {
        Array("2026-03-01T09:00:00Z 2026-03-01 carla clerk PAY C\(number) \(number).00 ref=R-\(number)".utf8)
    }

    /// A journal of `count` records, 1 … count, each committed in its own turn.
    static func journal(in folder: TemporaryFolder, records count: Int, policy: FsyncPolicy = .batch) throws -> Journal
    {
        let journal = try Journal(
            directory: folder.path, policy: policy, firstSequence: 1, nextSequence: 1,
            existingRecords: 0)
        for number in (0..<count).map({ $0 + 1 }) {
            #expect(journal.append(payload(number)) == UInt64(number))
            try journal.commit(at: { 0 })
        }
        return journal
    }

    static var firstName: String { URL(fileURLWithPath: Journal.path(in: "/", first: 1)).lastPathComponent }

    /// Offsets at which each framed record starts, and the file's end.
    static func recordOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var offset = Journal.magic.count
        while offset < bytes.count {
            offsets.append(offset)
            let length =
                Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
                | Int(bytes[offset + 3]) << 24
            offset += JournalRecord.headerSize + length
        }
        #expect(offset == bytes.count)
        return offsets
    }

    @Test func appendCommitRead_ReturnsEveryRecordInOrder() throws {
        let folder = try TemporaryFolder()
        let journal = try JournalTests.journal(in: folder, records: 3)
        // A turn of two records: one write, one sync.
        journal.append(JournalTests.payload(4))
        journal.append(JournalTests.payload(5))
        #expect(journal.pendingRecords == 2)
        try journal.commit(at: { 0 })
        #expect(!journal.hasPending)
        #expect(journal.nextSequence == 6)
        #expect(journal.recordsInFile == 5)
        #expect(journal.durableSize == Int64(folder.bytes(JournalTests.firstName).count))

        let contents = try JournalReader.read(journal.path, expectingFirst: 1)
        #expect(
            contents.records == (1...5).map { JournalRecord(sequence: UInt64($0), payload: JournalTests.payload($0)) })
        #expect(contents.tornRecordAt == nil)
        #expect(contents.goodSize == journal.durableSize)
    }

    @Test func reopenedJournal_ContinuesTheFile() throws {
        let folder = try TemporaryFolder()
        _ = try JournalTests.journal(in: folder, records: 2)
        let reopened = try Journal(
            directory: folder.path, policy: .always, firstSequence: 1, nextSequence: 3,
            existingRecords: 2)
        reopened.append(JournalTests.payload(3))
        try reopened.commit(at: { 0 })
        let contents = try JournalReader.read(reopened.path, expectingFirst: 1)
        #expect(contents.records.map(\.sequence) == [1, 2, 3])
        #expect(reopened.recordsInFile == 3)
    }

    @Test func emptyFile_AndCutMagic_AreTornAtZero() throws {
        let folder = try TemporaryFolder()
        for length in 0..<Journal.magic.count {
            folder.write(Array(Journal.magic.prefix(length)), to: JournalTests.firstName)
            let contents = try JournalReader.read(folder.path + "/" + JournalTests.firstName, expectingFirst: 1)
            #expect(contents.records.isEmpty)
            #expect(contents.goodSize == 0)
            #expect(contents.tornRecordAt == 0)
        }
    }

    @Test func badHeader_Throws_NamingTheFile() throws {
        let folder = try TemporaryFolder()
        folder.write(Array("NOTAJOURNAL".utf8), to: JournalTests.firstName)
        let path = folder.path + "/" + JournalTests.firstName
        let error = #expect(throws: StoreError.self) { try JournalReader.read(path, expectingFirst: 1) }
        #expect(error?.message == "\(path) is not a CreditGate journal (bad header); move it out of the data folder")
    }

    /// A crash in mid-write: every cut inside the last record loses exactly that record.
    @Test func cutAtEveryOffsetOfLastRecord_ReturnsEarlierRecords_AndReportsTheCut() throws {
        let folder = try TemporaryFolder()
        _ = try JournalTests.journal(in: folder, records: 4)
        let whole = folder.bytes(JournalTests.firstName)
        let last = JournalTests.recordOffsets(whole).last!
        let path = folder.path + "/" + JournalTests.firstName
        for cut in last..<whole.count {
            folder.write(Array(whole[0..<cut]), to: JournalTests.firstName)
            let contents = try JournalReader.read(path, expectingFirst: 1)
            #expect(contents.records.map(\.sequence) == [1, 2, 3], "cut at \(cut)")
            #expect(contents.goodSize == Int64(last), "cut at \(cut)")
            #expect(contents.tornRecordAt == (cut == last ? nil : Int64(last)), "cut at \(cut)")
        }
    }

    /// Damage with intact records after it is not a crash: start-up must stop, and say where.
    @Test func flippedByteInEarlierRecord_Throws_NamingFileOffsetAndTruncate() throws {
        let folder = try TemporaryFolder()
        _ = try JournalTests.journal(in: folder, records: 4)
        let whole = folder.bytes(JournalTests.firstName)
        let offsets = JournalTests.recordOffsets(whole)
        let path = folder.path + "/" + JournalTests.firstName
        // Every byte of record 2: length, CRC, sequence and payload.
        for position in offsets[1]..<offsets[2] {
            var damaged = whole
            damaged[position] ^= 0x5A
            folder.write(damaged, to: JournalTests.firstName)
            let error = #expect(throws: StoreError.self, "byte \(position)") {
                try JournalReader.read(path, expectingFirst: 1)
            }
            guard let message = error?.message else { continue }
            #expect(message.hasPrefix("\(path): the record at offset \(offsets[1]) "), "byte \(position): \(message)")
            #expect(message.contains("`truncate -s \(offsets[1]) \(path)`"), "byte \(position): \(message)")
            #expect(message.contains("every change from record 2 on is then lost"), "byte \(position): \(message)")
        }
    }

    @Test func flippedByteInLastRecord_IsCutAsTorn() throws {
        let folder = try TemporaryFolder()
        _ = try JournalTests.journal(in: folder, records: 3)
        let whole = folder.bytes(JournalTests.firstName)
        let last = JournalTests.recordOffsets(whole).last!
        let path = folder.path + "/" + JournalTests.firstName
        for position in last..<whole.count {
            var damaged = whole
            damaged[position] ^= 0x01
            folder.write(damaged, to: JournalTests.firstName)
            let contents = try JournalReader.read(path, expectingFirst: 1)
            #expect(contents.records.map(\.sequence) == [1, 2], "byte \(position)")
            #expect(contents.tornRecordAt == Int64(last), "byte \(position)")
            #expect(contents.goodSize == Int64(last), "byte \(position)")
        }
    }

    /// A file system that allocated blocks before the crash leaves zeros after the last write.
    @Test func zeroTail_IsTorn() throws {
        let folder = try TemporaryFolder()
        _ = try JournalTests.journal(in: folder, records: 3)
        let whole = folder.bytes(JournalTests.firstName)
        let path = folder.path + "/" + JournalTests.firstName
        for zeros in [1, 15, 16, 17, 4096] {
            folder.write(whole + [UInt8](repeating: 0, count: zeros), to: JournalTests.firstName)
            let contents = try JournalReader.read(path, expectingFirst: 1)
            #expect(contents.records.map(\.sequence) == [1, 2, 3], "\(zeros) zeros")
            #expect(contents.tornRecordAt == Int64(whole.count), "\(zeros) zeros")
            #expect(contents.goodSize == Int64(whole.count), "\(zeros) zeros")
        }
    }

    /// Records in the right frame but with the wrong numbers are damage too.
    @Test func unexpectedSequence_Throws() throws {
        let folder = try TemporaryFolder()
        _ = try JournalTests.journal(in: folder, records: 3)
        let path = folder.path + "/" + JournalTests.firstName
        let error = #expect(throws: StoreError.self) { try JournalReader.read(path, expectingFirst: 2) }
        #expect(
            error?.message.hasPrefix("\(path): the record at offset \(Journal.magic.count) has sequence 1, expected 2")
                == true)
    }

    @Test func rotate_StartsANewFileAtTheNextSequence() throws {
        let folder = try TemporaryFolder()
        let journal = try JournalTests.journal(in: folder, records: 3)
        let firstPath = journal.path
        try journal.rotate()
        #expect(journal.path == Journal.path(in: folder.path, first: 4))
        #expect(journal.recordsInFile == 0)
        #expect(journal.durableSize == Int64(Journal.magic.count))
        journal.append(JournalTests.payload(4))
        try journal.commit(at: { 0 })

        let files = try JournalReader.files(in: folder.path)
        #expect(files.map(\.path) == [firstPath, journal.path])
        #expect(files.map(\.first) == [1, 4])
        #expect(try JournalReader.read(firstPath, expectingFirst: 1).records.map(\.sequence) == [1, 2, 3])
        #expect(try JournalReader.read(journal.path, expectingFirst: 4).records.map(\.sequence) == [4])
    }

    /// A failed write (here: the file swapped under the journal for /dev/full, so write(2) says
    /// ENOSPC) drops the turn and gives its sequence numbers to the next turn.
    @Test func failedCommit_RollsBackSequenceNumbers_AndLeavesTheFileAsItWas() throws {
        let folder = try TemporaryFolder()
        let journal = try JournalTests.journal(in: folder, records: 2)
        let before = folder.bytes(JournalTests.firstName)
        let fd = try JournalTests.descriptor(of: journal.path)
        let saved = dup(fd)
        let full = open("/dev/full", O_WRONLY)
        #expect(saved >= 0 && full >= 0)
        defer {
            Glibc.close(saved)
            Glibc.close(full)
        }
        #expect(dup2(full, fd) == fd)
        journal.append(JournalTests.payload(3))
        journal.append(JournalTests.payload(4))
        let error = #expect(throws: SystemError.self) { try journal.commit(at: { 0 }) }
        #expect(error?.errno == ENOSPC)
        #expect(!journal.hasPending)
        #expect(journal.nextSequence == 3)
        #expect(journal.recordsInFile == 2)
        #expect(folder.bytes(JournalTests.firstName) == before)

        #expect(dup2(saved, fd) == fd)
        #expect(journal.append(JournalTests.payload(5)) == 3)
        try journal.commit(at: { 0 })
        let contents = try JournalReader.read(journal.path, expectingFirst: 1)
        #expect(contents.records.map(\.sequence) == [1, 2, 3])
        #expect(contents.records.last?.payload == JournalTests.payload(5))
    }

    /// The descriptor this process holds open on `path` (the journal keeps its own private).
    static func descriptor(of path: String) throws -> Int32 {
        for name in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name),
                target == path, let fd = Int32(name)
            {
                return fd
            }
        }
        throw StoreError("no descriptor open on \(path)")
    }
}

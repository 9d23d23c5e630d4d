import CreditCore
import CreditNet
import Glibc

/// A snapshot: the whole ledger as of a journal sequence number, so a
/// restart loads state instead of replaying history. Written in the manner
/// of Redis's `rdbSave`: to a temp file, fsync, rename, fsync the folder — a
/// crash leaves the old snapshot or the new one, never half of one. A
/// CRC-32C trailer makes damage visible; a damaged snapshot is skipped for
/// the one before it (and the journal since).
///
/// Layout: `CGSNAP01`, the sequence number (u64 LE), the ledger
/// (`Ledger+Binary`), CRC-32C of all before it (u32 LE).
public enum Snapshot {
    static let magic: [UInt8] = Array("CGSNAP01".utf8)

    public static func path(in directory: String, sequence: UInt64) -> String {
        directory + "/" + DataDirectory.snapshotName(sequence: sequence)
    }

    /// The snapshots in `directory`, newest first.
    public static func list(in directory: String) throws(SystemError) -> [(path: String, sequence: UInt64)] {
        try Syscall.listDirectory(directory).compactMap { name -> (String, UInt64)? in
            guard name.hasPrefix("snapshot-"), name.hasSuffix(".cgs"),
                let sequence = UInt64(name.dropFirst(9).dropLast(4))
            else { return nil }
            return (directory + "/" + name, sequence)
        }.sorted { $0.1 > $1.1 }
    }

    /// Removes the temp files of snapshots a crash interrupted, returning their paths. A
    /// snapshot is published only by its rename, so a `.tmp` never is one; left alone, each
    /// would keep a ledger's worth of disk for good.
    public static func removeUnfinished(in directory: String) throws(SystemError) -> [String] {
        var removed: [String] = []
        for name in try Syscall.listDirectory(directory) where name.hasPrefix("snapshot-") && name.hasSuffix(".cgs.tmp")
        {
            try Syscall.unlink(directory + "/" + name)
            removed.append(directory + "/" + name)
        }
        return removed
    }

    /// Writes `ledger`, which holds every journal record up to `sequence`.
    /// Returns the file's size.
    @discardableResult
    public static func write(_ ledger: Ledger, sequence: UInt64, in directory: String) throws(SystemError) -> Int {
        try publish(in: directory, sequence: sequence) { fd throws(SystemError) in
            try encode(ledger, sequence: sequence) { bytes throws(SystemError) in try Journal.writeAll(fd, bytes) }
        }
    }

    /// The snapshot file's bytes for `ledger` in memory: what a primary sends a replica that is
    /// new or too far behind.
    public static func bytes(_ ledger: Ledger, sequence: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        encode(ledger, sequence: sequence) { out.append(contentsOf: $0) }
        return out
    }

    /// Loads a snapshot received from a primary, checking all of it (magic, CRC-32C, every
    /// customer) and writing nothing: a damaged one changes nothing here.
    public static func received(_ bytes: [UInt8]) throws -> (ledger: Ledger, sequence: UInt64) {
        try decode(bytes, path: "the snapshot received from the primary")
    }

    /// Keeps a snapshot `received` has loaded as this folder's newest.
    public static func keep(_ bytes: [UInt8], sequence: UInt64, in directory: String) throws(SystemError) {
        _ = try publish(in: directory, sequence: sequence) { fd throws(SystemError) in
            try Journal.writeAll(fd, bytes)
            return bytes.count
        }
    }

    /// Layout: magic, sequence, ledger, CRC-32C of all before it; handed to `emit` a chunk at a time.
    private static func encode<E: Error>(_ ledger: Ledger, sequence: UInt64, emit: ([UInt8]) throws(E) -> Void)
        throws(E) -> Int
    {
        var size = 0
        var crc: UInt32 = 0
        var writer = BinaryWriter(capacity: 1 << 21)
        func drain() throws(E) {
            crc = writer.bytes.withUnsafeBytes { CRC32C.checksum($0, continuing: crc) }
            try emit(writer.bytes)
            size += writer.bytes.count
            writer.removeAll()
        }
        var header = magic
        JournalRecord.append(sequence, count: 8, to: &header)
        crc = CRC32C.checksum(header)
        try emit(header)
        size += header.count
        ledger.encodeHeader(into: &writer)
        for box in inMemoryOrder(ledger.customers) {
            box.customer.encode(into: &writer)
            if writer.bytes.count >= 1 << 20 { try drain() }
        }
        try drain()
        var trailer: [UInt8] = []
        JournalRecord.append(UInt64(crc), count: 4, to: &trailer)
        try emit(trailer)
        return size + trailer.count
    }

    /// The customers' boxes by address: the table's own order is its hashes', which visits memory
    /// at random and made a cache miss of a third of a snapshot's time; in address order the
    /// processor's prefetcher finds each box and its invoices (made one after the other) ahead.
    /// The order of customers in a snapshot is not part of its layout (a restart files each by id).
    private static func inMemoryOrder(_ book: CustomerBook) -> [CustomerBook.Box] {
        var boxes = Array(book.boxes)
        boxes.sort { ObjectIdentifier($0) < ObjectIdentifier($1) }
        return boxes
    }

    /// Writes through `fill` to a temp file, fsyncs it, renames it into place and fsyncs the folder.
    private static func publish(
        in directory: String, sequence: UInt64,
        fill: (Int32) throws(SystemError) -> Int
    ) throws(SystemError) -> Int {
        try DurableFile.write(path(in: directory, sequence: sequence), in: directory, fill: fill)
    }

    /// Loads a snapshot, or throws `StoreError` naming the file and the damage.
    public static func load(_ path: String) throws -> (ledger: Ledger, sequence: UInt64) {
        try decode(try JournalReader.readAll(path), path: path)
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> (ledger: Ledger, sequence: UInt64) {
        try bytes.withUnsafeBytes { raw in
            guard raw.count >= magic.count + 12, Array(raw[0..<magic.count]) == magic else {
                throw StoreError("\(path) is not a CreditGate snapshot")
            }
            let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 4)])
            let stored = UInt32(JournalRecord.load(raw, at: raw.count - 4, count: 4))
            guard CRC32C.checksum(body) == stored else {
                throw StoreError("\(path) fails its CRC-32C check (damaged)")
            }
            let sequence = JournalRecord.load(raw, at: magic.count, count: 8)
            var reader = BinaryReader(body, offset: magic.count + 8)
            let ledger: Ledger
            do {
                ledger = try Ledger(reading: &reader)
            } catch {
                throw StoreError("\(path): \(error)")
            }
            guard reader.isAtEnd else {
                throw StoreError("\(path): \(raw.count - 4 - reader.offset) bytes after the last customer")
            }
            return (ledger, sequence)
        }
    }
}

/// Reads what `BinaryWriter` wrote; every read is bounds-checked and a short
/// or malformed input throws `BinaryReader.Malformed` instead of trapping.
public struct BinaryReader {
    public struct Malformed: Error, CustomStringConvertible {
        public let offset: Int
        public var description: String { "malformed data at byte \(offset)" }
    }

    private let bytes: UnsafeRawBufferPointer
    public private(set) var offset: Int
    /// The last user name read and where its bytes are: the next one is usually the same.
    private var lastUser: (start: Int, count: Int, name: UserName)?

    public init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset >= bytes.count }

    public mutating func unsigned() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Malformed(offset: offset) }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    public mutating func signed() throws(Malformed) -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    public mutating func int() throws(Malformed) -> Int {
        Int(try signed())
    }

    public mutating func bool() throws(Malformed) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Malformed(offset: offset) }
        offset += 1
        return bytes[offset - 1] == 1
    }

    public mutating func money() throws(Malformed) -> Money { Money(minorUnits: try signed()) }
    public mutating func terms() throws(Malformed) -> Terms {
        let days = try int()
        return Terms(days: days, endOfMonth: try bool())
    }

    public mutating func day() throws(Malformed) -> Day {
        let days = try signed()
        guard let narrow = Int32(exactly: days) else { throw Malformed(offset: offset) }
        return Day(daysSinceEpoch: narrow)
    }
    public mutating func instant() throws(Malformed) -> Instant { Instant(secondsSinceEpoch: try signed()) }

    public mutating func count() throws(Malformed) -> Int {
        let count = try unsigned()
        guard count <= UInt64(bytes.count - offset) else { throw Malformed(offset: offset) }
        return Int(count)
    }

    public mutating func string() throws(Malformed) -> String {
        let count = try count()
        defer { offset += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]), as: UTF8.self)
    }

    /// A user name, interned without making a `String` when it repeats the one before it.
    public mutating func userName() throws(Malformed) -> UserName {
        let count = try count()
        let start = offset
        offset += count
        if let last = lastUser, last.count == count, equalBytes(at: last.start, and: start, count: count) {
            return last.name
        }
        let name = UserName(
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count)]), as: UTF8.self))
        lastUser = (start, count, name)
        return name
    }

    private func equalBytes(at first: Int, and second: Int, count: Int) -> Bool {
        for index in 0..<count where bytes[first + index] != bytes[second + index] { return false }
        return true
    }

    public mutating func byteArray() throws(Malformed) -> [UInt8] {
        let count = try count()
        defer { offset += count }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
    }

    public mutating func optional<T>(_ body: (inout BinaryReader) throws(Malformed) -> T) throws(Malformed) -> T? {
        try bool() ? try body(&self) : nil
    }

    public mutating func array<T>(_ body: (inout BinaryReader) throws(Malformed) -> T) throws(Malformed) -> [T] {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try body(&self)) }
        return values
    }
}

/// Appends values as compact bytes (little-endian integers, LEB128 lengths,
/// UTF-8 strings) — the snapshot's encoding. Pure: the file is CreditStore's.
public struct BinaryWriter {
    public private(set) var bytes: [UInt8] = []
    /// Each user name as `write(_: String)` writes it, by place (`write(_: UserName)`).
    private var encodedNames: [[UInt8]] = []

    public init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// LEB128: a value under 128 is one byte; a longer one is built in a register and appended
    /// in one go, not a byte at a time.
    public mutating func write(_ value: UInt64) {
        if value < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            return
        }
        guard value < 1 << 56 else { return writeLong(value) }
        var encoded: UInt64 = 0
        var rest = value
        var count = 0
        while rest >= 0x80 {
            encoded |= (rest & 0x7F | 0x80) << (count * 8)
            rest >>= 7
            count += 1
        }
        encoded |= rest << (count * 8)
        encoded = encoded.littleEndian
        withUnsafeBytes(of: &encoded) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0...count])) }
    }

    private mutating func writeLong(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Signed values zig-zag encoded, so small negatives stay short.
    public mutating func write(_ value: Int64) {
        write(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func write(_ value: Int) { write(Int64(value)) }
    public mutating func write(_ value: UInt8) { write(UInt64(value)) }
    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }
    public mutating func write(_ value: Money) { write(value.minorUnits) }
    public mutating func write(_ value: Day) { write(Int64(value.daysSinceEpoch)) }
    public mutating func write(_ value: Terms) {
        write(value.days)
        write(value.endOfMonth)
    }
    public mutating func write(_ value: Instant) { write(value.secondsSinceEpoch) }

    public mutating func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A user name as its `String` is written, from bytes made once per name rather than per item.
    public mutating func write(_ user: UserName) {
        let place = Int(user.place)
        if place >= encodedNames.count {
            var names = BinaryWriter(capacity: 0)
            encodedNames = UserName.names.map { name in
                names.removeAll()
                names.write(name)
                return names.bytes
            }
        }
        bytes.append(contentsOf: encodedNames[place])
    }

    public mutating func write(bytes value: [UInt8]) {
        write(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// An optional: a presence byte, then the value.
    public mutating func write<T>(_ value: T?, _ body: (inout BinaryWriter, T) -> Void) {
        write(value != nil)
        if let value { body(&self, value) }
    }

    public mutating func write<C: Collection>(_ values: C, _ body: (inout BinaryWriter, C.Element) -> Void) {
        write(UInt64(values.count))
        for value in values { body(&self, value) }
    }
}

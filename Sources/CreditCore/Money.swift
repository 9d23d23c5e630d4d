/// An exact amount of money in minor units (cents, agorot, stotinki).
///
/// Money is never a floating-point number: it is parsed from and printed to
/// text digit by digit, and every arithmetic operation is overflow-checked,
/// so an amount either is exactly right or the operation fails.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The amount in minor units: `Money(minorUnits: 123456)` is 1234.56.
    public let minorUnits: Int64

    public init(minorUnits: Int64) {
        self.minorUnits = minorUnits
    }

    public static let zero = Money(minorUnits: 0)

    /// The largest amount the wire accepts: 999,999,999,999.99 keeps every sum
    /// of a realistic book far from Int64's limit.
    public static let maximum = Money(minorUnits: 99_999_999_999_999)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

    public var isNegative: Bool { minorUnits < 0 }
    public var isPositive: Bool { minorUnits > 0 }

    /// `a + b`, or nil when the sum does not fit.
    public func adding(_ other: Money) -> Money? {
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: sum)
    }

    /// `a - b`, or nil when the difference does not fit.
    public func subtracting(_ other: Money) -> Money? {
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: difference)
    }

    /// The amount multiplied by `percent` / 100, rounded up to the next minor unit
    /// (a share that is owed is never rounded in the debtor's favour).
    public func percentage(_ percent: Int) -> Money? {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: Int64(percent))
        if overflow { return nil }
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 100)
        return Money(minorUnits: remainder > 0 ? quotient + 1 : quotient)
    }

    /// Parses `123`, `123.4` or `123.45` (and a leading `-` when `allowNegative`).
    /// Rejects `1,000`, `1e3`, `.5`, `5.`, `+5`, more than two decimals and any
    /// amount above `maximum`.
    public init?(parsing text: some StringProtocol, allowNegative: Bool = false) {
        var string = String(text)
        guard let parsed = string.withUTF8({ Money(bytes: UnsafeRawBufferPointer($0), allowNegative: allowNegative) })
        else { return nil }
        self = parsed
    }

    /// Parses raw bytes without making a `String` (the CHECK hot path).
    public init?(bytes: UnsafeRawBufferPointer, allowNegative: Bool = false) {
        var index = 0
        let count = bytes.count
        var negative = false
        if count > 0, bytes[0] == UInt8(ascii: "-") {
            guard allowNegative else { return nil }
            negative = true
            index = 1
        }
        var units: Int64 = 0
        var integerDigits = 0
        while index < count, let digit = Money.digit(bytes[index]) {
            units = units &* 10 &+ digit
            integerDigits += 1
            index += 1
            if integerDigits > 13 { return nil }
        }
        guard integerDigits > 0 else { return nil }
        var fractionDigits = 0
        if index < count {
            guard bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            while index < count, let digit = Money.digit(bytes[index]) {
                units = units &* 10 &+ digit
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits >= 1, fractionDigits <= 2, index == count else { return nil }
        }
        if fractionDigits < 2 { units *= fractionDigits == 1 ? 10 : 100 }
        guard units <= Money.maximum.minorUnits else { return nil }
        minorUnits = negative ? -units : units
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte &- UInt8(ascii: "0")) : nil
    }

    /// Always two decimals: `1234.50`, `-0.05`, `0.00`.
    public var description: String {
        String(unsafeUninitializedCapacity: Money.maximumDigits) { writeDigits(into: $0, at: 0) }
    }

    /// The most bytes `writeDigits` writes.
    public static let maximumDigits = 24

    /// Writes the printed amount at `start` (at most `maximumDigits` bytes); returns the index
    /// after it. Written in place: no buffer between.
    public func writeDigits(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let magnitude = minorUnits.magnitude
        var index = start
        if minorUnits < 0 {
            buffer[index] = UInt8(ascii: "-")
            index += 1
        }
        index = Money.writeNumber(magnitude / 100, into: buffer, at: index)
        buffer[index] = UInt8(ascii: ".")
        buffer[index + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude / 10 % 10)
        buffer[index + 2] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
        return index + 3
    }

    /// Writes an unsigned decimal number at `start` (at most 20 bytes): its width measured first,
    /// then its digits last-first; returns the index after it.
    @inline(__always)
    public static func writeNumber(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int)
        -> Int
    {
        var width = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            width += 1
        }
        var index = start + width
        var rest = value
        repeat {
            index -= 1
            buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest > 0
        return start + width
    }

    /// Appends an unsigned decimal number.
    public static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            let end = writeNumber(value, into: buffer, at: 0)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<end]))
        }
    }
}

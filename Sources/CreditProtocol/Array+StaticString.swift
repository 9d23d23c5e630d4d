extension Array where Element == UInt8 {
    /// Appends a literal's bytes in one copy: `append(contentsOf: "…".utf8)` walks the string
    /// through the generic sequence path (~170 instructions for a short word on CHECK's reply).
    @inline(__always)
    mutating func append(literal text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

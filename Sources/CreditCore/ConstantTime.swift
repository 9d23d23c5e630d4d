/// Comparison whose running time does not reveal where two secrets first differ, so a client
/// timing `AUTH` replies cannot recover a password digest byte by byte.
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Every byte is examined whatever the contents;
    /// only the lengths, which are not secret (digests have a fixed size), end it early.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}

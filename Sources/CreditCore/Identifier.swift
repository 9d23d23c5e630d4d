/// The rule for every id on the wire (customer, invoice, order, payment ref,
/// override, user): 1–64 characters from `A–Z a–z 0–9 . _ - / :`, so ERP
/// numbers such as `INV/2026/00017` fit and nothing needs quoting.
public enum Identifier {
    public static let maximumLength = 64

    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        for byte in bytes where !isAllowed(byte) { return false }
        return true
    }

    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid(UnsafeRawBufferPointer($0)) }
    }

    @inline(__always)
    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }
}

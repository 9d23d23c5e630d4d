/// Where a reply ends, without knowing its verb (protocol.md §5): read a line; if its second word
/// is `*` followed by digits, that many lines follow it. The one reader of that rule, for the
/// client, the bench, the tests and a replica reading its primary alike.
public enum ReplyFraming {
    /// How many lines follow `first`: `n` when its second word is `*<n>`, nil for a one-line reply.
    @inlinable
    public static func followingLines(after first: UnsafeRawBufferPointer) -> Int? {
        guard let space = first.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        var index = space + 1
        guard index < first.count, first[index] == UInt8(ascii: "*") else { return nil }
        index += 1
        var count = 0
        var digits = 0
        while index < first.count, first[index] != UInt8(ascii: " ") {
            let digit = first[index] &- UInt8(ascii: "0")
            // 18 digits still fit an Int; a longer count is no count.
            guard digit < 10, digits < 18 else { return nil }
            count = count * 10 + Int(digit)
            digits += 1
            index += 1
        }
        return digits > 0 ? count : nil
    }

    public static func followingLines(after first: String) -> Int? {
        var line = first
        return line.withUTF8 { followingLines(after: UnsafeRawBufferPointer($0)) }
    }

    /// One whole reply, its first line and every line that follows it, each read by `readLine`.
    public static func reply<Failure: Error>(_ readLine: () throws(Failure) -> String) throws(Failure) -> [String] {
        let first = try readLine()
        guard let following = followingLines(after: first) else { return [first] }
        var lines = [first]
        lines.reserveCapacity(following + 1)
        for _ in 0..<following { lines.append(try readLine()) }
        return lines
    }
}

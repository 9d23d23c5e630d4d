import CreditProtocol
import Testing

@Suite struct ReplyFramingTests {
    /// protocol.md §5: the second word `*` and digits, and nothing else, opens a multi-line reply.
    @Test func followingLines_OnlyAfterStarAndDigits() {
        #expect(ReplyFraming.followingLines(after: "OK *3 C1") == 3)
        #expect(ReplyFraming.followingLines(after: "OK *0") == 0)
        #expect(ReplyFraming.followingLines(after: "OK *12 users") == 12)
        #expect(ReplyFraming.followingLines(after: "OK C1 available=1.00") == nil)
        #expect(ReplyFraming.followingLines(after: "ERR BAD *3") == nil)
        #expect(ReplyFraming.followingLines(after: "OK *x") == nil)
        #expect(ReplyFraming.followingLines(after: "OK *") == nil)
        #expect(ReplyFraming.followingLines(after: "OK *3x") == nil)
        #expect(ReplyFraming.followingLines(after: "OK *1234567890123456789") == nil)
        #expect(ReplyFraming.followingLines(after: "PONG") == nil)
    }

    @Test func reply_ReadsTheAnnouncedLinesOnly() {
        var lines = ["OK *2 users", "user a role=admin", "user b role=clerk", "PONG"][...]
        #expect(
            ReplyFraming.reply { lines.removeFirst() } == ["OK *2 users", "user a role=admin", "user b role=clerk"])
        #expect(ReplyFraming.reply { lines.removeFirst() } == ["PONG"])
    }

    @Test func replyWords_QuotesKeysAndEscapes() {
        let (words, closed) = ReplyWord.split(#"customer C1 name="Acme \"East\" \\ Ltd" empty= [order=<ref>]"#)
        #expect(closed)
        #expect(
            words == [
                ReplyWord(text: "customer", key: nil, value: "customer"),
                ReplyWord(text: "C1", key: nil, value: "C1"),
                ReplyWord(text: #"name="Acme \"East\" \\ Ltd""#, key: "name", value: #"Acme "East" \ Ltd"#),
                ReplyWord(text: "empty=", key: "empty", value: ""),
                ReplyWord(text: "[order=<ref>]", key: "[order", value: "<ref>]"),
            ])
        #expect(ReplyWord.split("a\tb").words.map(\.text) == ["a", "b"])
        #expect(ReplyWord.split(#"note="never closed"#).closed == false)
        #expect(ReplyWord.split(#"note="never closed"#).words.map(\.value) == ["never closed"])
    }
}

import Testing

@testable import CreditClient

@Suite struct ReplyFormatterTests {
    private let hold = try! ServerReply(lines: [
        "HOLD C1002 reasons=OVER_LIMIT available=200.00 exposure=4800.00 limit=5000.00 amount=500.00"
    ])

    @Test func notATerminal_PrintsTheLinesExactly() throws {
        let status = try ServerReply(lines: ["OK *2 C9", #"customer C9 name="A \"b\"" class=B"#, "credit state=OK"])
        let plain = ReplyFormatter(readable: false, colour: true)
        #expect(plain.format(status) == "OK *2 C9\n" + #"customer C9 name="A \"b\"" class=B"# + "\ncredit state=OK")
        #expect(plain.format(hold) == hold.lines[0])
    }

    @Test func readable_AlignsKeysAndUnquotes() throws {
        let status = try ServerReply(lines: ["OK *2 C9", #"customer C9 name="A \"b\" Ltd" class=B"#, "credit state=OK"])
        #expect(
            ReplyFormatter(readable: true, colour: false).format(status) == """
                OK C9
                customer C9
                  name   A "b" Ltd
                  class  B
                credit
                  state  OK
                """)
    }

    @Test func colour_GreenOKRedHoldAndErr() throws {
        let coloured = ReplyFormatter(readable: true, colour: true)
        #expect(coloured.format(hold).hasPrefix("\u{1B}[1;31mHOLD\u{1B}[0m C1002\n  reasons    OVER_LIMIT"))
        #expect(coloured.format(try ServerReply(lines: ["PONG"])) == "\u{1B}[1;32mPONG\u{1B}[0m")
        #expect(
            coloured.format(try ServerReply(lines: ["ERR BAD_VALUE amount=x is not money"]))
                == "\u{1B}[1;31mERR\u{1B}[0m BAD_VALUE amount=x is not money")
    }

    @Test func colour_OnlyOnATerminalWithoutNO_COLOR() {
        #expect(ReplyFormatter.forStandardOutput(isTerminal: true, environment: [:]).colour)
        #expect(!ReplyFormatter.forStandardOutput(isTerminal: true, environment: ["NO_COLOR": "1"]).colour)
        #expect(!ReplyFormatter.forStandardOutput(isTerminal: false, environment: [:]).readable)
    }

    @Test func proseLines_OfAMultiLineReply_AreShownAsTheyAre() throws {
        let help = try ServerReply(lines: ["OK *2 help", "PAY <customer> <amount> ref=<payment-ref>", "role: clerk"])
        #expect(
            ReplyFormatter(readable: true, colour: false).format(help)
                == "OK help\nPAY <customer> <amount> ref=<payment-ref>\nrole: clerk")
    }
}

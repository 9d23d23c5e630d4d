import CreditCommandLine
import Testing

@Suite struct CommandLineWordsTests {
    static func words(_ arguments: [String]) -> [CommandLineWords.Word] {
        var words = CommandLineWords(arguments)
        var result: [CommandLineWords.Word] = []
        while let (word, _) = words.next() { result.append(word) }
        return result
    }

    @Test func optionsOperandsAndTheEndOfOptions() {
        #expect(
            Self.words(["--listen", "--fsync=always", "-c", "-xyz", "-", "C1", "--", "--late", "-h"]) == [
                .long(name: "listen", inline: nil), .long(name: "fsync", inline: "always"), .short("c"), .short("xyz"),
                .operand("-"), .operand("C1"), .endOfOptions, .operand("--late"), .operand("-h"),
            ])
        #expect(
            Self.words(["--note=a=b", "--empty="]) == [
                .long(name: "note", inline: "a=b"), .long(name: "empty", inline: ""),
            ])
    }

    @Test func value_TakesTheNextWordOnlyWhenAccepted() {
        var words = CommandLineWords(["--data", "--weird", "-c", "-5", "--x"])
        #expect(words.next()?.word == .long(name: "data", inline: nil))
        #expect(words.value() == "--weird")
        #expect(words.next()?.text == "-c")
        #expect(words.value { !$0.hasPrefix("-") || Double($0) != nil } == "-5")
        #expect(words.value { !$0.hasPrefix("-") } == nil)
        #expect(words.next()?.word == .long(name: "x", inline: nil))
        #expect(words.value() == nil)
        #expect(words.next() == nil)
    }

    @Test func helpRows_WrapBesideOrBelowTheLabel() {
        #expect(HelpLayout.row("--port <port>", "The port.", width: 80) == "  --port <port>           The port.")
        #expect(
            HelpLayout.row("--a-very-long-label <value>", "Help.", width: 80) == "  --a-very-long-label <value>\n"
                + String(repeating: " ", count: 26) + "Help.")
        #expect(HelpLayout.wrap("one two three", width: 7) == ["one two", "three"])
        #expect(HelpLayout.row("-h", "", width: 80) == "  -h")
    }
}

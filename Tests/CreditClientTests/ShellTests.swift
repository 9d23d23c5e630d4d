import Testing
@testable import CreditClient

@Suite struct ShellTests {
    @Test func shellWords_LikeAPOSIXShell() throws {
        #expect(try ShellWords.split(#"customer C1 --name "Acme \"E\" Ltd""#) == ["customer", "C1", "--name", #"Acme "E" Ltd"#])
        #expect(try ShellWords.split("a 'b c' d\\ e \"\"") == ["a", "b c", "d e", ""])
        #expect(throws: ShellWords.UnterminatedQuote()) { try ShellWords.split(#"x "open"#) }
    }

    @Test func lowercaseSubcommand_RunsAsASubcommand_AnythingElseIsRaw() {
        #expect(Shell.interpret("check C1 100 --order O-7") == .request("CHECK C1 100 order=O-7"))
        #expect(Shell.interpret("pay C1 5 --ref P") == .request("PAY C1 5 ref=P"))
        #expect(Shell.interpret("CHECK C1 100 order=O-7") == .request("CHECK C1 100 order=O-7"))
        #expect(Shell.interpret("PAY C1 5 ref=P") == .request("PAY C1 5 ref=P"))
    }

    private func shown(_ line: String) -> String {
        guard case .output(let text) = Shell.interpret(line) else { return "(sent to the server)" }
        return text
    }

    @Test func helpAndMistakes_AreShownNotSent() {
        let rows = shown("help").split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("  check  ") && $0.hasSuffix("May we supply this customer, for this amount, now? Exit 0 OK, 1 HOLD.") })
        #expect(rows.contains { $0.hasPrefix("  worklist  ") })
        #expect(!shown("help").contains("bench"))
        #expect(!rows.contains { $0.hasPrefix("  import ") || $0.hasPrefix("  export ") }, "they are not one request")
        #expect(shown("check").hasPrefix("Error: Missing expected argument '<customer>'"))
        #expect(shown("help check").contains("USAGE: creditgate check <customer>"))
    }
}

import Testing

@testable import CreditClient

@Suite struct ShellTests {
    @Test func shellWords_LikeAPOSIXShell() throws {
        #expect(
            try ShellWords.split(#"customer C1 --name "Acme \"E\" Ltd""#) == [
                "customer", "C1", "--name", #"Acme "E" Ltd"#,
            ])
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
        #expect(
            rows.contains {
                $0.hasPrefix("  check  ")
                    && $0.hasSuffix("May we supply this customer, for this amount, now? Exit 0 OK, 1 HOLD.")
            })
        #expect(rows.contains { $0.hasPrefix("  worklist  ") })
        #expect(!shown("help").contains("bench"))
        #expect(!rows.contains { $0.hasPrefix("  import ") || $0.hasPrefix("  export ") }, "they are not one request")
        #expect(shown("check").hasPrefix("Error: Missing expected argument '<customer>'"))
        #expect(shown("help check").contains("USAGE: creditgate check <customer>"))
    }
}

@Suite struct HistoryFilterTests {
    @Test func linesCarryingASecret_AreNotKept() {
        let filter = HistoryFilter(secrets: ["s3cr3t-w0rd"])
        for line in [
            "AUTH admin x", "auth dana x", "  Auth dana x", "raw AUTH admin x", #"raw "AUTH admin x""#,
            "USER ADD dana role=clerk secret=abc", "CHECK C1 100 order=s3cr3t-w0rd", "note C1 --note s3cr3t-w0rd",
        ] {
            #expect(!filter.keeps(line), "\(line)")
        }
        for line in [
            "check C1 100", "USER ADD dana role=clerk", "STATUS AUTHOR", "raw PING", "note C1 --note authorised",
        ] {
            #expect(filter.keeps(line), "\(line)")
        }
        #expect(HistoryFilter(secrets: [""]).keeps("PING"), "an empty secret matches nothing")
    }

    @Test func editingState_NeverRecordsNorLoadsThem() {
        var state = LineEditingState(
            history: ["PING", "AUTH admin old", "check C1"], filter: HistoryFilter(secrets: ["pw"]))
        #expect(state.history == ["PING", "check C1"])
        for key in LineEditingStateTests.type("AUTH admin pw") + [.enter] { _ = state.apply(key) }
        for key in LineEditingStateTests.type("raw CHECK C1 pw") + [.enter] { _ = state.apply(key) }
        for key in LineEditingStateTests.type("status C1") + [.enter] { _ = state.apply(key) }
        #expect(state.history == ["PING", "check C1", "status C1"])
        _ = state.apply(.up)
        _ = state.apply(.up)
        #expect(state.text == "check C1")
    }
}

@Suite struct ShellSignInTests {
    @Test func anAUTHLine_GivesTheUserAndSecretToSignInAgainWith() {
        #expect(Shell.signIn(in: "AUTH dana pw1")! == ("dana", "pw1"))
        #expect(Shell.signIn(in: #"auth dana "two words""#)! == ("dana", "two words"))
        #expect(Shell.signIn(in: "AUTH dana") == nil)
        #expect(Shell.signIn(in: "CHECK C1 100") == nil)
    }

    @Test func keepOut_ForgetsLinesWithANewSecret() {
        var state = LineEditingState(history: ["PING", "CHECK C1 1 order=pw2", "status C1"])
        state.keepOut(secret: "pw2")
        #expect(state.history == ["PING", "status C1"])
        for key in LineEditingStateTests.type("note C1 --note pw2") + [.enter] { _ = state.apply(key) }
        #expect(state.history == ["PING", "status C1"])
    }
}

@Suite struct ShellCSVTests {
    @Test func csvFlag_InTheShell_AsksForTheListingAsCSV() {
        #expect(Shell.interpret("worklist --csv") == .csv("WORKLIST", pairs: false))
        #expect(Shell.interpret("policy show --csv") == .csv("POLICY", pairs: true))
        #expect(Shell.interpret("worklist") == .request("WORKLIST"))
    }
}

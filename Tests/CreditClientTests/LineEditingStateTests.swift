import Testing

@testable import CreditClient

@Suite struct LineEditingStateTests {
    /// Keys for typing `text` one scalar at a time.
    static func type(_ text: String) -> [KeyEvent] {
        text.unicodeScalars.map { .character($0) }
    }

    struct Example: Sendable, CustomTestStringConvertible {
        let name: String
        var history: [String] = []
        let keys: [KeyEvent]
        let text: String
        let cursor: Int
        var outcome: LineEditingState.Outcome = .editing
        var testDescription: String { name }
    }

    static let examples: [Example] = [
        Example(name: "typing appends", keys: type("check C1"), text: "check C1", cursor: 8),
        Example(
            name: "insert in the middle", keys: type("chck") + [.left, .left] + type("e"), text: "check", cursor: 3),
        Example(
            name: "backspace deletes before the cursor", keys: type("abc") + [.left, .backspace], text: "ac", cursor: 1),
        Example(
            name: "backspace at start does nothing", keys: type("ab") + [.home, .backspace], text: "ab", cursor: 0),
        Example(name: "delete removes under the cursor", keys: type("abc") + [.home, .delete], text: "bc", cursor: 0),
        Example(name: "delete at end does nothing", keys: type("abc") + [.delete], text: "abc", cursor: 3),
        Example(name: "left stops at start", keys: type("ab") + [.left, .left, .left], text: "ab", cursor: 0),
        Example(name: "right stops at end", keys: type("ab") + [.home, .right, .right, .right], text: "ab", cursor: 2),
        Example(
            name: "home and end", keys: type("abc") + [.home] + type("<") + [.end] + type(">"), text: "<abc>", cursor: 5
        ),
        Example(
            name: "ctrl-u deletes to start", keys: type("hello world") + [.left, .left, .left, .deleteToStart],
            text: "rld", cursor: 0),
        Example(name: "ctrl-u at end clears the line", keys: type("hello") + [.deleteToStart], text: "", cursor: 0),
        Example(
            name: "ctrl-c clears the line", keys: type("oops") + [.interrupt], text: "", cursor: 0,
            outcome: .interrupted),
        Example(
            name: "ctrl-d on empty line is end of input", keys: [.endOfFile], text: "", cursor: 0, outcome: .endOfFile),
        Example(name: "ctrl-d on text deletes forward", keys: type("ab") + [.home, .endOfFile], text: "b", cursor: 0),
        Example(
            name: "enter submits and resets", keys: type("ping") + [.left, .enter], text: "", cursor: 0,
            outcome: .submitted("ping")),
        Example(
            name: "enter on empty line submits empty", keys: [.enter], text: "", cursor: 0, outcome: .submitted("")),
        Example(
            name: "multi-scalar UTF-8 stays whole", keys: type("Zürich €5") + [.left, .backspace], text: "Zürich 5",
            cursor: 7),
        Example(name: "emoji is one step", keys: type("a🙂b") + [.left, .backspace], text: "ab", cursor: 1),
        Example(name: "up recalls the newest entry", history: ["one", "two"], keys: [.up], text: "two", cursor: 3),
        Example(name: "up twice recalls older", history: ["one", "two"], keys: [.up, .up], text: "one", cursor: 3),
        Example(
            name: "up stops at the oldest", history: ["one", "two"], keys: [.up, .up, .up], text: "one", cursor: 3),
        Example(
            name: "down returns to the draft", history: ["one"], keys: type("dra") + [.up, .down], text: "dra",
            cursor: 3),
        Example(
            name: "down without browsing does nothing", history: ["one"], keys: type("x") + [.down], text: "x",
            cursor: 1),
        Example(name: "up on empty history does nothing", keys: type("x") + [.up], text: "x", cursor: 1),
        Example(
            name: "recalled entry can be edited and submitted", history: ["check C1"],
            keys: [.up, .backspace] + type("2") + [.enter], text: "", cursor: 0, outcome: .submitted("check C2")),
    ]

    @Test(arguments: examples)
    func apply(_ example: Example) {
        var state = LineEditingState(history: example.history)
        var outcome = LineEditingState.Outcome.editing
        for key in example.keys {
            outcome = state.apply(key)
        }
        #expect(state.text == example.text)
        #expect(state.cursor == example.cursor)
        #expect(outcome == example.outcome)
    }

    @Test func submit_RecordsHistory_SkippingBlankLinesAndRepeats() {
        var state = LineEditingState()
        for line in ["ping", "ping", "  ", "", "stats", "ping"] {
            for key in Self.type(line) { _ = state.apply(key) }
            #expect(state.apply(.enter) == .submitted(line))
        }
        #expect(state.history == ["ping", "stats", "ping"])
    }

    @Test func submit_ForgetsOldestBeyondLimit() {
        var state = LineEditingState(history: ["a", "b", "c"], historyLimit: 3)
        for key in Self.type("d") + [.enter] { _ = state.apply(key) }
        #expect(state.history == ["b", "c", "d"])
        #expect(LineEditingState(history: ["a", "b", "c", "d"], historyLimit: 2).history == ["c", "d"])
    }

    @Test func browsingHistory_RestartsAfterSubmit() {
        var state = LineEditingState(history: ["one", "two"])
        for key: KeyEvent in [.up, .up, .enter, .up] { _ = state.apply(key) }
        #expect(state.history == ["one", "two", "one"])
        #expect(state.text == "one")
    }

    @Test func interrupt_DiscardsDraftAndHistoryPosition() {
        var state = LineEditingState(history: ["one", "two"])
        for key in Self.type("draft") + [.up, .up, .interrupt, .down] { _ = state.apply(key) }
        #expect(state.text == "")
        #expect(state.apply(.up) == .editing)
        #expect(state.text == "two")
    }

    @Test func redraw_RepaintsLineAndPlacesCursor() {
        var state = LineEditingState()
        for key in Self.type("añb") + [.left] { _ = state.apply(key) }
        #expect(LineEditor.redraw(prompt: "cg> ", state: state) == "\rcg> añb\u{1B}[K\r\u{1B}[6C")
        #expect(LineEditor.redraw(prompt: "", state: LineEditingState()) == "\r\u{1B}[K\r")
    }
}

import CreditBench
import CreditClient
import Testing

/// `creditgate bench` as the executable wires it: an extension of ``ClientTool``.
@Suite struct BenchCommandTests {
    @Test func bench_IsListedAndParsed_ButIsNotOneRequest() throws {
        guard case .help(let help) = try ClientTool.parse(["--help"], extensions: [Bench.command]),
            case .command(let command) = try ClientTool.parse(["bench", "-c", "4"], extensions: [Bench.command])
        else {
            Issue.record("--help shows text; bench -c 4 is a command")
            return
        }
        #expect(help.contains("\n  bench "))
        #expect(command.path == ["bench"])
        #expect(command.integer("connections") == 4)
        #expect(try ClientTool.request(for: command) == nil)
    }

    @Test func benchOptionsOutOfRange_AreUsageErrors_WithTheBenchsUsage() {
        let error = #expect(throws: ArgumentError.self) {
            try ClientTool.parse(["bench", "-c", "0"], extensions: [Bench.command])
        }
        #expect(error?.message == "The value '0' for '-c' must be in 1...100000")
        #expect(error?.usage == "creditgate bench [<options>]")
        #expect(throws: ArgumentError.self) { try ClientTool.parse(["bench"]) }
    }
}

import Testing

/// `nc` is a valid client (DOMAIN.md): the README's one-liner, exactly.
@Suite struct NetcatTests {
    /// netcat-openbsd: -N shuts the write side at EOF, so the server answers and
    /// closes. (`-q 1` works from a shell but not here: it relies on SIGALRM,
    /// which a child of the test runner may inherit blocked.)
    @Test func readmeOneLiner_PrintsTheCheckReply() throws {
        let server = try ServerProcess(["--demo"])
        let result = try ScriptProcess.run(["sh", "-c", "printf 'CHECK C1001 100\\n' | nc -N 127.0.0.1 \(server.port)"])
        #expect(result.output == "OK C1001 available=7500.00 exposure=2500.00\n")
        #expect(result.status == 0)
    }

    @Test func pipelinedLines_AreAnsweredInOrder_ThenTheServerCloses() throws {
        let server = try ServerProcess(["--demo"])
        let result = try ScriptProcess.run([
            "sh", "-c", "printf 'PING\\nCHECK C1003 100\\nHELP PING\\n' | nc -N 127.0.0.1 \(server.port)",
        ])
        #expect(
            result.output == """
                PONG
                HOLD C1003 reasons=OVERDUE available=18800.00 exposure=1200.00 limit=20000.00 amount=100.00 overdue_days=50 oldest=INV-1003-1
                OK *1 help
                verb name="PING" syntax="PING" role=anyone summary="Answers PONG."

                """)
    }
}

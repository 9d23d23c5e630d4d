import Testing

@testable import CreditClient

@Suite struct ServerReplyTests {
    @Test func status_AndExitCode() throws {
        #expect(try ServerReply(lines: ["OK C1 available=1.00"]).exitCode == 0)
        #expect(try ServerReply(lines: ["PONG"]).exitCode == 0)
        #expect(try ServerReply(lines: ["HOLD C1 reasons=MANUAL"]).exitCode == 1)
        #expect(try ServerReply(lines: ["ERR UNKNOWN_CUSTOMER C9 is not a customer"]).exitCode == 1)
        #expect(try ServerReply(lines: ["OK *2 users", "user a role=admin", "user b role=clerk"]).lines.count == 3)
    }

    @Test func somethingElse_IsAProtocolFailure() {
        #expect(throws: ClientError.protocolViolation("unexpected reply '+OK'")) { try ServerReply(lines: ["+OK"]) }
        #expect(ClientError.protocolViolation("x").exitCode == 2)
        #expect(ClientError.configuration("x").exitCode == 78)
    }
}

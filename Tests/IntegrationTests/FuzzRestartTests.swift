import Foundation
import Glibc
import Testing

/// Seeded fuzzed lines to the real server, signed in as admin, pipelined: every line gets
/// exactly one well-formed reply and the server stays up; after each batch, SIGKILL and a restart
/// give back the same state (STATUS of every customer the lines name, USER LIST, POLICY).
@Suite struct FuzzRestartTests {
    static let clock = "2026-03-02T09:00:00Z"
    static let customers = ["C1001", "C1002", "C1003", "C1004", "C1005", "F1", "F2"]
    static let tokens = [
        "CHECK", "check", "STATUS", "PAY", "INVOICE", "BLOCK", "UNBLOCK", "OVERRIDE", "CONFIRM", "REVOKE", "CUSTOMER",
        "CREDIT", "DISPUTE", "RESOLVE", "PROMISE", "PLAN", "STAGE", "NOTE", "GUARANTEE", "RELEASE", "INSTRUMENT",
        "CLEARED", "BOUNCED", "HISTORY", "AGING", "BLOCKED", "WATCH", "WORKLIST", "POLICY", "SNAPSHOT", "PING", "HELP",
        "USER", "ADD", "LIST", "ORDER",
        "C1001", "C1002", "C1003", "C1004", "C1005", "F1", "F2", "I-1", "I-2", "INV/2026/00017", "OV-1", "CHQ-1", "G-1",
        "10", "0", "12.34", "-5", "1e3", "999999999999.99", "2026-02-28", "2026-02-29", "2026-03-01T10:00:00Z",
        "2h", "0m", "7d", "8d", "reminder", "agency",
        "ref=R1", "ref=R2", "ref=", "order=SO-1", "order=SO-2", "note=\"x\"", "note=\"", "note=\"a\\\"b\"",
        "reason=FRAUD", "for=2h", "amount=5", "uses=2", "by=admin", "via=phone", "limit=100", "limit=5000",
        "terms=30", "class=A", "strategic=yes", "name=\"Ütf 8\"", "date=2026-01-01", "due=2026-01-31",
        "role=clerk", "total=10", "instalments=2", "every=30d", "first=2026-04-01", "channel=call",
        "=", "\"", "\\", "a=b=c", "\"quoted words\"", "é", "\u{1F4B0}",
    ]

    @Test(arguments: [0x5EED_0001, 0x5EED_0002] as [UInt64])
    func fuzzedLines_EachGetOneReply_AndSIGKILLKeepsTheState(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let server = try ServerProcess(["--demo", "--test-clock"])
        for batch in 0..<4 {
            let admin = try server.admin()
            try admin.expect("CLOCK SET \(FuzzRestartTests.clock)", "OK clock=\(FuzzRestartTests.clock) today=2026-03-02")
            let lines = (0..<500).map { _ in FuzzRestartTests.line(&random) }
            try admin.send(raw: Array(lines.joined(separator: [0x0A])) + [0x0A])
            for (index, line) in lines.enumerated() {
                let reply = try admin.readReply()
                let status = reply[0].split(separator: " ").first.map(String.init) ?? ""
                guard ["OK", "HOLD", "PONG", "ERR"].contains(status) else {
                    Issue.record("seed \(seed) batch \(batch) line \(index) \(line.debugDescription): \(reply)")
                    return
                }
            }
            try admin.expect("PING", "PONG")
            let before = try FuzzRestartTests.state(via: admin)
            try server.restart()
            let after = try server.admin()
            try after.expect("CLOCK SET \(FuzzRestartTests.clock)", "OK clock=\(FuzzRestartTests.clock) today=2026-03-02")
            let restored = try FuzzRestartTests.state(via: after)
            for (what, reply) in before where restored[what] != reply {
                Issue.record("seed \(seed) batch \(batch): \(what) was \(reply), after SIGKILL \(restored[what] ?? [])")
            }
        }
    }

    /// Words from the grammar, sometimes with a stray byte, or random bytes; never a newline,
    /// never QUIT or AUTH (they would end the session the batch runs in).
    static func line(_ random: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        if random.next() % 5 == 0 {
            for _ in 0..<(random.next() % 40) { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
        } else {
            for position in 0..<(1 + random.next() % 8) {
                if position > 0 { bytes.append(random.next() % 8 == 0 ? 0x09 : 0x20) }
                bytes += Array(tokens[Int(random.next() % UInt64(tokens.count))].utf8)
                if random.next() % 40 == 0 { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            }
        }
        return bytes.filter { $0 != 0x0A }
    }

    static func state(via client: TestClient) throws -> [String: [String]] {
        var state: [String: [String]] = [:]
        for customer in customers { state[customer] = try client.reply("STATUS \(customer)") }
        state["users"] = try client.reply("USER LIST")
        state["policy"] = try client.reply("POLICY")
        return state
    }
}

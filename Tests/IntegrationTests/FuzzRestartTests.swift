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
        var random = SplitMix64(seed: seed)
        let server = try ServerProcess(["--demo", "--test-clock"])
        var changed = 0
        for batch in 0..<4 {
            let admin = try server.admin()
            try admin.expect(
                "CLOCK SET \(FuzzRestartTests.clock)", "OK clock=\(FuzzRestartTests.clock) today=2026-03-02")
            let lines = (0..<500).map { _ in FuzzRestartTests.line(&random) }
            try admin.send(raw: Array(lines.joined(separator: [0x0A])) + [0x0A])
            for (index, line) in lines.enumerated() {
                let reply = try admin.readReply()
                let status = reply[0].split(separator: " ").first.map(String.init) ?? ""
                guard ["OK", "HOLD", "PONG", "ERR"].contains(status) else {
                    Issue.record("seed \(seed) batch \(batch) line \(index) \(line.debugDescription): \(reply)")
                    return
                }
                if status == "OK", let verb = line.split(separator: 0x20).first,
                    FuzzRestartTests.changes.contains(String(decoding: verb, as: UTF8.self))
                {
                    changed += 1
                }
            }
            try admin.expect("PING", "PONG")
            let before = try FuzzRestartTests.state(via: admin)
            try server.restart()
            let after = try server.admin()
            try after.expect(
                "CLOCK SET \(FuzzRestartTests.clock)", "OK clock=\(FuzzRestartTests.clock) today=2026-03-02")
            let restored = try FuzzRestartTests.state(via: after)
            for (what, reply) in before where restored[what] != reply {
                Issue.record("seed \(seed) batch \(batch): \(what) was \(reply), after SIGKILL \(restored[what] ?? [])")
            }
        }
        #expect(changed > 200, "only \(changed) changes were accepted")
    }

    /// Verbs whose OK is a change to compare after the restart.
    static let changes: Set<String> = [
        "PAY", "INVOICE", "BLOCK", "UNBLOCK", "OVERRIDE", "CONFIRM", "REVOKE", "CUSTOMER",
        "CREDIT", "DISPUTE", "RESOLVE", "PROMISE", "PLAN", "STAGE", "NOTE", "GUARANTEE",
        "RELEASE", "INSTRUMENT", "CLEARED", "BOUNCED", "USER", "CHECK",
    ]

    /// A request of the grammar with odd but plausible arguments (half the lines), words from the
    /// grammar with a stray byte now and then, or random bytes; never a newline, never QUIT or
    /// AUTH (they would end the session the batch runs in).
    static func line(_ random: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        switch random.next() % 4 {
        case 0:
            for _ in 0..<(random.next() % 40) { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
        case 1:
            for position in 0..<(1 + random.next() % 8) {
                if position > 0 { bytes.append(random.next() % 8 == 0 ? 0x09 : 0x20) }
                bytes += Array(pick(tokens, &random).utf8)
                if random.next() % 40 == 0 { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            }
        default:
            bytes = Array(request(&random).utf8)
        }
        return bytes.filter { $0 != 0x0A }
    }

    static func pick(_ choices: [String], _ random: inout SplitMix64) -> String {
        choices[Int(random.next() % UInt64(choices.count))]
    }

    static func request(_ random: inout SplitMix64) -> String {
        let customer = pick(customers, &random)
        let money = pick(["1", "10.50", "250", "999.99", "0.01", "5000", "0", "12.345"], &random)
        let invoice = "I-\(random.next() % 10)"
        let ref = "R-\(random.next() % 20)"
        let order = "O-\(random.next() % 10)"
        let note = pick(["x", "called, will pay", "Ütf 8 \\\"q\\\"", " "], &random)
        let day = 10 + random.next() % 19
        let templates = [
            "CUSTOMER \(customer) limit=\(money) terms=\(random.next() % 90) class=\(pick(["A", "B", "C", "D", "E"], &random))",
            "INVOICE \(customer) \(invoice) \(money)",
            "INVOICE \(customer) \(invoice) \(money) date=2026-01-\(day) due=2026-02-\(day)",
            "PAY \(customer) \(money) ref=\(ref)",
            "CREDIT \(customer) \(ref) \(money)",
            "BLOCK \(customer) reason=FUZZ note=\"\(note)\"",
            "UNBLOCK \(customer) note=\"\(note)\"",
            "CHECK \(customer) \(money) order=\(order)",
            "RELEASE ORDER \(order)",
            "NOTE \(customer) channel=call note=\"\(note)\"",
            "DISPUTE \(customer) \(invoice) note=\"\(note)\"",
            "RESOLVE \(customer) \(invoice) note=\"\(note)\"",
            "PROMISE \(customer) \(money) by=2026-03-\(day) note=\"\(note)\"",
            "GUARANTEE \(customer) G\(ref) \(money)",
            "RELEASE G\(ref)",
            "INSTRUMENT \(customer) Q\(ref) \(money) due=2026-03-\(day)",
            "CLEARED Q\(ref)",
            "BOUNCED Q\(ref)",
            "STAGE \(customer) \(pick(["none", "reminder", "agency"], &random)) note=\"\(note)\"",
            "OVERRIDE \(customer) for=2h amount=\(money) note=\"\(note)\"",
            "PLAN \(customer) total=\(money) instalments=2 every=30d first=2026-04-01 note=\"\(note)\"",
            "SNAPSHOT",
        ]
        return pick(templates, &random)
    }

    static func state(via client: TestClient) throws -> [String: [String]] {
        var state: [String: [String]] = [:]
        for customer in customers { state[customer] = try client.reply("STATUS \(customer)") }
        state["users"] = try client.reply("USER LIST")
        state["policy"] = try client.reply("POLICY")
        return state
    }
}

import Dispatch
import Foundation
import Synchronization
import Testing

/// Many clients at once: every acknowledged write is in the final state, and
/// nothing else is; pipelined requests are answered in order.
@Suite struct ConcurrencyTests {
    static func money(_ cents: Int) -> String {
        "\(cents / 100)." + (cents % 100 < 10 ? "0" : "") + "\(cents % 100)"
    }

    /// What the threads saw, written under the lock by any of them.
    final class Ledger: Sendable {
        struct State {
            var paid: [String: Int] = [:]
            var failures: [String] = []
        }

        let state = Mutex(State())

        func acknowledge(_ customer: String, cents: Int) {
            state.withLock { $0.paid[customer, default: 0] += cents }
        }

        func fail(_ text: String) {
            state.withLock { $0.failures.append(text) }
        }
    }

    @Test func twoHundredConnections_MixedReadsAndWrites_FinalStateMatchesTheAcknowledgedWrites() throws {
        let server = try ServerProcess()
        let admin = try server.admin()
        let customers = (0..<5).map { "K\($0)" }
        let invoiceCents = 5_000_000
        for customer in customers {
            try admin.expect("CUSTOMER \(customer) limit=1000000 note=fixture", "OK \(customer) created")
            try admin.expect(
                "INVOICE \(customer) INV-\(customer) \(ConcurrencyTests.money(invoiceCents)) date=2026-01-01 due=2099-12-31",
                startsWith: "OK \(customer) invoice=INV-\(customer) ")
        }
        let secret = try admin.addUser("busy-clerk", role: "clerk")

        let threads = 200
        let port = server.port
        let seen = Ledger()
        let ready = DispatchGroup()
        let done = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for thread in 0..<threads {
            ready.enter()
            done.enter()
            Thread {
                defer { done.leave() }
                let client: TestClient
                do {
                    client = try TestClient(port: port)
                    let signedIn = try client.request("AUTH busy-clerk \(secret)")
                    guard signedIn == "OK busy-clerk role=clerk" else { throw TestFailure("AUTH: \(signedIn)") }
                } catch {
                    seen.fail("thread \(thread) connect: \(error)")
                    ready.leave()
                    return
                }
                ready.leave()
                start.wait()
                let customer = customers[thread % customers.count]
                let other = customers[(thread + 1) % customers.count]
                do {
                    for step in 0..<10 {
                        let cents = (thread * 7 + step * 13) % 500 + 1
                        let ref = "T\(thread)-\(step)"
                        let reply = try client.request("PAY \(customer) \(ConcurrencyTests.money(cents)) ref=\(ref)")
                        let expected =
                            "OK \(customer) ref=\(ref) paid=\(ConcurrencyTests.money(cents)) settled=INV-\(customer):\(ConcurrencyTests.money(cents)) unapplied=0.00"
                        if reply == expected {
                            seen.acknowledge(customer, cents: cents)
                        } else {
                            seen.fail("\(ref): \(reply)")
                        }
                        if step == 0 {
                            // A repeated ref changes nothing and answers the same.
                            let again = try client.request(
                                "PAY \(customer) \(ConcurrencyTests.money(cents)) ref=\(ref)")
                            if again != reply { seen.fail("\(ref) repeated: \(again)") }
                        }
                        let check = try client.request("CHECK \(other) 1")
                        if !check.hasPrefix("OK \(other) available=") { seen.fail("CHECK \(other): \(check)") }
                    }
                } catch {
                    seen.fail("thread \(thread): \(error)")
                }
            }.start()
        }
        #expect(ready.wait(timeout: .now() + 60) == .success, "threads did not connect in time")
        for _ in 0..<threads { start.signal() }
        #expect(done.wait(timeout: .now() + 120) == .success, "threads did not finish in time")

        let state = seen.state.withLock { $0 }
        #expect(state.failures.isEmpty, "\(state.failures.prefix(10))")
        #expect(state.paid.values.reduce(0, +) > 0)
        func expectFinalState(_ client: TestClient) throws {
            for customer in customers {
                let exposure = invoiceCents - state.paid[customer, default: 0]
                try client.expect(
                    "CHECK \(customer) 0",
                    "OK \(customer) available=\(ConcurrencyTests.money(100_000_000 - exposure)) exposure=\(ConcurrencyTests.money(exposure))"
                )
                let status = try client.reply("STATUS \(customer)")
                #expect(
                    status.contains(
                        "invoice INV-\(customer) amount=\(ConcurrencyTests.money(invoiceCents)) open=\(ConcurrencyTests.money(exposure)) date=2026-01-01 due=2099-12-31 days_past_due=0"
                    ),
                    "\(status)")
            }
        }
        try expectFinalState(admin)
        // Acknowledged means durable: the same after SIGKILL.
        try server.restart()
        try expectFinalState(try server.admin())
    }

    @Test func thousandPipelinedRequests_InOneWrite_AreAnsweredInOrder() throws {
        let server = try ServerProcess(["--demo"])
        let client = try server.connect()
        var requests: [String] = []
        var expected: [[String]] = []
        for index in 1...1000 {
            switch index {
            case _ where index % 100 == 0:
                requests.append("HELP PING")
                expected.append(["OK *1 help", #"verb name="PING" syntax="PING" role=anyone summary="Answers PONG.""#])
            case _ where index % 7 == 0:
                requests.append("PING")
                expected.append(["PONG"])
            case _ where index % 11 == 0:
                requests.append("CHECK C9999 \(index)")
                expected.append(["ERR UNKNOWN_CUSTOMER C9999 is not a customer"])
            default:
                // The amount makes each reply different, so order shows.
                requests.append("CHECK C1002 \(index)")
                expected.append([
                    index <= 200
                        ? "OK C1002 available=200.00 exposure=4800.00"
                        : "HOLD C1002 reasons=OVER_LIMIT available=200.00 exposure=4800.00 limit=5000.00 amount=\(index).00"
                ])
            }
        }
        let replies = try client.send(batch: requests)
        if let index = expected.indices.first(where: { replies[$0] != expected[$0] }) {
            Issue.record("request \(index + 1) '\(requests[index])': \(replies[index]), expected \(expected[index])")
        }
        try client.expect("PING", "PONG")
    }
}

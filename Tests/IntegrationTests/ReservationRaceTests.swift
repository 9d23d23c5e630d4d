import Dispatch
import Foundation
import Synchronization
import Testing

/// Two terminals, over eight connections (half of them pipelining), race for the same available credit
/// with `CHECK <customer> <amount> order=<unique>`: a CHECK that passes
/// reserves its amount, so the OK answers never promise more than there was,
/// and STATUS then shows exactly the reservations that got OK.
@Suite struct ReservationRaceTests {
    /// What one CHECK asked and what it got.
    struct Answer: Sendable {
        let order: String
        let amount: Int  // in cents
        let reply: String
    }

    final class Answers: Sendable {
        let all = Mutex<[Answer]>([])
        let failures = Mutex<[String]>([])
    }

    static let connections = 8
    static let checksPerConnection = 25
    static let limit = 10_000_00

    static func cents(_ value: Int) -> String { "\(value / 100).\(String(format: "%02d", value % 100))" }

    @Test func racingChecks_NeverReserveMoreThanIsAvailable() throws {
        let server = try ServerProcess()
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1 limit=\(Self.cents(Self.limit))", "OK C1 created")
        var secrets: [(String, String)] = []
        for name in ["pos1", "pos2"] {
            secrets.append((name, try admin.addUser(name, role: "terminal")))
        }

        let port = server.port
        let answers = Answers()
        let ready = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for index in 0..<Self.connections {
            let (name, secret) = secrets[index % secrets.count]
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                do {
                    let client = try TestClient(port: port)
                    let signedIn = try client.request("AUTH \(name) \(secret)")
                    guard signedIn == "OK \(name) role=terminal" else { throw TestFailure("AUTH answered \(signedIn)") }
                    ready.signal()
                    go.wait()
                    let asks = (0..<Self.checksPerConnection).map { number in
                        // Amounts from 100.00 to 999.99:
                        ("SO-\(index)-\(number)", 100_00 + (index * 7919 + number * 104_729) % 900_00)
                    }
                    // Odd connections ask one at a time; even ones pipeline all their CHECKs at once,
                    // so many land in one turn of the server's loop (one group commit).
                    if index % 2 == 0 {
                        try client.connection.send(asks.map { "CHECK C1 \(Self.cents($0.1)) order=\($0.0)\n" }.joined())
                    }
                    for (order, amount) in asks {
                        let reply =
                            index % 2 == 0
                            ? try client.readLine()
                            : try client.request("CHECK C1 \(Self.cents(amount)) order=\(order)")
                        answers.all.withLock { $0.append(Answer(order: order, amount: amount, reply: reply)) }
                    }
                } catch {
                    ready.signal()
                    answers.failures.withLock { $0.append("connection \(index): \(error)") }
                }
            }
            thread.start()
        }
        for _ in 0..<Self.connections { ready.wait() }
        for _ in 0..<Self.connections { go.signal() }
        #expect(done.wait(timeout: .now() + 60) == .success)

        #expect(answers.failures.withLock { $0 } == [])
        let all = answers.all.withLock { $0 }
        #expect(all.count == Self.connections * Self.checksPerConnection)
        let granted = all.filter { $0.reply.hasPrefix("OK C1 available=") }
        let refused = all.filter { $0.reply.hasPrefix("HOLD C1 reasons=OVER_LIMIT ") }
        #expect(
            granted.count + refused.count == all.count,
            "\(all.filter { !$0.reply.hasPrefix("OK") && !$0.reply.hasPrefix("HOLD") }.map(\.reply))")
        let reserved = granted.reduce(0) { $0 + $1.amount }
        #expect(reserved <= Self.limit)
        #expect(!granted.isEmpty && !refused.isEmpty)
        // Each OK saw enough credit for its own amount.
        for answer in granted {
            let words = answer.reply.split(separator: " ")
            let available =
                words.first { $0.hasPrefix("available=") }
                .flatMap { Int($0.dropFirst(10).replacingOccurrences(of: ".", with: "")) } ?? -1
            #expect(available >= answer.amount, "\(answer.order) \(answer.amount): \(answer.reply)")
        }
        // No order was refused while its amount would still have fitted at the end:
        // the smallest refused amount is more than what is left.
        if let smallest = refused.map(\.amount).min() {
            #expect(smallest > Self.limit - reserved)
        }

        // STATUS shows exactly the reservations that got OK.
        let expectedCheck =
            reserved == 0
            ? "OK C1 available=\(Self.cents(Self.limit)) exposure=0.00"
            : "OK C1 available=\(Self.cents(Self.limit - reserved)) exposure=0.00 reserved=\(Self.cents(reserved))"
        let terminal = try server.connect()
        try terminal.expect("CHECK C1", expectedCheck)
        func orders(_ status: [String]) -> [String: String] {
            var orders: [String: String] = [:]
            for line in status where line.hasPrefix("order ") {
                let words = line.split(separator: " ")
                orders[String(words[1])] = String(words[2])
            }
            return orders
        }
        let wanted = Dictionary(uniqueKeysWithValues: granted.map { ($0.order, "amount=\(Self.cents($0.amount))") })
        let status = try admin.reply("STATUS C1")
        #expect(orders(status) == wanted)
        #expect(status.contains { $0.contains(" reserved=\(Self.cents(reserved))") })

        // The reservations were journaled: the same after SIGKILL.
        try server.restart()
        let again = try server.admin()
        #expect(orders(try again.reply("STATUS C1")) == wanted)
        try server.connect().expect("CHECK C1", expectedCheck)
    }
}

import CreditNet
import Foundation
import Glibc
import Testing

/// Clients that send without reading (once, one 64 KB burst of HELP pinned 18.6 MB per
/// connection, 300 of them 5.6 GB, and another client's CHECK waited 20–45 s). Past
/// `--output-limit` of unsent replies a connection is answered no further and not read until it
/// drains (protocol.md §3), so its memory stays bounded and everyone else is served.
@Suite struct FloodTests {
    /// A connection that only writes, as fast as the kernel takes bytes, never reading.
    final class Flooder {
        let fd: Int32
        var sent = 0

        init(port: UInt16) throws {
            fd = try Socket.connect(to: SocketAddress(host: "127.0.0.1", port: port), timeout: .seconds(10))
        }

        deinit {
            Glibc.close(fd)
        }

        /// Sends what the socket takes now, without waiting; false once it takes nothing.
        func push(_ bytes: [UInt8]) -> Bool {
            let count = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            }
            if count > 0 { sent += count }
            return count > 0
        }

        /// Waits, without reading, until the server has closed the connection: the close of a
        /// socket with unread bytes resets it, which poll reports as an error or hang-up.
        func waitUntilReset(within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                var entry = pollfd(fd: fd, events: 0, revents: 0)
                if Glibc.poll(&entry, 1, 20) > 0, entry.revents & Int16(POLLERR | POLLHUP) != 0 { return true }
            }
            return false
        }
    }

    @Test func floodingClients_PinAtMostTheLimitEach_AndAnotherClientIsAnswered() throws {
        let server = try ServerProcess(["--demo", "--output-limit", "65536"])
        let other = try server.connect()
        try other.expect("CHECK C1001 100", HostileClientTests.checkC1001)
        _ = try other.reply("HELP")
        let before = try server.residentKilobytes()
        let flooders = try (0..<8).map { _ in try Flooder(port: server.port) }
        // 64 KB of unsigned HELP, each answered with the whole verb table (~3 KB): without the
        // limit one burst is ~40 MB of replies.
        let burst = Array(String(repeating: "HELP\n", count: 13_107).utf8)
        var slowest = 0.0
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            for flooder in flooders { _ = flooder.push(burst) }
            let asked = Date()
            try other.expect("CHECK C1001 100", HostileClientTests.checkC1001)
            slowest = max(slowest, Date().timeIntervalSince(asked))
        }
        let grown = try server.residentKilobytes() - before
        let sent = flooders.reduce(0) { $0 + $1.sent }
        #expect(sent > 8 * 65_536, "the flood sent only \(sent) bytes")
        // 8 × (64 KB of replies + one reply + 64 KB of input) is about 1.1 MB; allow for the allocator.
        #expect(grown < 32 * 1024, "the server grew by \(grown) KiB under the flood")
        #expect(slowest < 1, "another client's CHECK took \(slowest) s during the flood")
    }

    /// A client past the limit is held, not cut off: once it reads, every reply comes, in order.
    @Test func heldClient_GetsEveryReply_InOrder_WhenItReads() throws {
        let server = try ServerProcess(["--demo", "--output-limit", "65536"])
        let client = try server.connect()
        let pairs = 3000
        // ~45 KB of requests (they fit the server's input buffer), ~150 KB of replies.
        try client.send(String(repeating: "HELP PING\nPING\n", count: pairs) + "CHECK C1001 100")
        let other = try server.connect()
        try other.expect("CHECK C1001 100", HostileClientTests.checkC1001)
        for index in 0..<pairs {
            let help = try client.readReply()
            let pong = try client.readLine()
            guard help == ["OK *1 help", #"verb name="PING" syntax="PING" role=anyone summary="Answers PONG.""#],
                pong == "PONG"
            else {
                Issue.record("pair \(index): \(help) \(pong)")
                return
            }
        }
        #expect(try client.readLine() == HostileClientTests.checkC1001)
        try client.expect("PING", "PONG")
    }

    /// A desk reply larger than the limit streams a chunk at a time as the client reads; the
    /// lines pipelined behind it are answered after it, in order.
    @Test func largeDeskReply_Streams_AndLaterLinesFollowInOrder() throws {
        let server = try ServerProcess(["--output-limit", "65536"])
        let admin = try server.admin()
        let ids = (0..<3000).map { String(format: "S%05d", $0) }
        try admin.send(ids.map { "CUSTOMER \($0) limit=100" }.joined(separator: "\n"))
        for _ in ids { _ = try admin.readLine() }
        try admin.send("AGING detail=yes\nPING")
        let aging = try admin.readReply()
        #expect(aging.count == 3002)
        #expect(aging.first == "OK *3001 aging")
        #expect(aging.dropFirst().dropLast().map { $0.split(separator: " ")[1] } == ids.map { "customer=\($0)"[...] })
        #expect(
            aging.last
                == "aging customer=* current=0.00 d1_30=0.00 d31_60=0.00 d61_90=0.00 d91_120=0.00 d120_plus=0.00 total=0.00 instruments=0.00 charges=0.00"
        )
        #expect(try admin.readLine() == "PONG")
    }

    /// The same for a large STATUS: replies of one customer with many invoices.
    @Test func statusFlood_OfACustomerWithManyInvoices_StaysBounded() throws {
        let server = try ServerProcess(["--demo", "--output-limit", "65536"])
        let admin = try server.admin()
        try admin.expect(#"CUSTOMER BIG limit=900000000 note="fixture""#, startsWith: "OK BIG")
        try admin.send((0..<2000).map { "INVOICE BIG I\($0) 1" }.joined(separator: "\n"))
        for _ in 0..<2000 { _ = try admin.readLine() }
        let status = try admin.reply("STATUS BIG")
        #expect(status.count == 2003)
        let before = try server.residentKilobytes()
        let flooder = try Flooder(port: server.port)
        _ = flooder.push(Array("AUTH admin \(ServerProcess.adminSecret)\n".utf8))
        // 64 KB of STATUS BIG (about 200 KB of reply each): without the limit, over 1 GB.
        let burst = Array(String(repeating: "STATUS BIG\n", count: 5957).utf8)
        let deadline = Date().addingTimeInterval(1.5)
        while Date() < deadline {
            _ = flooder.push(burst)
            try admin.expect("CHECK C1001 100", HostileClientTests.checkC1001)
        }
        let grown = try server.residentKilobytes() - before
        #expect(grown < 32 * 1024, "the server grew by \(grown) KiB under the flood")
    }
}

import Foundation
import Glibc
import Testing

/// Clients that misbehave, by accident or on purpose: none of them may take
/// the server down, stall another client, or lose its own connection for a
/// bad line (protocol.md: the server closes a connection only when there are
/// too many, when its output overflows, and at shutdown).
@Suite struct HostileClientTests {
    static let checkC1001 = "OK C1001 available=7500.00 exposure=2500.00"
    static let tooLong = "ERR LINE_TOO_LONG a request line is at most 4096 bytes including the newline"

    @Test func overlongLine_IsRefusedOnce_AndTheNextLineWorks() throws {
        let server = try ServerProcess(["--demo"])
        let client = try server.connect()
        try client.expect("CHECK " + String(repeating: "A", count: 10_000), HostileClientTests.tooLong)
        try client.expect("CHECK C1001 100", HostileClientTests.checkC1001)
        // The limit counts the newline: 4096 bytes with it pass, 4097 do not.
        try client.expect("PING" + String(repeating: " ", count: 4091), "PONG")
        try client.expect("PING" + String(repeating: " ", count: 4092), HostileClientTests.tooLong)
        try client.expect("PING", "PONG")
    }

    @Test func overlongLine_SentInPieces_IsRefusedOnce() throws {
        let server = try ServerProcess(["--demo"])
        let client = try server.connect()
        let piece = [UInt8](repeating: UInt8(ascii: "x"), count: 3000)
        for _ in 0..<5 { try client.send(raw: piece) }
        try client.send(raw: Array("\nPING\n".utf8))
        #expect(try client.readLine() == HostileClientTests.tooLong)
        #expect(try client.readLine() == "PONG")
    }

    @Test func invalidUTF8_NUL_AndControlBytes_GetTheirOwnErrors_AndTheConnectionStays() throws {
        let server = try ServerProcess(["--demo"])
        let client = try server.connect()
        try client.send(raw: Array("CHECK C1001 ".utf8) + [0xFF, 0xFE, 0x0A])
        #expect(try client.readLine() == "ERR BAD_UTF8 the request is not valid UTF-8")
        try client.send(raw: Array("CHECK".utf8) + [0x00] + Array(" C1001 100\n".utf8))
        #expect(try client.readLine() == "ERR BAD_BYTE NUL bytes are not allowed")
        try client.send(raw: Array("CHECK C1001".utf8) + [0x1B, 0x5B, 0x41, 0x0A])
        #expect(try client.readLine() == "ERR BAD_BYTE control bytes are not allowed")
        // An overlong UTF-8 encoding of '/' is invalid UTF-8 too.
        try client.send(raw: Array("CHECK C".utf8) + [0xC0, 0xAF, 0x0A])
        #expect(try client.readLine() == "ERR BAD_UTF8 the request is not valid UTF-8")
        try client.expect("CHECK C1001 100", HostileClientTests.checkC1001)
    }

    @Test func binaryGarbage_GetsOneErrorPerLine_AndTheConnectionStays() throws {
        let server = try ServerProcess(["--demo"])
        let client = try server.connect()
        // A PNG file's signature: "\x89PNG\r\n" (bad UTF-8), "\x1A\n" (a control byte).
        try client.send(raw: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(try client.readLine() == "ERR BAD_UTF8 the request is not valid UTF-8")
        #expect(try client.readLine() == "ERR BAD_BYTE control bytes are not allowed")
        // Every byte value but '\n', twice over, in one line: one error.
        let everyByte = (0...255).map(UInt8.init).filter { $0 != 0x0A }
        try client.send(raw: everyByte + everyByte + [0x0A])
        #expect(try client.readLine() == "ERR BAD_BYTE NUL bytes are not allowed")
        try client.expect("PING", "PONG")
        try client.expect("CHECK C1001 100", HostileClientTests.checkC1001)
    }

    @Test func halfALineThenDisconnect_LeavesOthersUnaffected() throws {
        let server = try ServerProcess(["--demo"])
        let other = try server.connect()
        try other.expect("PING", "PONG")
        for _ in 0..<20 {
            let quitter = try server.connect()
            try quitter.send(raw: Array("CHECK C10".utf8))
            quitter.connection.close()
        }
        try other.expect("CHECK C1001 100", HostileClientTests.checkC1001)
        let fresh = try server.connect()
        try fresh.expect(
            "CHECK C1003 100",
            "HOLD C1003 reasons=OVERDUE available=18800.00 exposure=1200.00 limit=20000.00 amount=100.00 overdue_days=50 oldest=INV-1003-1"
        )
    }

    /// Slowloris: a client dribbles a line byte by byte; between its bytes
    /// another client is answered at once, every time.
    @Test func slowClient_NeverStallsAnother() throws {
        let server = try ServerProcess(["--demo"])
        let slow = try server.connect()
        let other = try server.connect()
        let line = Array("CHECK C1001 100\n".utf8)
        let started = Date()
        for byte in line.dropLast() {
            try slow.send(raw: [byte])
            try other.expect("CHECK C1001 100", HostileClientTests.checkC1001)
            try other.expect("PING", "PONG")
        }
        // 30 round trips; a stalled loop would cost seconds each (generous bound for a shared machine).
        #expect(Date().timeIntervalSince(started) < 10)
        try slow.send(raw: [line.last!])
        #expect(try slow.readLine() == HostileClientTests.checkC1001)
    }

    /// A client that pipelines without reading is answered up to --output-limit of unsent
    /// replies, then no longer read (the kernel stops taking its bytes), and closed after
    /// --idle-timeout without taking a reply; the server and everyone else go on.
    @Test func nonReadingClient_PastTheOutputLimit_IsNotRead_ThenClosedWhenIdle() throws {
        let server = try ServerProcess(["--demo", "--output-limit", "65536", "--idle-timeout", "2"])
        let other = try server.connect()
        let flood = try FloodTests.Flooder(port: server.port)
        _ = flood.push(Array("AUTH admin \(ServerProcess.adminSecret)\n".utf8))
        let chunk = Array(String(repeating: "STATUS C1001\n", count: 2000).utf8)
        // Push until the kernel has taken nothing for 300 ms: the server no longer reads.
        var lastTaken = Date()
        let deadline = Date().addingTimeInterval(20)
        while Date().timeIntervalSince(lastTaken) < 0.3, Date() < deadline {
            if flood.push(chunk) { lastTaken = Date() } else { usleep(10_000) }
        }
        #expect(Date() < deadline, "the server kept reading a client that does not read its replies")
        // At most: the server's 64 KB input buffer, and the socket buffers of both ends.
        #expect(flood.sent < 40 << 20, "\(flood.sent) bytes taken")
        try other.expect("CHECK C1001 100", HostileClientTests.checkC1001)
        #expect(flood.waitUntilReset(within: 20))
        let admin = try server.admin()
        let status = try admin.reply("STATUS C1001")
        #expect(status.first == "OK *3 C1001")
        #expect(status.count == 4)
    }

    @Test func maxConnections_TheNextGetsBusy_AndIsClosed() throws {
        let server = try ServerProcess(["--demo", "--max-connections", "3"])
        var clients = try (0..<3).map { _ in try server.connect() }
        for client in clients { try client.expect("PING", "PONG") }
        let fourth = try server.connect()
        #expect(try fourth.readLine() == "ERR BUSY too many connections (3); try again later")
        #expect(fourth.waitUntilClosed(within: 10))
        for client in clients { try client.expect("CHECK C1001 100", HostileClientTests.checkC1001) }
        // Once one leaves, its place is free again (the server notices the close in its own time).
        clients.removeLast().connection.close()
        let deadline = Date().addingTimeInterval(10)
        var admitted = false
        while !admitted && Date() < deadline {
            let next = try server.connect()
            admitted = (try? next.request("PING")) == "PONG"
        }
        #expect(admitted)
    }

    /// Out of file descriptors (RLIMIT_NOFILE 40): clients past the limit get ERR BUSY from the
    /// spare descriptor and are closed; the loop does not spin or flood the log; once a
    /// connection closes, new clients are served again. One connection closed admits one client
    /// and leaves the server full again with nobody waiting: no new episode is logged (Linux fails
    /// accept() then even with an empty queue), and the next client is answered BUSY.
    @Test func outOfDescriptors_NewClientsGetBusy_AndServiceResumes() throws {
        let server = try ServerProcess(["--demo"], descriptorLimit: 40)
        var served: [TestClient] = []
        var busy = 0
        for _ in 0..<60 {
            let client = try server.connect()
            let reply = try client.request("PING")
            if reply == "PONG" {
                served.append(client)
            } else {
                #expect(reply == "ERR BUSY the server is out of file descriptors; try again later")
                #expect(client.waitUntilClosed(within: 10))
                busy += 1
            }
        }
        #expect(served.count >= 20, "only \(served.count) clients were served")
        #expect(busy >= 10)
        for client in served { try client.expect("CHECK C1001 100", HostileClientTests.checkC1001) }
        served.removeFirst().connection.close()
        var admitted: TestClient?
        try ServerProcess.waitUntil("a new client is served again") {
            let client = try server.connect()
            guard (try? client.request("PING")) == "PONG" else { return false }
            admitted = client
            return true
        }
        try admitted?.expect("CHECK C1001 100", HostileClientTests.checkC1001)
        let log = server.newLog()
        #expect(log.components(separatedBy: "accept failed").count - 1 == 1, "\(log)")
        #expect(log.contains("accepting clients again;"))
        #expect(log.utf8.count < 4096)
        let next = try server.connect()
        #expect(try next.readLine() == "ERR BUSY the server is out of file descriptors; try again later")
    }

    /// SIGTERM with a client that reads none of its replies: the server stops 5 s later and logs
    /// what it left unanswered.
    @Test func sigterm_WithAClientThatDoesNotRead_StopsAndSaysWhatWasLeft() throws {
        let server = try ServerProcess(["--demo", "--output-limit", "65536"])
        let client = try server.connect()
        try client.send(String(repeating: "HELP\n", count: 5000) + "PING")
        let other = try server.connect()
        try other.expect("PING", "PONG")
        let started = Date()
        #expect(server.stop(signal: SIGTERM) == 0)
        #expect(Date().timeIntervalSince(started) < 15)
        let log = server.newLog()
        #expect(log.contains("stopping: dropped 1 connections whose clients took no replies for 5 s"), "\(log)")
        #expect(log.contains("stopped"))
    }

    @Test func idleTimeout_ClosesAnIdleConnection() throws {
        let server = try ServerProcess(["--demo", "--idle-timeout", "1"])
        let idle = try server.connect()
        try idle.expect("PING", "PONG")
        let started = Date()
        #expect(idle.waitUntilClosed(within: 10))
        #expect(Date().timeIntervalSince(started) >= 0.9, "closed before the idle timeout")
        let fresh = try server.connect()
        try fresh.expect("CHECK C1001 100", HostileClientTests.checkC1001)
    }

    @Test func idleTimeout_CountsCompleteRequestsOnly_SoASlowlorisIsClosedToo() throws {
        let server = try ServerProcess(["--demo", "--idle-timeout", "1"])
        let slow = try server.connect()
        try slow.send(raw: Array("CHE".utf8))
        #expect(slow.waitUntilClosed(within: 10))
    }

    /// SIGTERM: requests already sent are answered, then the server exits 0.
    @Test(arguments: [100, 10_000])
    func sigterm_AnswersRequestsInFlight_ThenExitsZero(requests: Int) throws {
        let server = try ServerProcess(["--demo"])
        let client = try server.admin()
        try client.send(String(repeating: "CHECK C1001 100\n", count: requests) + "PAY C1001 10 ref=SIGTERM-1")
        let status = server.stop(signal: SIGTERM)
        for index in 0..<requests {
            let line = try client.readLine()
            guard line == HostileClientTests.checkC1001 else {
                Issue.record("reply \(index): \(line)")
                return
            }
        }
        #expect(try client.readLine() == "OK C1001 ref=SIGTERM-1 paid=10.00 settled=INV-1001-1:10.00 unapplied=0.00")
        #expect(client.waitUntilClosed(within: 10))
        #expect(status == 0)
        #expect(server.process.terminationReason == .exit)
        // The acknowledged payment is on disk.
        try server.start()
        let after = try server.connect()
        try after.expect("CHECK C1001 100", "OK C1001 available=7510.00 exposure=2490.00")
    }
}

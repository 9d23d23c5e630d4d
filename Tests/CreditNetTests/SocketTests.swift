import CreditNet
import Glibc
import Testing

@Suite struct SocketTests {
    private let loopback = SocketAddress(host: "127.0.0.1", port: 0)

    @Test func listen_OnPortZeroReturnsTheRealPort() throws {
        let (fd, address) = try Socket.listen(on: loopback)
        defer { Syscall.close(fd) }
        #expect(address.host == "127.0.0.1")
        #expect(address.port != 0)
    }

    @Test func listen_OnABusyPortThrowsEADDRINUSE() throws {
        let (fd, address) = try Socket.listen(on: loopback)
        defer { Syscall.close(fd) }
        #expect(throws: SystemError(call: "bind", errno: EADDRINUSE)) {
            _ = try Socket.listen(on: address)
        }
    }

    @Test func accept_ReturnsNilWhenNothingWaits() throws {
        let (fd, _) = try Socket.listen(on: loopback)
        defer { Syscall.close(fd) }
        #expect(try Socket.accept(fd) == nil)
    }

    @Test func lineConnection_ExchangesLinesWithAnAcceptedPeer() throws {
        let (listener, address) = try Socket.listen(on: loopback)
        defer { Syscall.close(listener) }
        let client = try LineConnection(to: address)
        defer { client.close() }
        #expect(waitReadable(listener))
        let (server, peer) = try #require(try Socket.accept(listener))
        defer { Syscall.close(server) }
        #expect(peer.isLoopback)

        try client.send("PING\r\n")
        let input = LineBuffer()
        #expect(waitReadable(server))
        #expect(try input.read(from: server) == .transferred(6))
        #expect(text(input.nextLine()) == "PING")

        let output = ByteBuffer()
        output.append("PONG\r\nOK 2\n")
        #expect(try output.send(to: server) == .transferred(11))
        #expect(try client.readLine() == "PONG")
        #expect(try client.readLine() == "OK 2")
    }

    @Test func lineConnection_ReadLineReturnsNilAtEndOfFile() throws {
        let (listener, address) = try Socket.listen(on: loopback)
        defer { Syscall.close(listener) }
        let client = try LineConnection(to: address)
        defer { client.close() }
        #expect(waitReadable(listener))
        let (server, _) = try #require(try Socket.accept(listener))
        try write("BYE\n", to: server)
        Syscall.close(server)
        #expect(try client.readLine() == "BYE")
        #expect(try client.readLine() == nil)
    }

    @Test func lineConnection_ReadLineTimesOutWithEAGAIN() throws {
        let (listener, address) = try Socket.listen(on: loopback)
        defer { Syscall.close(listener) }
        let client = try LineConnection(to: address, timeout: .milliseconds(50))
        defer { client.close() }
        #expect(throws: SystemError(call: "recv", errno: EAGAIN)) {
            _ = try client.readLine()
        }
    }

    @Test func connect_ToAClosedPortThrowsECONNREFUSED() throws {
        let (listener, address) = try Socket.listen(on: loopback)
        Syscall.close(listener)  // the port is now known to be free
        #expect(throws: SystemError(call: "connect", errno: ECONNREFUSED)) {
            _ = try Socket.connect(to: address, timeout: .seconds(5))
        }
    }
}

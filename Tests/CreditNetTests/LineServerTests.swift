import CreditNet
import Dispatch
import Glibc
import Synchronization
import Testing

/// The pieces together, the way the server uses them: one loop thread, one read and one send
/// per readiness event, replies gathered in a ByteBuffer, writable interest only while backed up.
@Suite struct LineServerTests {
    @Test func loop_AnswersPipelinedLinesInOrder() throws {
        let (listener, address) = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        defer { Syscall.close(listener) }
        let result = Mutex<Result<Int, SystemError>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let outcome = Result { () throws(SystemError) in try Self.serveOneConnection(listener) }
            result.withLock { $0 = outcome }
            finished.signal()
        }

        let lines = 20_000
        let client = try LineConnection(to: address)
        let requests =
            (0..<lines).map { "CHECK customer-\($0)\n" }.joined() + String(repeating: "x", count: 5000) + "\n"
        try client.send(requests)
        for number in 0..<lines {
            let expected = "OK \("CHECK customer-\(number)".utf8.count)"
            let reply = try client.readLine()
            guard reply == expected else {
                Issue.record("reply \(number): \(reply ?? "EOF") instead of \(expected)")
                break
            }
        }
        #expect(try client.readLine() == "ERR TOO_LONG")
        client.close()

        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(try result.withLock { $0 }?.get() == lines)
    }

    /// Accepts one connection and answers each line with "OK <length>" until the peer leaves;
    /// returns how many lines it answered.
    private static func serveOneConnection(_ listener: Int32) throws(SystemError) -> Int {
        let loop = try EventLoop(maxEvents: 8)
        let listenerToken: UInt64 = 0
        let connectionToken: UInt64 = 1
        try loop.register(listener, interest: .readable, token: listenerToken)
        let input = LineBuffer()
        let output = ByteBuffer()
        var connection: Int32 = -1
        defer { if connection >= 0 { Syscall.close(connection) } }
        var answered = 0
        var watchingWritable = false
        while true {
            let count = try loop.wait(timeoutMilliseconds: 5000)
            if count == 0 { throw SystemError(call: "epoll_wait", errno: ETIMEDOUT) }
            for index in 0..<count {
                let (token, readiness) = loop.event(at: index)
                if token == listenerToken {
                    guard let (fd, _) = try Socket.accept(listener) else { continue }
                    connection = fd
                    loop.unregister(listener)
                    try loop.register(fd, interest: .readable, token: connectionToken)
                    continue
                }
                if readiness.contains(.readable) {
                    switch try input.read(from: connection) {
                    case .closed: return answered
                    case .wouldBlock, .transferred: break
                    }
                    while let line = input.nextLine() {
                        switch line {
                        case .line(let bytes):
                            output.append("OK ")
                            output.append(decimal: Int64(bytes.count))
                            output.append(byte: UInt8(ascii: "\n"))
                            answered += 1
                        case .tooLong:
                            output.append("ERR TOO_LONG\n")
                        }
                    }
                }
                if try output.send(to: connection) == .closed { return answered }
                if watchingWritable == output.isEmpty {  // interest changes only when backed up or drained
                    watchingWritable.toggle()
                    try loop.modify(
                        connection, interest: watchingWritable ? [.readable, .writable] : .readable,
                        token: connectionToken)
                }
            }
        }
    }
}

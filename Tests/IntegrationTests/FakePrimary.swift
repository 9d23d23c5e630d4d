import CreditNet
import Foundation
import Glibc

/// A peer that plays the primary's side of replication badly: a listening socket in the test that
/// takes the replica's connection, reads its `AUTH` and `SYNC` and answers what the test says.
/// It stands for a broken or hostile peer, not for our server.
final class FakePrimary {
    let listener: Int32
    let port: UInt16
    private var accepted: [Int32] = []

    init() throws {
        (listener, port) = try {
            let (fd, address) = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
            return (fd, address.port)
        }()
    }

    deinit {
        for fd in accepted { Glibc.close(fd) }
        Glibc.close(listener)
    }

    /// Waits for the replica to connect and send its two lines; returns the connection and the lines.
    func takeReplica(within seconds: Double = 10) throws -> (fd: Int32, lines: [String]) {
        let deadline = Date().addingTimeInterval(seconds)
        var connection: Int32?
        while connection == nil {
            try wait(for: listener, until: deadline)
            connection = try Socket.accept(listener)?.fd
        }
        let fd = connection!
        accepted.append(fd)
        var input: [UInt8] = []
        while input.count { $0 == UInt8(ascii: "\n") } < 2 {
            try wait(for: fd, until: deadline)
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 || (count < 0 && errno == EAGAIN) else {
                throw TestFailure("the replica closed its connection before AUTH and SYNC")
            }
            input.append(contentsOf: chunk.prefix(max(count, 0)))
        }
        return (fd, String(decoding: input, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    func send(_ text: String, on fd: Int32) throws {
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw TestFailure("cannot write to the replica") }
    }

    /// poll() until `fd` is readable or the deadline passes.
    private func wait(for fd: Int32, until deadline: Date) throws {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw TestFailure("no replica within the deadline") }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, 1, Int32(remaining * 1000) + 1)
    }
}

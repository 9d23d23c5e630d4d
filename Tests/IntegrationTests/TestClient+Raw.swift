import CreditNet
import Foundation
import Glibc

/// What hostile-client tests need beyond lines: raw bytes, and waiting for the
/// server to close a connection.
extension TestClient {
    /// Sends bytes exactly as given (no newline added).
    func send(raw bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try connection.send(bytes: $0) }
    }

    /// Reads (and drops) replies until the server closes the connection; true if it
    /// did within the deadline, false if the deadline passed first. A reset counts as closed.
    func waitUntilClosed(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            do {
                if try connection.readLine() == nil { return true }
            } catch  where error.errno == EAGAIN {
                continue
            } catch {
                return true
            }
        }
        return false
    }
}

/// A port that refuses connections: bound on 127.0.0.1 and never listened on,
/// so no other process takes it while the test runs.
final class UnusedPort {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(fd)
            throw TestFailure("cannot bind a free port: errno \(errno)")
        }
        self.fd = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit {
        Glibc.close(fd)
    }
}

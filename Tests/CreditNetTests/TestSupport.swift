import CreditNet
import Glibc

/// A connected pair of UNIX stream sockets, closed by `close()`.
struct SocketPair {
    let left: Int32
    let right: Int32

    init(nonBlocking: Bool = true) {
        var fds: [Int32] = [-1, -1]
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        precondition(socketpair(AF_UNIX, type, 0, &fds) == 0, "socketpair failed")
        left = fds[0]
        right = fds[1]
    }

    func close() {
        Syscall.close(left)
        Syscall.close(right)
    }
}

/// Waits until `fd` is readable or the deadline passes: synchronisation without sleeping.
func waitReadable(_ fd: Int32, timeoutMilliseconds: Int32 = 5000) -> Bool {
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, timeoutMilliseconds) == 1
}

/// Writes all of `text` to a descriptor (test data is small enough for one socket buffer).
func write(_ text: String, to fd: Int32) throws {
    var text = text
    let written = text.withUTF8 { Glibc.write(fd, $0.baseAddress, $0.count) }
    if written != text.utf8.count { throw SystemError(call: "write", errno: errno) }
}

/// A line as text for assertions; overlong lines read as "<tooLong>".
func text(_ line: LineBuffer.Line?) -> String? {
    switch line {
    case .line(let bytes): String(decoding: bytes, as: UTF8.self)
    case .tooLong: "<tooLong>"
    case nil: nil
    }
}

extension LineBuffer {
    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Every complete line now available, as text.
    func drain() -> [String] {
        var lines: [String] = []
        while let line = text(nextLine()) { lines.append(line) }
        return lines
    }
}

extension ByteBuffer {
    var text: String {
        withReadableBytes { String(decoding: $0, as: UTF8.self) }
    }
}

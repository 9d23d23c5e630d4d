import Glibc

/// A simple BLOCKING line connection for the CLI client, the bench's setup and tests: clarity
/// over speed. Reads and writes time out after the connect timeout (SO_RCVTIMEO/SO_SNDTIMEO).
/// Owned by one thread.
public final class LineConnection {
    private var fd: Int32
    private let input: LineBuffer

    /// `maxLine` bounds one reply line, including its '\n'; `source` is the local address to
    /// connect from (any when nil).
    public init(
        to address: SocketAddress, from source: SocketAddress? = nil, timeout: Duration = .seconds(5),
        maxLine: Int = 65536
    ) throws(SystemError) {
        fd = try Socket.connect(to: address, from: source, timeout: timeout)
        input = LineBuffer(capacity: max(65536, maxLine), maxLine: maxLine)
    }

    deinit {
        close()
    }

    /// Writes all bytes of `text` (the caller supplies "\n").
    public func send(_ text: String) throws(SystemError) {
        var text = text
        var failure: SystemError?
        text.withUTF8 { bytes in
            do throws(SystemError) { try send(bytes: UnsafeRawBufferPointer(bytes)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes all of `bytes`; a timeout throws SystemError(call: "send", errno: EAGAIN), a
    /// vanished server SystemError(call: "send", errno: EPIPE).
    public func send(bytes: UnsafeRawBufferPointer) throws(SystemError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            switch try Syscall.send(openDescriptor("send"), from: base + done, count: bytes.count - done) {
            case .transferred(let count): done += count
            case .wouldBlock: throw SystemError(call: "send", errno: EAGAIN)
            case .closed: throw SystemError(call: "send", errno: EPIPE)
            }
        }
    }

    /// The next line without "\n" and "\r"; nil at EOF (an unterminated last line is dropped).
    /// Times out with SystemError(call: "recv", errno: EAGAIN); a line over `maxLine` throws
    /// SystemError(call: "recv", errno: EMSGSIZE).
    public func readLine() throws(SystemError) -> String? {
        while true {
            switch input.nextLine() {
            case .line(let bytes):
                return String(decoding: bytes, as: UTF8.self)
            case .tooLong:
                throw SystemError(call: "recv", errno: EMSGSIZE)
            case nil:
                switch try input.read(from: openDescriptor("recv")) {
                case .transferred: continue
                case .wouldBlock: throw SystemError(call: "recv", errno: EAGAIN)
                case .closed: return nil
                }
            }
        }
    }

    /// Whether the server has closed the connection while nothing was asked of it (an idle
    /// timeout, a restart), found without blocking: a client checks before it sends, and
    /// connects again instead of sending into a dead connection. Bytes that did arrive are kept.
    public func peerHasClosed() -> Bool {
        guard fd >= 0 else { return true }
        guard (try? Syscall.waitReadable(fd, timeoutMilliseconds: 0)) == true else { return false }
        switch try? input.read(from: fd) {
        case .transferred?, .wouldBlock?: return false
        case .closed?, nil: return true
        }
    }

    /// Closes the connection; calling it again does nothing.
    public func close() {
        guard fd >= 0 else { return }
        Syscall.close(fd)
        fd = -1
    }

    private func openDescriptor(_ call: String) throws(SystemError) -> Int32 {
        guard fd >= 0 else { throw SystemError(call: call, errno: EBADF) }
        return fd
    }
}

import Glibc

/// A connection's growable output buffer on raw memory. Every reply of one readiness event is
/// appended here and leaves in one `send()` (PERF.md: one write per reply was 10× slower).
/// Appending never allocates unless the buffer has to grow. Owned by one thread.
public final class ByteBuffer {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var readerIndex = 0
    private var writerIndex = 0

    /// `capacity` is the starting size; the buffer doubles when a reply backlog needs more.
    public init(capacity: Int = 4096) {
        precondition(capacity > 0, "ByteBuffer capacity must be positive")
        self.capacity = capacity
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Bytes appended and not yet consumed; the server compares this with its output limit.
    public var readableBytes: Int { writerIndex - readerIndex }

    /// True when everything has been sent: the server then drops writable interest.
    public var isEmpty: Bool { writerIndex == readerIndex }

    /// Copies raw bytes, e.g. an id echoed straight from the request line.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage + writerIndex).copyMemory(from: source, byteCount: bytes.count)
        writerIndex += bytes.count
    }

    /// Constant replies ("OK\n") cost a copy and nothing else.
    public func append(_ s: StaticString) {
        s.withUTF8Buffer { append(UnsafeRawBufferPointer($0)) }
    }

    /// One byte, typically a separator or the closing '\n'.
    public func append(byte: UInt8) {
        reserve(1)
        storage.storeBytes(of: byte, toByteOffset: writerIndex, as: UInt8.self)
        writerIndex += 1
    }

    /// The string's UTF-8 bytes, for the few replies that carry stored text (names, ids).
    /// Disfavoured so that a literal, `append("OK\n")`, takes the cheaper StaticString overload
    /// (Swift otherwise prefers String, the default literal type).
    @_disfavoredOverload
    public func append(_ string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Decimal digits of `decimal`, formatted by hand straight into the buffer: no String, no
    /// allocation (PERF.md: formatting was a top cost). Int64.min is handled through its magnitude.
    public func append(decimal: Int64) {
        reserve(20)  // "-9223372036854775808" is the longest
        var magnitude = decimal.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        if decimal < 0 {
            storage.storeBytes(of: UInt8(ascii: "-"), toByteOffset: writerIndex, as: UInt8.self)
            writerIndex += 1
        }
        var position = writerIndex + digits
        while position > writerIndex {
            position -= 1
            let digit = UInt8(truncatingIfNeeded: magnitude % 10)
            storage.storeBytes(of: UInt8(ascii: "0") + digit, toByteOffset: position, as: UInt8.self)
            magnitude /= 10
        }
        writerIndex += digits
    }

    /// The readable bytes, valid only inside `body`.
    public func withReadableBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage + readerIndex, count: readableBytes))
    }

    /// Drops `count` bytes from the front. Only indices move; the bytes left are moved to the
    /// front later, when space is needed and fewer bytes must move than the buffer holds.
    public func consume(_ count: Int) {
        precondition(count >= 0 && count <= readableBytes, "consume beyond the readable bytes")
        readerIndex += count
        if readerIndex == writerIndex {
            readerIndex = 0
            writerIndex = 0
        }
    }

    /// Drops bytes from the end, back to an earlier `readableBytes`: the server retracts the
    /// replies of a group commit that failed.
    public func truncate(toReadable count: Int) {
        precondition(count >= 0 && count <= readableBytes, "truncate can only shorten")
        writerIndex = readerIndex + count
        if count == 0 { clear() }
    }

    /// Forgets everything, keeping the memory for the connection's next replies.
    public func clear() {
        readerIndex = 0
        writerIndex = 0
    }

    /// Sends as much as the socket takes in ONE send() call; returns the outcome; consumes what
    /// was sent. An empty buffer sends nothing and reports `.transferred(0)`.
    public func send(to fd: Int32) throws(SystemError) -> IOOutcome {
        if isEmpty { return .transferred(0) }
        let outcome = try Syscall.send(fd, from: storage + readerIndex, count: readableBytes)
        if case .transferred(let sent) = outcome { consume(sent) }
        return outcome
    }

    /// Makes room for `count` more bytes: slide the live bytes to the front when that frees
    /// enough and they are at most half the buffer, grow (doubling) otherwise.
    private func reserve(_ count: Int) {
        if writerIndex + count <= capacity { return }
        let live = readableBytes
        if live + count <= capacity && live <= capacity / 2 {
            memmove(storage, storage + readerIndex, live)
        } else {
            var newCapacity = capacity * 2
            while newCapacity < live + count { newCapacity *= 2 }
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            grown.copyMemory(from: storage + readerIndex, byteCount: live)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }
        readerIndex = 0
        writerIndex = live
    }
}

import Glibc

/// A connection's input: bytes from the socket framed into lines with `memchr`, without copying
/// or allocating per line (PERF.md). Overlong lines are reported once and skipped, so a bad
/// request costs the client one error reply, not its connection (beanstalkd `BAD_FORMAT`).
/// Owned by one thread.
public final class LineBuffer {
    /// One framed line, or the news that a line broke the limit.
    public enum Line {
        /// The line without its '\n' and one trailing '\r'; valid until the next read or append.
        case line(UnsafeRawBufferPointer)
        /// A line was longer than `maxLine`; its bytes are being skipped.
        case tooLong
    }

    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private let maxLine: Int
    private var readerIndex = 0
    private var writerIndex = 0
    /// Where the next newline search starts: [readerIndex, scanIndex) holds no '\n'.
    private var scanIndex = 0
    /// True while the rest of an overlong line is being skipped, up to its '\n'.
    private var discarding = false

    /// `maxLine` counts the '\n' ("a request line is at most 4096 bytes including the newline").
    public init(capacity: Int = 65536, maxLine: Int = 4096) {
        precondition(maxLine > 0 && maxLine <= capacity, "maxLine must fit in the buffer")
        self.capacity = capacity
        self.maxLine = maxLine
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Bytes held that `nextLine()` has not returned. Once `nextLine()` has returned nil these
    /// are exactly the incomplete line, which is what slowloris accounting needs.
    public var bufferedBytes: Int { writerIndex - readerIndex }

    /// One read() into the free space, compacting first when needed. When the buffer is full of
    /// lines not yet taken, nothing is read and the outcome is `.transferred(0)`: take lines first.
    /// `atMost` caps the bytes taken (a server that is stopping reads only what arrived before).
    public func read(from fd: Int32, atMost limit: Int = .max) throws(SystemError) -> IOOutcome {
        makeRoom(atLeast: 1)
        let free = min(capacity - writerIndex, limit)
        if free <= 0 { return .transferred(0) }
        let outcome = try Syscall.read(fd, into: storage + writerIndex, count: free)
        if case .transferred(let count) = outcome { writerIndex += count }
        return outcome
    }

    /// Appends bytes as if read, growing the buffer when they do not fit (tests; the client).
    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        makeRoom(atLeast: bytes.count)
        if capacity - writerIndex < bytes.count {
            let newCapacity = max(capacity * 2, writerIndex + bytes.count)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            grown.copyMemory(from: storage, byteCount: writerIndex)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }
        (storage + writerIndex).copyMemory(from: source, byteCount: bytes.count)
        writerIndex += bytes.count
    }

    /// Next complete line, or nil when none is complete. A line longer than maxLine yields
    /// .tooLong exactly once, as soon as the limit is exceeded; its remaining bytes up to and
    /// including the next '\n' are then discarded silently, across reads.
    public func nextLine() -> Line? {
        if discarding {
            guard let newline = findNewline(from: readerIndex) else {
                skipAll()
                return nil
            }
            discarding = false
            readerIndex = newline + 1
            scanIndex = readerIndex
        }
        guard let newline = findNewline(from: scanIndex) else {
            scanIndex = writerIndex
            if writerIndex - readerIndex >= maxLine {
                // Even with its '\n' still to come this line is too long: skip it from here.
                skipAll()
                discarding = true
                return .tooLong
            }
            return nil
        }
        let start = readerIndex
        readerIndex = newline + 1
        scanIndex = readerIndex
        if newline + 1 - start > maxLine { return .tooLong }
        var end = newline
        if end > start && storage.load(fromByteOffset: end - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            end -= 1
        }
        return .line(UnsafeRawBufferPointer(start: storage + start, count: end - start))
    }

    /// Complete lines held and not yet taken (a server that stops counts what it leaves unanswered).
    public var completeLines: Int {
        var count = 0
        var index = scanIndex
        while let newline = findNewline(from: index) {
            count += 1
            index = newline + 1
        }
        // While an overlong line is being skipped, the first newline only ends it.
        return discarding ? max(0, count - 1) : count
    }

    private func findNewline(from index: Int) -> Int? {
        guard index < writerIndex,
            let found = memchr(storage + index, Int32(UInt8(ascii: "\n")), writerIndex - index)
        else { return nil }
        return storage.distance(to: found)
    }

    /// Skips every byte held (they are all part of a line being skipped). They stay in memory
    /// until the next read, so a `Mark` taken earlier stays valid.
    private func skipAll() {
        readerIndex = writerIndex
        scanIndex = writerIndex
    }

    /// Where framing stands: `rewind(to:)` hands out the same lines again. The server uses it
    /// when a group commit fails, to answer a turn's requests again without its changes.
    /// Valid until the next `read` or `append`.
    public struct Mark {
        fileprivate let readerIndex: Int
        fileprivate let scanIndex: Int
        fileprivate let discarding: Bool
    }

    public var mark: Mark { Mark(readerIndex: readerIndex, scanIndex: scanIndex, discarding: discarding) }

    public func rewind(to mark: Mark) {
        readerIndex = mark.readerIndex
        scanIndex = mark.scanIndex
        discarding = mark.discarding
    }

    /// Forgets every byte held.
    private func clear() {
        readerIndex = 0
        writerIndex = 0
        scanIndex = 0
    }

    /// Slides the unread bytes to the front when fewer than `needed` bytes are free at the end,
    /// or when less than a quarter is free and the slide is cheap (at most one line's worth).
    /// Lines handed out before this point become invalid, which is why only `read` and `append`
    /// call it.
    private func makeRoom(atLeast needed: Int) {
        if readerIndex == writerIndex {
            clear()
            return
        }
        let free = capacity - writerIndex
        let live = writerIndex - readerIndex
        guard readerIndex > 0, free < needed || (free < capacity / 4 && live <= maxLine) else { return }
        memmove(storage, storage + readerIndex, live)
        scanIndex -= readerIndex
        readerIndex = 0
        writerIndex = live
    }
}

import CreditNet
import Testing

@Suite struct LineBufferTests {
    @Test func nextLine_JoinsALineSplitAcrossReads() throws {
        let pair = SocketPair()
        defer { pair.close() }
        let buffer = LineBuffer()
        try write("CHECK cu", to: pair.left)
        #expect(try buffer.read(from: pair.right) == .transferred(8))
        #expect(buffer.nextLine() == nil)
        #expect(buffer.bufferedBytes == 8)
        try write("st-1\nPI", to: pair.left)
        #expect(try buffer.read(from: pair.right) == .transferred(7))
        #expect(text(buffer.nextLine()) == "CHECK cust-1")
        #expect(buffer.nextLine() == nil)
        #expect(buffer.bufferedBytes == 2)
    }

    @Test func read_ReportsWouldBlockThenClosed() throws {
        let pair = SocketPair()
        defer { Syscall.close(pair.right) }
        let buffer = LineBuffer()
        #expect(try buffer.read(from: pair.right) == .wouldBlock)
        Syscall.close(pair.left)
        #expect(try buffer.read(from: pair.right) == .closed)
    }

    @Test func nextLine_StripsOneTrailingCR() {
        let buffer = LineBuffer()
        buffer.append("PING\r\nPONG\r\r\n\r\n")
        #expect(buffer.drain() == ["PING", "PONG\r", ""])
    }

    @Test func nextLine_ReturnsManyLinesFromOneRead() throws {
        let pair = SocketPair()
        defer { pair.close() }
        let buffer = LineBuffer()
        let requests = (1...16).map { "CHECK c\($0)\n" }.joined()
        try write(requests, to: pair.left)
        #expect(try buffer.read(from: pair.right) == .transferred(requests.utf8.count))
        #expect(buffer.drain() == (1...16).map { "CHECK c\($0)" })
        #expect(buffer.bufferedBytes == 0)
    }

    @Test func read_TakesAtMostTheBytesAsked() throws {
        let pair = SocketPair()
        defer { pair.close() }
        let buffer = LineBuffer()
        try write("PING\nPING\n", to: pair.left)
        #expect(try buffer.read(from: pair.right, atMost: 5) == .transferred(5))
        #expect(buffer.drain() == ["PING"])
        #expect(try buffer.read(from: pair.right, atMost: 0) == .transferred(0))
    }

    @Test func completeLines_CountsLinesNotYetTaken_ButNotTheEndOfASkippedLine() {
        let buffer = LineBuffer(capacity: 64, maxLine: 8)
        buffer.append("A\nB\nC")
        #expect(buffer.completeLines == 2)
        _ = buffer.nextLine()
        #expect(buffer.completeLines == 1)
        _ = buffer.nextLine()
        buffer.append("CCCCCCCCCC")
        #expect(text(buffer.nextLine()) == "<tooLong>")
        buffer.append("\nD\n")
        #expect(buffer.completeLines == 1)
    }

    @Test func nextLine_ReturnsEmptyLine() {
        let buffer = LineBuffer()
        buffer.append("\nA\n")
        #expect(buffer.drain() == ["", "A"])
    }

    @Test func nextLine_AcceptsALineOfExactlyMaxLine() {
        let buffer = LineBuffer(capacity: 64, maxLine: 8)
        buffer.append("1234567\n")
        #expect(buffer.drain() == ["1234567"])
    }

    @Test func nextLine_YieldsTooLongOnceAndKeepsTheNextLine() {
        let buffer = LineBuffer(capacity: 64, maxLine: 8)
        buffer.append("12345678\nNEXT\n")
        #expect(buffer.drain() == ["<tooLong>", "NEXT"])
    }

    @Test func nextLine_YieldsTooLongAsSoonAsTheLimitIsExceeded() {
        let buffer = LineBuffer(capacity: 64, maxLine: 8)
        buffer.append("1234567")
        #expect(buffer.nextLine() == nil)
        buffer.append("8")
        #expect(text(buffer.nextLine()) == "<tooLong>")
        #expect(buffer.nextLine() == nil)
        #expect(buffer.bufferedBytes == 0)
    }

    @Test func nextLine_SkipsAnOverlongLineSpreadOverSeveralReads() throws {
        let pair = SocketPair()
        defer { pair.close() }
        let buffer = LineBuffer(capacity: 32, maxLine: 16)
        var seen: [String] = []
        for chunk in [String(repeating: "x", count: 20), String(repeating: "y", count: 30), "zz\nOK 1\n"] {
            try write(chunk, to: pair.left)
            _ = try buffer.read(from: pair.right)
            seen += buffer.drain()
            #expect(buffer.bufferedBytes <= 16)
        }
        #expect(seen == ["<tooLong>", "OK 1"])
    }

    @Test func read_CompactsANearlyFullBufferAndKeepsThePartialLine() throws {
        let pair = SocketPair()
        defer { pair.close() }
        let buffer = LineBuffer(capacity: 32, maxLine: 16)
        try write("AAAAAAAAAAAAAA\nBBBBBBBBBBBBBB\nCC", to: pair.left)  // 32 bytes: full
        #expect(try buffer.read(from: pair.right) == .transferred(32))
        #expect(buffer.drain() == ["AAAAAAAAAAAAAA", "BBBBBBBBBBBBBB"])
        try write("CCCCCCCCCCC\nDD\n", to: pair.left)
        #expect(try buffer.read(from: pair.right) == .transferred(15))
        #expect(buffer.drain() == ["CCCCCCCCCCCCC", "DD"])
    }

    @Test func read_ReadsNothingWhileTheBufferIsFullOfLines() throws {
        let pair = SocketPair()
        defer { pair.close() }
        let buffer = LineBuffer(capacity: 8, maxLine: 4)
        try write("abc\ndef\nmore", to: pair.left)
        #expect(try buffer.read(from: pair.right) == .transferred(8))
        #expect(try buffer.read(from: pair.right) == .transferred(0))
        #expect(buffer.drain() == ["abc", "def"])
        #expect(try buffer.read(from: pair.right) == .transferred(4))
    }

    @Test func append_GrowsWhenTheBytesDoNotFit() {
        let buffer = LineBuffer(capacity: 8, maxLine: 8)
        buffer.append("ab\ncd\nef\ngh\n")
        #expect(buffer.drain() == ["ab", "cd", "ef", "gh"])
    }
}

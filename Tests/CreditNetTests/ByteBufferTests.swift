import CreditNet
import Glibc
import Testing

@Suite struct ByteBufferTests {
    @Test(arguments: [
        (Int64(0), "0"), (7, "7"), (10, "10"), (-1, "-1"), (-120, "-120"), (1_000_000, "1000000"),
        (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
    ])
    func appendDecimal_FormatsLikeDescription(value: Int64, expected: String) {
        let buffer = ByteBuffer(capacity: 4)
        buffer.append(decimal: value)
        #expect(buffer.text == expected)
    }

    @Test func append_MixesStaticStringsStringsBytesAndDecimals() {
        let buffer = ByteBuffer(capacity: 2)
        buffer.append("OK ")
        buffer.append(decimal: 42)
        buffer.append(byte: UInt8(ascii: " "))
        buffer.append("Müller" as String)
        buffer.append(byte: UInt8(ascii: "\n"))
        #expect(buffer.text == "OK 42 Müller\n")
        #expect(buffer.readableBytes == 14)
    }

    @Test func consume_DropsFromTheFrontAndCompactsOnAppend() {
        let buffer = ByteBuffer(capacity: 8)
        buffer.append("abcdefgh")
        buffer.consume(6)
        #expect(buffer.text == "gh")
        buffer.append("ijklmn")  // fits only after sliding "gh" to the front
        #expect(buffer.text == "ghijklmn")
        buffer.consume(8)
        #expect(buffer.isEmpty)
        buffer.append("xyz")
        #expect(buffer.text == "xyz")
    }

    @Test func truncate_RetractsRepliesAppendedAfterAMark() {
        let buffer = ByteBuffer()
        buffer.append("OK 1\n")
        let mark = buffer.readableBytes
        buffer.append("OK 2\nOK 3\n")
        buffer.truncate(toReadable: mark)
        #expect(buffer.text == "OK 1\n")
        buffer.append("ERR IO journal\n")
        #expect(buffer.text == "OK 1\nERR IO journal\n")
        buffer.clear()
        #expect(buffer.isEmpty)
    }

    @Test func send_WritesToASocketAndConsumesWhatWasSent() throws {
        let pair = SocketPair()
        defer { pair.close() }
        let buffer = ByteBuffer()
        buffer.append("OK 1\nOK 2\n")
        #expect(try buffer.send(to: pair.left) == .transferred(10))
        #expect(buffer.isEmpty)
        var received = [UInt8](repeating: 0, count: 32)
        let count = try received.withUnsafeMutableBytes {
            try Syscall.read(pair.right, into: $0.baseAddress!, count: 32)
        }
        #expect(count == .transferred(10))
        #expect(String(decoding: received.prefix(10), as: UTF8.self) == "OK 1\nOK 2\n")
    }

    @Test func send_StopsWhenTheSocketIsFullAndKeepsTheRest() throws {
        let pair = SocketPair()
        defer { pair.close() }
        let buffer = ByteBuffer()
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        chunk.withUnsafeBytes { buffer.append($0) }
        var total = 0
        sending: while true {
            switch try buffer.send(to: pair.left) {
            case .transferred(let count): total += count
            case .wouldBlock: break sending
            case .closed:
                Issue.record("peer closed")
                break sending
            }
        }
        #expect(total > 0)
        #expect(total + buffer.readableBytes == 1 << 20)
    }

    @Test func send_ReportsClosedWhenThePeerIsGone() throws {
        let pair = SocketPair()
        defer { Syscall.close(pair.left) }
        Syscall.close(pair.right)
        let buffer = ByteBuffer()
        buffer.append("OK\n")
        #expect(try buffer.send(to: pair.left) == .closed)
        #expect(buffer.readableBytes == 3)
    }
}

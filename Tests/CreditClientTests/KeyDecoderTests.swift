import CreditClient
import Testing

@Suite struct KeyDecoderTests {
    static func decode(_ bytes: [UInt8]) -> [KeyEvent] {
        var decoder = KeyDecoder()
        return bytes.compactMap { decoder.decode($0) }
    }

    static let esc: UInt8 = 0x1B

    @Test(
        arguments: [
            ([UInt8]("ok".utf8), [KeyEvent.character("o"), .character("k")]),
            ([0x0D], [.enter]),
            ([0x0A], [.enter]),
            // CRLF from a paste is one Enter; two CRs are two.
            ([0x0D, 0x0A], [.enter]),
            ([0x0D, 0x0D], [.enter, .enter]),
            ([0x7F], [.backspace]),
            ([0x08], [.backspace]),
            ([0x01], [.home]),
            ([0x05], [.end]),
            ([0x02], [.left]),
            ([0x06], [.right]),
            ([0x10], [.up]),
            ([0x0E], [.down]),
            ([0x15], [.deleteToStart]),
            ([0x03], [.interrupt]),
            ([0x04], [.endOfFile]),
            // Other control bytes (Tab, Ctrl-Z, NUL) are dropped.
            ([0x09, 0x1A, 0x00], []),
            ([esc] + [UInt8]("[A".utf8), [.up]),
            ([esc] + [UInt8]("[B".utf8), [.down]),
            ([esc] + [UInt8]("[C".utf8), [.right]),
            ([esc] + [UInt8]("[D".utf8), [.left]),
            ([esc] + [UInt8]("[H".utf8), [.home]),
            ([esc] + [UInt8]("[F".utf8), [.end]),
            ([esc] + [UInt8]("OH".utf8), [.home]),
            ([esc] + [UInt8]("OF".utf8), [.end]),
            ([esc] + [UInt8]("OA".utf8), [.up]),
            ([esc] + [UInt8]("[1~".utf8), [.home]),
            ([esc] + [UInt8]("[7~".utf8), [.home]),
            ([esc] + [UInt8]("[4~".utf8), [.end]),
            ([esc] + [UInt8]("[8~".utf8), [.end]),
            ([esc] + [UInt8]("[3~".utf8), [.delete]),
            // Modifiers are ignored: Ctrl-Right is Right.
            ([esc] + [UInt8]("[1;5C".utf8), [.right]),
            // Unknown sequences (F5, Page Up) vanish without leaving bytes behind.
            ([esc] + [UInt8]("[15~x".utf8), [.character("x")]),
            ([esc] + [UInt8]("[5~".utf8), []),
            // Alt-x: the ESC is dropped, the key kept.
            ([esc, UInt8(ascii: "x")], [.character("x")]),
            ([UInt8]("ü€🙂".utf8), [.character("ü"), .character("€"), .character("🙂")]),
            // A truncated character is dropped; the byte that interrupted it is kept.
            ([0xE2, 0x82, UInt8(ascii: "a")], [.character("a")]),
            // Bytes that cannot start UTF-8 are dropped.
            ([0x80, 0xC0, 0xFF, UInt8(ascii: "b")], [.character("b")]),
        ] as [([UInt8], [KeyEvent])])
    func decode(bytes: [UInt8], expected: [KeyEvent]) {
        #expect(Self.decode(bytes) == expected)
    }

    /// A key split across reads still decodes, because the decoder keeps its state per byte.
    @Test func decode_KeepsStateBetweenBytes() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Self.esc) == nil)
        #expect(decoder.decode(UInt8(ascii: "[")) == nil)
        #expect(decoder.decode(UInt8(ascii: "D")) == .left)
        #expect(decoder.decode(0xF0) == nil)
        #expect(decoder.decode(0x9F) == nil)
        #expect(decoder.decode(0x99) == nil)
        #expect(decoder.decode(0x82) == .character("🙂"))
    }
}

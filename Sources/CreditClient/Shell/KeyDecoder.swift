/// Turns the bytes a terminal in raw mode sends into ``KeyEvent``s, one byte at a time, so a
/// key whose bytes arrive in separate reads (an escape sequence, a multi-byte UTF-8 character)
/// is still decoded whole.
///
/// Understands the control keys Emacs-style shells use (Ctrl-A/E/B/F/P/N/U/C/D), the VT100 and
/// xterm cursor sequences (`ESC [ A`, `ESC O H`, `ESC [ 1 ~` …), and UTF-8. Anything else is
/// dropped rather than inserted, so a stray control byte never lands in a command.
public struct KeyDecoder: Sendable {
    private enum Pending: Sendable {
        case idle
        /// After ESC.
        case escape
        /// After `ESC [` or `ESC O`, collecting parameter bytes until the final byte.
        case sequence(parameters: [UInt8])
        /// Inside a UTF-8 character: the bytes so far and how many it needs in all.
        case utf8(bytes: [UInt8], length: Int)
    }

    private var pending = Pending.idle
    /// Enter arrives as CR in raw mode; a LF right after it (CRLF from a paste) is the same
    /// Enter, not a second, empty line.
    private var afterCarriageReturn = false

    public init() {}

    /// Feeds one byte; returns the key it completes, or nil if the key needs more bytes or
    /// the byte means nothing to the editor.
    public mutating func decode(_ byte: UInt8) -> KeyEvent? {
        let followsCarriageReturn = afterCarriageReturn
        afterCarriageReturn = false
        switch pending {
        case .idle:
            if byte == 0x0A && followsCarriageReturn { return nil }
            return decodeFirst(byte)
        case .escape:
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") {
                pending = .sequence(parameters: [])
                return nil
            }
            // An Alt-modified key or a lone Escape: drop the ESC, keep the key.
            pending = .idle
            return decodeFirst(byte)
        case .sequence(let parameters):
            if (0x20...0x3F).contains(byte) {
                pending = .sequence(parameters: parameters + [byte])
                return nil
            }
            pending = .idle
            return Self.decodeSequence(parameters: parameters, final: byte)
        case .utf8(let bytes, let length):
            guard byte & 0xC0 == 0x80 else {
                // A truncated character: drop it and read this byte afresh.
                pending = .idle
                return decodeFirst(byte)
            }
            let collected = bytes + [byte]
            guard collected.count == length else {
                pending = .utf8(bytes: collected, length: length)
                return nil
            }
            pending = .idle
            let scalar = String(decoding: collected, as: UTF8.self).unicodeScalars.first
            return scalar.flatMap { $0 == "\u{FFFD}" ? nil : .character($0) }
        }
    }

    private mutating func decodeFirst(_ byte: UInt8) -> KeyEvent? {
        switch byte {
        case 0x1B:
            pending = .escape
            return nil
        case 0x0D:
            afterCarriageReturn = true
            return .enter
        case 0x0A: return .enter
        case 0x7F, 0x08: return .backspace
        case 0x01: return .home
        case 0x05: return .end
        case 0x02: return .left
        case 0x06: return .right
        case 0x10: return .up
        case 0x0E: return .down
        case 0x15: return .deleteToStart
        case 0x03: return .interrupt
        case 0x04: return .endOfFile
        case 0x20..<0x7F: return .character(Unicode.Scalar(byte))
        case 0xC2...0xDF:
            pending = .utf8(bytes: [byte], length: 2)
            return nil
        case 0xE0...0xEF:
            pending = .utf8(bytes: [byte], length: 3)
            return nil
        case 0xF0...0xF4:
            pending = .utf8(bytes: [byte], length: 4)
            return nil
        default:
            return nil
        }
    }

    /// Modifier parameters (`ESC [ 1 ; 5 C`, Ctrl-Right) are ignored: the key is what counts.
    private static func decodeSequence(parameters: [UInt8], final: UInt8) -> KeyEvent? {
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch String(decoding: parameters.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self) {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            default: return nil
            }
        default:
            return nil
        }
    }
}

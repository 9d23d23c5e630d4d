import CreditCore
import CreditProtocol

/// Parses and decodes one line the way the server and the journal replay do.
func decode(_ bytes: [UInt8], origin: Origin = .wire) -> Result<Request, CreditError> {
    Books.decode(bytes, origin: origin)
}

func decode(_ text: String, origin: Origin = .wire) -> Result<Request, CreditError> {
    decode(Array(text.utf8), origin: origin)
}

/// The code a line is refused with, or nil when it decodes.
func refusal(_ text: String) -> ErrorCode? {
    if case .failure(let error) = decode(text) { return error.code }
    return nil
}

/// The command a line decodes to; a CHECK line is the command `.check`, as
/// the journal replays it.
func decodedCommand(_ text: String, origin: Origin = .wire) -> Command? {
    switch decode(text, origin: origin) {
    case .success(.command(let command)): command
    case .success(.check(let query)): .check(query)
    default: nil
    }
}

func text(_ body: (inout [UInt8]) -> Void) -> String {
    var out: [UInt8] = []
    body(&out)
    return String(decoding: out, as: UTF8.self)
}

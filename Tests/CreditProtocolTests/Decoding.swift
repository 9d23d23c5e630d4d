import CreditCore
import CreditProtocol

/// Parses and decodes one line the way the server and the journal replay do:
/// `RequestParser`, then `VerbTable.spec(for:)`, then `VerbSpec.decode`.
func decode(_ bytes: [UInt8], origin: Origin = .wire) -> Result<Request, CreditError> {
    let parser = RequestParser()
    return bytes.withUnsafeBytes { raw in
        do throws(CreditError) {
            let line = try parser.parse(raw)
            return .success(try VerbTable.spec(for: line).decode(line, origin: origin))
        } catch {
            return .failure(error)
        }
    }
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

import CreditCore
import CreditProtocol
import Testing

/// Random lines, seeded: the parser and decoders refuse or accept, with a
/// code from the table, and never trap. What they accept re-encodes to the
/// same command.
@Suite struct ParserFuzzTests {
    static let tokens = [
        "CHECK", "check", "PAY", "INVOICE", "BLOCK", "UNBLOCK", "OVERRIDE", "CONFIRM", "REVOKE", "CUSTOMER", "USER",
        "ADD", "DEL", "LIST", "STATUS", "PING", "HELP", "AUTH", "CLOCK", "SET", "QUIT",
        "C1", "I-1", "OV-1", "INV/2026/00017", "10", "0", "12.34", "-5", "1e3", "999999999999.99", "2026-02-28",
        "2026-02-29", "2026-03-01T10:00:00Z", "2h", "0m", "7d", "8d",
        "ref=R1", "ref=", "order=SO-1", "note=\"x\"", "note=\"", "note=\"a\\\"b\"", "note=\"\\n\"", "reason=FRAUD",
        "for=2h", "until=2026-03-01T10:00:00Z", "amount=5", "uses=2", "by=dana", "via=phone", "limit=100",
        "terms=30", "class=A", "strategic=yes", "name=\"Ütf 8\"", "date=2026-01-01", "due=2026-01-31", "invoice=I-1",
        "role=clerk", "credential=01:00", "=", "\"", "\\", "==", "a=b=c", "\"quoted words\"", "é", "\u{1F4B0}",
    ]

    static let codes: Set<ErrorCode> = [
        .emptyLine, .badQuote, .badEscape, .badUTF8, .badByte, .unknownVerb, .missingArgument, .extraArgument,
        .unknownKey, .duplicateKey, .badID, .badAmount, .badDate, .badInstant, .badDuration, .badValue, .noteRequired,
    ]

    @Test(arguments: [7, 0xBADC0DE] as [UInt64])
    func randomLines_AreRefusedWithALineCode_OrDecodeToARoundTrip(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var accepted = 0
        for index in 0..<10_000 {
            var bytes: [UInt8] = []
            if random.below(4) == 0 {
                for _ in 0..<random.below(40) { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            } else {
                for position in 0..<(1 + random.below(8)) {
                    if position > 0 { bytes.append(random.below(8) == 0 ? 0x09 : 0x20) }
                    bytes += Array(random.pick(Self.tokens).utf8)
                    if random.below(30) == 0 { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
                }
            }
            switch decode(bytes, origin: random.below(2) == 0 ? .wire : .journal) {
            case .failure(let error):
                #expect(Self.codes.contains(error.code), "seed \(seed) line \(index): \(error)")
            case .success(.command(let command)):
                accepted += 1
                #expect(
                    decodedCommand(command.line, origin: .journal) == command,
                    "seed \(seed) line \(index): \(command.line)")
            case .success:
                accepted += 1
            }
        }
        #expect(accepted > 50)
    }
}

import CreditCore
import Testing

@testable import CreditProtocol

/// Bad input, each kind with its own code, never a crash; and the good input
/// that looks like bad input (case, quotes, escapes, UTF-8, tabs).
@Suite struct RequestParserTests {
    @Test(
        arguments: [
            // The line itself.
            ("", ErrorCode.emptyLine), ("   ", .emptyLine), ("\t \t", .emptyLine),
            ("BLOCK C1 reason=FRAUD note=\"forged", .badQuote), ("CHECK \"C1", .badQuote), ("CHECK C\"1\"", .badQuote),
            ("BLOCK C1 reason=FRAUD note=\"a\"b", .badQuote), ("BLOCK C1 reason=FRAUD note=\"ends in \\", .badQuote),
            ("BLOCK C1 reason=FRAUD note=a\"b\"", .badQuote),
            ("BLOCK C1 reason=FRAUD note=\"line\\nbreak\"", .badEscape),
            ("BLOCK C1 reason=X note=\"tab\\t\"", .badEscape),
            ("FROB C1", .unknownVerb), ("CHECKS C1", .unknownVerb), ("USER FROB bob", .unknownVerb),
            ("USER", .unknownVerb),
            ("\"FROB\" C1", .unknownVerb),
            ("CHECK", .missingArgument), ("INVOICE C1 I1", .missingArgument), ("PAY C1 10", .missingArgument),
            ("OVERRIDE C1 note=\"x\"", .missingArgument), ("USER ADD role=clerk", .missingArgument),
            ("AUTH bob", .missingArgument), ("BLOCK C1 note=\"x\"", .missingArgument),
            ("CHECK C1 10 20", .extraArgument), ("PING now", .extraArgument), ("STATUS C1 C2", .extraArgument),
            ("USER DEL bob carl", .extraArgument),
            ("CHECK C1 foo=1", .unknownKey), ("CHECK C1 10 ORDERS=SO-1", .unknownKey), ("CHECK C1 =5", .unknownKey),
            ("USER ADD bob role=clerk credential=00:00", .unknownKey),
            ("PAY C1 10 ref=R1 ref=R2", .duplicateKey), ("PAY C1 10 ref=R1 REF=R2", .duplicateKey),
            ("BLOCK C1 reason=A Reason=B note=\"x\"", .duplicateKey), ("CHECK C1 order=A order=A", .duplicateKey),
            // Values.
            ("CHECK C#1", .badID), ("CHECK C1 order=", .badID), ("CHECK C1 order=\"a b\"", .badID),
            ("PAY C1 10 ref=\"a\\\"b\"", .badID), ("CHECK " + String(repeating: "x", count: 65), .badID),
            ("CHECK Ç1", .badID),
            ("CHECK C1 1,000", .badAmount), ("CHECK C1 -5", .badAmount), ("CHECK C1 1e3", .badAmount),
            ("INVOICE C1 I1 0", .badAmount), ("PAY C1 0.00 ref=R1", .badAmount), ("CHECK C1 1000000000000", .badAmount),
            ("OVERRIDE C1 for=1h amount=0 note=\"x\"", .badAmount), ("CUSTOMER C1 limit=-1", .badAmount),
            ("INVOICE C1 I1 10 date=2026-02-29", .badDate), ("INVOICE C1 I1 10 due=2026-13-01", .badDate),
            ("INVOICE C1 I1 10 date=26-01-01", .badDate),
            ("OVERRIDE C1 for=0m note=\"x\"", .badDuration), ("OVERRIDE C1 for=5x note=\"x\"", .badDuration),
            ("OVERRIDE C1 for=m note=\"x\"", .badDuration), ("OVERRIDE C1 for=-5m note=\"x\"", .badDuration),
            ("OVERRIDE C1 until=2026-03-01 note=\"x\"", .badInstant), ("CLOCK SET 2026-03-01", .badInstant),
            ("BLOCK C1 reason=FRAUD", .noteRequired), ("BLOCK C1 reason=FRAUD note=\"\"", .noteRequired),
            ("BLOCK C1 reason=FRAUD note=\"  \t \"", .noteRequired), ("BLOCK C1 reason=FRAUD note=", .noteRequired),
            ("UNBLOCK C1", .noteRequired), ("REVOKE OV-1", .noteRequired), ("OVERRIDE C1 for=1h", .noteRequired),
            ("CUSTOMER C1 class=E", .badValue), ("CUSTOMER C1 strategic=maybe", .badValue),
            ("CUSTOMER C1 terms=3651", .badValue), ("CUSTOMER C1 terms=x", .badValue),
            ("OVERRIDE C1 for=1h uses=0 note=\"x\"", .badValue), ("OVERRIDE C1 for=1h uses=1001 note=\"x\"", .badValue),
            ("OVERRIDE C1 for=1h by=dana note=\"x\"", .badValue),
            ("OVERRIDE C1 for=1h via=phone note=\"x\"", .badValue),
            ("OVERRIDE C1 for=1h by=dana via=fax note=\"x\"", .badValue),
            ("OVERRIDE C1 for=1h until=2026-03-01T00:00:00Z note=\"x\"", .badValue),
            ("BLOCK C1 reason=FR-AUD note=\"x\"", .badValue), ("USER ADD bob role=boss", .badValue),
            ("BLOCK C1 reason=FRAUD note=\"" + String(repeating: "n", count: 1001) + "\"", .badValue),
        ] as [(String, ErrorCode)])
    func badLine_IsRefused_WithItsOwnCode(line: String, code: ErrorCode) {
        #expect(refusal(line) == code)
    }

    @Test(
        arguments: [
            [0x43, 0x48, 0x45, 0x43, 0x4B, 0x20, 0xFF],  // not UTF-8 at all
            [0x43, 0x48, 0x45, 0x43, 0x4B, 0x20, 0xC0, 0x80],  // overlong NUL
            [0x43, 0x48, 0x45, 0x43, 0x4B, 0x20, 0x80],  // lone continuation byte
            [0x43, 0x48, 0x45, 0x43, 0x4B, 0x20, 0xE2, 0x82],  // cut short
            [0x43, 0x48, 0x45, 0x43, 0x4B, 0x20, 0xED, 0xA0, 0x80],  // a surrogate
            [0x43, 0x48, 0x45, 0x43, 0x4B, 0x20, 0xF4, 0x90, 0x80, 0x80],  // beyond U+10FFFF
        ] as [[UInt8]])
    func invalidUTF8_IsBadUTF8(bytes: [UInt8]) {
        guard case .failure(let error) = decode(bytes) else {
            Issue.record("decoded")
            return
        }
        #expect(error.code == .badUTF8)
    }

    @Test(arguments: [0x00, 0x01, 0x07, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F] as [UInt8])
    func controlBytes_AreBadByte(byte: UInt8) {
        for bytes in [
            [byte], Array("CHECK C1".utf8) + [byte],
            Array("BLOCK C1 reason=X note=\"a".utf8) + [byte] + Array("b\"".utf8),
        ] {
            guard case .failure(let error) = decode(bytes) else {
                Issue.record("decoded")
                continue
            }
            #expect(error.code == .badByte)
        }
    }

    @Test func nul_IsNamedInTheMessage() {
        guard case .failure(let error) = decode([0x43, 0x00]) else {
            Issue.record("decoded")
            return
        }
        #expect(error == CreditError(.badByte, "NUL bytes are not allowed"))
    }

    @Test(arguments: [
        "CHECK C1 10.50 order=SO-1", "check C1 10.50 order=SO-1", "Check C1 10.50 ORDER=SO-1",
        "cHeCk\tC1\t\t10.50   Order=SO-1", "  CHECK C1 10.50 order=SO-1  ", "\tCHECK C1 10.5 order=SO-1\t",
    ])
    func verbsAndKeys_AreCaseInsensitive_AndTabsSeparate(line: String) {
        #expect(
            decodedCommand(line) == .check(CheckQuery(customer: "C1", amount: Money(minorUnits: 1050), order: "SO-1")))
    }

    @Test func subverbs_AreCaseInsensitive() {
        guard case .success(.addUser(let name, let role, nil)) = decode("user add bob ROLE=Manager") else {
            Issue.record("USER ADD not decoded")
            return
        }
        #expect(name == "bob" && role == .manager)
        #expect(decodedCommand("User Del bob") == .deleteUser(name: "bob"))
    }

    @Test func quotedValues_DecodeExactly_WithEscapesAndUTF8() {
        let line = #"BLOCK C1 reason=fraud note="he said \"нет\" \\ ok — שלום\#ttab""#
        #expect(
            decodedCommand(line) == .block(customer: "C1", reason: "FRAUD", note: "he said \"нет\" \\ ok — שלום\ttab"))
        #expect(
            decodedCommand(#"CUSTOMER C1 name="Acme \"Widgets\" Ltd" limit=2500.5 terms=60 class=c strategic=YES"#)
                == .customer(
                    CustomerChange(
                        id: "C1", name: "Acme \"Widgets\" Ltd", limit: Money(minorUnits: 250_050),
                        terms: 60, riskClass: .c, strategic: true)))
        #expect(decodedCommand(#"UNBLOCK C1 note="""#) == nil)
        #expect(decodedCommand(#"UNBLOCK C1 note=paid"#) == .unblock(customer: "C1", note: "paid"))
        #expect(decodedCommand(#"UNBLOCK C1 note="\\""#) == .unblock(customer: "C1", note: "\\"))
    }

    @Test func quotedPositional_IsAValue() {
        guard case .success(.auth(let user, let secret)) = decode(#"AUTH bob "correct horse \"battery\"""#) else {
            Issue.record("AUTH not decoded")
            return
        }
        #expect(user == "bob" && secret == "correct horse \"battery\"")
    }

    @Test func thirtyTwoWords_Parse_AndThirtyThreeAreTooMany() throws {
        let parser = RequestParser()
        let words32 = Array((["HELP"] + (1...31).map { "w\($0)" }).joined(separator: " ").utf8)
        let count = try words32.withUnsafeBytes { raw in try parser.parse(raw).words.count }
        #expect(count == 32)
        #expect(refusal((["CHECK"] + (1...32).map { "w\($0)" }).joined(separator: " ")) == .extraArgument)
        #expect(refusal((["CHECK", "C1"] + (1...31).map { "k\($0)=v" }).joined(separator: " ")) == .extraArgument)
    }

    @Test func aKeyValueWord_IsNeverTheVerb() {
        #expect(refusal("order=CHECK CHECK C1") == .unknownVerb)
        #expect(refusal("x=PING") == .unknownVerb)
    }

    @Test func everyVerb_IsFoundByItsName() {
        for spec in VerbTable.all {
            let bytes = Array(spec.name.lowercased().utf8)
            let name = bytes.withUnsafeBytes { raw -> String? in
                do throws(CreditError) {
                    return try VerbTable.spec(for: try RequestParser().parse(raw)).name
                } catch {
                    return nil
                }
            }
            #expect(name == spec.name)
            #expect(VerbTable.spec(named: spec.name.lowercased())?.name == spec.name)
        }
    }

    @Test func parser_IsReusable_AfterAnError() throws {
        let parser = RequestParser()
        for text in ["PAY C1 10 ref=R1 ref=R2", "CHECK C1", "", "CHECK \"x", "STATUS C2"] {
            let bytes = Array(text.utf8)
            let words = bytes.withUnsafeBytes { raw -> Int? in
                do throws(CreditError) { return try parser.parse(raw).words.count } catch { return nil }
            }
            #expect(words == ["CHECK C1": 2, "STATUS C2": 2][text], "\(text)")
        }
    }
}

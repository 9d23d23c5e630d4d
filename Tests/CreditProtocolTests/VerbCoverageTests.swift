import CreditCore
import CreditProtocol
import Testing

/// Every kind of command has a verb: a row in `VerbTable`, a canonical journal line that decodes
/// back to the same command, and a section in protocol.md. A new `Command` case fails here until
/// it has all three (`sample` must name one of each kind; the client's table is checked by
/// `ClientToolRequestTests.everyVerbOfTheProtocol_HasASubcommand`).
@Suite struct VerbCoverageTests {
    static func sample(_ kind: Command.Kind) -> Command {
        let credential = Credential(secret: "s3cret", salt: [1, 2, 3, 4])
        let change = CustomerChange(id: "C1", limit: Money(minorUnits: 500_000), riskClass: .b, note: "grew")
        let day = Day(parsing: "2026-12-31")!
        switch kind {
        case .customer: return .customer(change)
        case .request: return .request(change)
        case .approve: return .approve(request: "RQ-1", note: "checked the accounts")
        case .reject: return .reject(request: "RQ-1", note: "too soon")
        case .reviewed: return .reviewed(customer: "C1", note: "annual review")
        case .invoice:
            return .invoice(
                InvoiceEntry(customer: "C1", id: "I1", amount: Money(minorUnits: 100), issued: day, due: day))
        case .pay: return .pay(PaymentEntry(customer: "C1", amount: Money(minorUnits: 100), ref: "R1", invoice: "I1"))
        case .block: return .block(customer: "C1", reason: "FRAUD", note: "forged cheque")
        case .unblock: return .unblock(customer: "C1", note: "cleared up")
        case .override:
            return .override(OverrideEntry(customer: "C1", window: .lasting(.hours(2)), order: "SO-1", note: "n"))
        case .confirm: return .confirm(override: "OV-1")
        case .revoke: return .revoke(override: "OV-1", note: "no longer needed")
        case .check: return .check(CheckQuery(customer: "C1", amount: Money(minorUnits: 100), order: "SO-1"))
        case .relayedHold:
            return .relayedHold(
                CheckQuery(customer: "C1", amount: Money(minorUnits: 100), order: nil),
                RelayedHold(reasons: [.overLimit], replica: "site-b"))
        case .addUser:
            return .addUser(name: "bob", role: .manager, credential: credential, overrideMax: Money(minorUnits: 1))
        case .deleteUser: return .deleteUser(name: "bob")
        case .resetSecret: return .resetSecret(name: "bob", credential: credential)
        case .instrument: return .instrument(customer: "C1", ref: "CHQ-1", amount: Money(minorUnits: 100), due: day)
        case .cleared: return .cleared(ref: "CHQ-1")
        case .bounced: return .bounced(ref: "CHQ-1")
        case .guarantee: return .guarantee(customer: "C1", ref: "BG-1", amount: Money(minorUnits: 100), until: day)
        case .release: return .release(ref: "BG-1")
        case .credit: return .credit(PaymentEntry(customer: "C1", amount: Money(minorUnits: 100), ref: "CN-1"))
        case .dispute: return .dispute(customer: "C1", invoice: "I1", note: "damaged")
        case .void: return .void(customer: "C1", invoice: "I1", note: "entered twice")
        case .resolve: return .resolve(customer: "C1", invoice: "I1", note: "replaced")
        case .promise: return .promise(customer: "C1", amount: Money(minorUnits: 100), by: day, note: "by phone")
        case .plan:
            return .plan(
                PlanEntry(
                    customer: "C1", total: Money(minorUnits: 100), instalments: 2, every: 30, first: day, note: "n"))
        case .stage: return .stage(customer: "C1", stage: .call, note: "called")
        case .releaseOrder: return .releaseOrder(order: "SO-1")
        case .setPolicy: return .setPolicy([PolicySetting(key: "order.hold", value: "36h")])
        case .audit: return .audit(.clock(Instant(parsing: "2026-03-05T10:00:00Z")!))
        case .note:
            return .note(
                customer: "C1", channel: "call", note: "spoke to the CFO", outcome: "pays Friday", followUp: day)
        case .charge:
            return .charge(
                ChargeEntry(customer: "C1", id: "LC-3-20261204", amount: Money(minorUnits: 1250), note: "late interest")
            )
        }
    }

    @Test(arguments: Command.Kind.allCases)
    func everyKind_HasARow_ALineThatDecodesBack_AndASection(kind: Command.Kind) throws {
        let command = Self.sample(kind)
        #expect(command.kind == kind)
        #expect(decodedCommand(command.line, origin: .journal) == command, "\(command.line)")
        // The row with a sub-verb first: RELEASE ORDER, not RELEASE.
        let words = command.line.split(separator: " ").map(String.init)
        let spec = try #require(
            VerbTable.spec(named: words.prefix(2).joined(separator: " ")) ?? VerbTable.spec(named: words[0]))
        #expect(command.line.hasPrefix(spec.name + " "))
        #expect(ProtocolDocument.text.contains("\n### \(spec.name)\n"), "protocol.md has no section for \(spec.name)")
    }
}

/// A decoder reads what its row promises through accessors that throw: were a row's arity or
/// required keys ever to disagree with its decoder, the line is refused, not the server crashed.
@Suite struct RequiredArgumentTests {
    /// The code `read` refuses the parsed line with, or nil.
    func refusal(_ text: String, _ read: (RequestLine) throws(CreditError) -> Void) -> ErrorCode? {
        Array(text.utf8).withUnsafeBytes { raw in
            do throws(CreditError) {
                try read(try RequestParser().parse(raw))
                return nil
            } catch {
                return error.code
            }
        }
    }

    @Test func aPromisedArgumentThatIsAbsent_IsMissingArgument() {
        #expect(refusal("AUTH bob") { line throws(CreditError) in _ = try line.text(1, "secret") } == .missingArgument)
        #expect(refusal("AUTH bob s3cret") { line throws(CreditError) in _ = try line.text(1, "secret") } == nil)
    }

    @Test func aPromisedKeyThatIsAbsent_IsMissingArgument() {
        #expect(
            refusal("PAY C1 5.00") { line throws(CreditError) in _ = try line.required(line.identifier("ref"), "ref=") }
                == .missingArgument)
        #expect(
            refusal("PAY C1 5.00 ref=R1") { line throws(CreditError) in
                _ = try line.required(line.identifier("ref"), "ref=")
            }
                == nil)
    }
}

import CreditCore
import CreditProtocol
import Testing

/// `Command.line` is what the journal stores: every command, every optional
/// field set or not, must decode back to itself.
@Suite struct CommandLineTests {
    static let credential = Credential(secret: "s3cret", salt: [0xDE, 0xAD, 0xBE, 0xEF])

    static let commands: [Command] = [
        .customer(CustomerChange(id: "C1")),
        .customer(
            CustomerChange(
                id: "INV/2026:a_b-c.d", name: "Acme \"Widgets\" \\ Ltd — ✓", limit: Money(minorUnits: 0),
                terms: 0, riskClass: .d, strategic: false)),
        .customer(
            CustomerChange(
                id: "C1", name: "  ", limit: Money(minorUnits: 99_999_999_999_999), terms: 3650,
                riskClass: .a, strategic: true)),
        .customer(CustomerChange(id: "C1", terms: Terms(days: 30, endOfMonth: true))),
        .customer(CustomerChange(id: "C1", terms: Terms(days: 0, endOfMonth: true))),
        .customer(
            CustomerChange(
                id: "C1", contact: "Йордан \"Дани\" Петров", phone: "+359 2 123 456", email: "a@b.bg", owner: "carla")),
        .customer(CustomerChange(id: "C1", contact: "", phone: "", email: "", owner: "")),
        .invoice(InvoiceEntry(customer: "C1", id: "I1", amount: Money(minorUnits: 1))),
        .invoice(
            InvoiceEntry(
                customer: "C1", id: "I1", amount: Money(minorUnits: 12_345), issued: Day(parsing: "2024-02-29"),
                due: Day(parsing: "2024-03-30"), order: "SO-1")),
        .pay(PaymentEntry(customer: "C1", amount: Money(minorUnits: 5), ref: "R1")),
        .pay(PaymentEntry(customer: "C1", amount: Money(minorUnits: 500), ref: "R1", invoice: "I1")),
        .block(customer: "C1", reason: "FRAUD", note: "forged \"cheque\" \\ שלום\tagain"),
        .unblock(customer: "C1", note: "paid"),
        .override(OverrideEntry(customer: "C1", window: .lasting(.hours(2)), note: "n")),
        .override(OverrideEntry(customer: "C1", window: .lasting(.minutes(90)), note: "n")),
        .override(OverrideEntry(customer: "C1", window: .lasting(Period(seconds: 45)), note: "n")),
        .override(
            OverrideEntry(
                customer: "C1", window: .until(Instant(parsing: "2026-03-02T10:00:00Z")!),
                maximumAmount: Money(minorUnits: 50_000), order: "SO-7", uses: 3, phoneManager: "dana",
                note: "dana phoned carla 09:10: ship it")),
        .confirm(override: "OV-12"),
        .revoke(override: "OV-12", note: "changed her mind"),
        .check(CheckQuery(customer: "C1")),
        .check(CheckQuery(customer: "C1", amount: Money(minorUnits: 1_050), order: "SO-1")),
        .relayedHold(
            CheckQuery(customer: "C1", amount: Money(minorUnits: 50_000)),
            RelayedHold(reasons: [.overLimit, .overdue], replica: "rep-1")),
        .relayedHold(
            CheckQuery(customer: "C1", amount: Money(minorUnits: 1), repeated: Repetition(count: 7, seconds: 3)),
            RelayedHold(reasons: .manual, replica: "rep")),
        .addUser(name: "bob", role: .terminal, credential: credential),
        .addUser(name: "dana", role: .manager, credential: credential),
        .deleteUser(name: "bob"),
        .resetSecret(name: "dana", credential: credential),
    ]

    @Test(arguments: commands)
    func line_ReparsesToTheSameCommand(command: Command) {
        #expect(decodedCommand(command.line, origin: .journal) == command, "\(command.line)")
    }

    @Test func everyCommandCase_IsCovered() {
        var cases = Set<String>()
        for command in Self.commands {
            cases.insert(String(String(describing: command).prefix { $0 != "(" }))
        }
        #expect(
            cases == [
                "customer", "invoice", "pay", "block", "unblock", "override", "confirm", "revoke", "check",
                "relayedHold", "addUser", "deleteUser", "resetSecret",
            ])
    }

    @Test(
        arguments: [
            (
                Command.check(CheckQuery(customer: "C1", amount: Money(minorUnits: 1_050), order: "SO-1")),
                "CHECK C1 10.50 order=SO-1"
            ),
            (
                .pay(PaymentEntry(customer: "C1", amount: Money(minorUnits: 500), ref: "R1", invoice: "I1")),
                "PAY C1 5.00 ref=R1 invoice=I1"
            ),
            (
                .block(customer: "C1", reason: "FRAUD", note: #"say "hi" \ bye"#),
                #"BLOCK C1 reason=FRAUD note="say \"hi\" \\ bye""#
            ),
            (
                .override(
                    OverrideEntry(
                        customer: "C1", window: .until(Instant(parsing: "2026-03-02T10:00:00Z")!), uses: 1,
                        phoneManager: "dana", note: "call")),
                #"OVERRIDE C1 until=2026-03-02T10:00:00Z uses=1 by=dana via=phone note="call""#
            ),
            (
                .addUser(
                    name: "bob", role: .clerk,
                    credential: Credential(salt: [1], digest: Array(repeating: 0xAB, count: 32))),
                "USER ADD bob role=clerk credential=01:" + String(repeating: "ab", count: 32)
            ),
        ] as [(Command, String)])
    func line_IsCanonical(command: Command, line: String) {
        #expect(command.line == line)
    }

    @Test func userAdd_WithACredential_IsOnlyReadFromTheJournal() {
        let line = Command.addUser(name: "bob", role: .clerk, credential: Self.credential).line
        #expect(refusal(line) == .unknownKey)
        #expect(decodedCommand(line, origin: .journal) != nil)
    }
}

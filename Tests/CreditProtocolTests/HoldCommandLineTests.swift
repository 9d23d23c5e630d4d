import CreditCore
import CreditProtocol
import Testing

/// The commands of holds and their ways out through the journal's path:
/// `Command.line`, then `RequestParser`, `VerbTable.spec(for:)` and
/// `decode(origin: .journal)` must give back the same command. (These live
/// here, not in CreditCoreTests: `Command.line` is CreditProtocol's.)
@Suite struct HoldCommandLineTests {
    static let commands: [Command] =
        [
            .instrument(
                customer: "C1", ref: "CHQ/2026:0001", amount: Money(minorUnits: 120_000),
                due: Day(parsing: "2026-12-15")!),
            .cleared(ref: "CHQ-1"),
            .bounced(ref: "CHQ-1"),
            .guarantee(customer: "C1", ref: "BG-1", amount: Money(minorUnits: 500_000), until: nil),
            .guarantee(customer: "C1", ref: "BG-2", amount: Money(minorUnits: 1), until: Day(parsing: "2028-02-29")!),
            .release(ref: "BG-1"),
            .credit(PaymentEntry(customer: "C1", amount: Money(minorUnits: 99_999_999_999_999), ref: "CN-1")),
            .credit(PaymentEntry(customer: "C1", amount: Money(minorUnits: 5), ref: "CN-2", invoice: "INV/2026/00017")),
            .dispute(customer: "C1", invoice: "I1", note: "goods \"damaged\" \\ פגום"),
            .resolve(customer: "C1", invoice: "I1", note: "replaced — Ivan: в петък"),
            .void(customer: "C1", invoice: "INV/2026/00017", note: "day and month swapped — שגוי"),
            .note(
                customer: "C1", channel: "call", note: "CFO on leave", outcome: nil,
                followUp: Day(parsing: "2026-06-20")),
            .charge(
                ChargeEntry(
                    customer: "C1", id: "LC-12-20260615", amount: Money(minorUnits: 36_692), note: "חוזה §7 — \"12%\"")),
            .promise(
                customer: "C1", amount: Money(minorUnits: 123_456), by: Day(parsing: "2026-12-31")!,
                note: "CFO, by phone"),
            .plan(
                PlanEntry(
                    customer: "C1", total: Money(minorUnits: 120_000), instalments: 4, every: 30,
                    first: Day(parsing: "2026-12-01")!, note: "agreed by phone with the CFO")),
            .plan(
                PlanEntry(
                    customer: "C1", total: Money(minorUnits: 1), instalments: 120, every: 366,
                    first: Day(parsing: "2027-01-01")!, note: "x")),
        ] + CollectionStage.allCases.map { .stage(customer: "C1", stage: $0, note: "stage \($0.rawValue)") } + [
            .releaseOrder(order: "SO/7:a"),
            .setPolicy([PolicySetting(key: "class.c.grace", value: "15")]),
            .setPolicy([
                PolicySetting(key: "class.a.minimum_overdue", value: "20.00"),
                PolicySetting(key: "default.class", value: "D"),
                PolicySetting(key: "order.hold", value: "36h"),
                PolicySetting(key: "override.maximum", value: "7d"),
            ]),
            .check(CheckQuery(customer: "C1", amount: Money(minorUnits: 60_000), order: "SO-1")),
        ]

    @Test(arguments: commands)
    func line_ReparsesToTheSameCommand(command: Command) {
        #expect(decodedCommand(command.line, origin: .journal) == command, "\(command.line)")
    }

    @Test func everyIssue5Case_IsCovered() {
        let cases = Set(Self.commands.map { String(String(describing: $0).prefix { $0 != "(" }) })
        #expect(
            cases == [
                "instrument", "cleared", "bounced", "guarantee", "release", "credit", "dispute", "resolve", "void",
                "note", "charge",
                "promise", "plan", "stage", "releaseOrder", "setPolicy", "check",
            ])
    }

    @Test(
        arguments: [
            (
                Command.instrument(
                    customer: "C1", ref: "CHQ-1", amount: Money(minorUnits: 120_000), due: Day(parsing: "2026-12-15")!),
                "INSTRUMENT C1 CHQ-1 1200.00 due=2026-12-15"
            ),
            (
                .guarantee(
                    customer: "C1", ref: "BG-1", amount: Money(minorUnits: 500_000), until: Day(parsing: "2026-12-31")!),
                "GUARANTEE C1 BG-1 5000.00 until=2026-12-31"
            ),
            (
                .credit(PaymentEntry(customer: "C1", amount: Money(minorUnits: 5), ref: "CN-2", invoice: "I1")),
                "CREDIT C1 CN-2 0.05 invoice=I1"
            ),
            (
                .plan(
                    PlanEntry(
                        customer: "C1", total: Money(minorUnits: 120_000), instalments: 4, every: 30,
                        first: Day(parsing: "2026-12-01")!, note: "n")),
                #"PLAN C1 total=1200.00 instalments=4 every=30d first=2026-12-01 note="n""#
            ),
            (.stage(customer: "C1", stage: .agency, note: "n"), #"STAGE C1 agency note="n""#),
            (.releaseOrder(order: "SO-1"), "RELEASE ORDER SO-1"),
            (.setPolicy([PolicySetting(key: "class.c.grace", value: "15")]), #"POLICY SET class.c.grace="15""#),
            (.setPolicy([PolicySetting(key: "class.c.terms", value: "eom+45")]), #"POLICY SET class.c.terms="eom+45""#),
        ] as [(Command, String)])
    func line_IsCanonical(command: Command, line: String) {
        #expect(command.line == line)
    }

    /// What a person types decodes to the same commands.
    @Test func wireLines_DecodeToTheCommands() {
        #expect(decodedCommand("release order SO-1") == .releaseOrder(order: "SO-1"))
        #expect(decodedCommand("RELEASE BG-1") == .release(ref: "BG-1"))
        #expect(
            decodedCommand("STAGE C1 AGENCY note=\"handed over\"")
                == .stage(customer: "C1", stage: .agency, note: "handed over"))
        #expect(
            decodedCommand("POLICY SET class.C.grace=15 class.C.minimum_overdue=20.00")
                == .setPolicy([
                    PolicySetting(key: "class.c.grace", value: "15"),
                    PolicySetting(key: "class.c.minimum_overdue", value: "20.00"),
                ]))
        #expect(refusal("POLICY SET") == .missingArgument)
        #expect(refusal("PLAN C1 total=100 instalments=2 every=36h first=2026-12-01 note=\"n\"") == .badDuration)
        #expect(refusal("PLAN C1 total=100 instalments=0 every=30d first=2026-12-01 note=\"n\"") == .badValue)
        #expect(refusal("STAGE C1 courts note=\"n\"") == .badValue)
        #expect(refusal("DISPUTE C1 I1") == .noteRequired)
        #expect(refusal("INSTRUMENT C1 CHQ-1 100") == .missingArgument)
    }
}

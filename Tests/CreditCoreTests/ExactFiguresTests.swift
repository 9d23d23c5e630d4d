import Testing

@testable import CreditCore

/// Late interest and the KPI ratios are exact: integers, rounded half up, never floating point
/// (R-COL-9, R-KPI-1).
@Suite struct ExactFiguresTests {
    @Test func interest_IsOpenTimesRateTimesDaysOver365_RoundedHalfUpToTheCent() {
        // 18.25 × 10% × 1 / 365 = 0.005 exactly: half a cent goes up (half-even would give 0.00).
        #expect(
            ChargeProposal.interest(on: Money(minorUnits: 1825), basisPoints: 1000, days: 1) == Money(minorUnits: 1))
        #expect(
            ChargeProposal.interest(on: Money(minorUnits: 5475), basisPoints: 1000, days: 1) == Money(minorUnits: 2))
        #expect(
            ChargeProposal.interest(on: Money(minorUnits: 1824), basisPoints: 1000, days: 1) == Money(minorUnits: 0))
        #expect(
            ChargeProposal.interest(on: Money(minorUnits: 1_000_000), basisPoints: 1200, days: 104)
                == Money(minorUnits: 34_192))
        // The largest book a customer may have, at 100%: a year's interest is exact; ten years'
        // does not fit in Int64 and is clamped (CHARGE then refuses it as TOO_LARGE), never trapped.
        #expect(ChargeProposal.interest(on: Ledger.bookMaximum, basisPoints: 10_000, days: 365) == Ledger.bookMaximum)
        #expect(
            ChargeProposal.interest(on: Ledger.bookMaximum, basisPoints: 10_000, days: 3650).minorUnits == Int64.max)
        #expect(ChargeProposal.interest(on: Money(minorUnits: 100), basisPoints: 0, days: 30) == .zero)
        let huge = ChargeProposal(
            id: "LC-1-20260615",
            item: Invoice(
                id: "I1", amount: Ledger.bookMaximum, issued: Day(parsing: "2016-01-01")!,
                due: Day(parsing: "2016-01-31")!, open: Ledger.bookMaximum, order: nil,
                recordedAt: Instant(parsing: "2016-01-01T00:00:00Z")!, recordedBy: "x"),
            from: Day(parsing: "2016-01-31")!, to: Day(parsing: "2026-06-15")!, basisPoints: 10_000,
            interest: Money(minorUnits: .max), fee: Money(minorUnits: 2500))
        #expect(huge.amount.minorUnits == .max)
    }

    @Test func interestSetting_IsAPercentWithAtMostTwoDecimals_KeptAsHundredths() throws {
        for (text, hundredths) in [("8.5", 850), ("8.50", 850), ("0", 0), ("12", 1200), ("100", 10_000), ("0.01", 1)] {
            #expect(try Policy.basisPoints("class.B.interest", text) == hundredths, "\(text)")
        }
        for text in ["100.01", "7.125", ".5", "5.", "-1", "1e2", "", "٣", "8,5"] {
            #expect(throws: CreditError.self, "\(text)") { try Policy.basisPoints("class.B.interest", text) }
        }
        #expect(Policy.percent(850) == "8.50" && Policy.percent(5) == "0.05" && Policy.percent(10_000) == "100.00")
    }

    @Test func chargeIds_ReadBackTheItemAndTheDay_AndNothingElse() {
        let day = Day(parsing: "2026-06-15")!
        #expect(ChargeProposal.id(item: 12, through: day) == "LC-12-20260615")
        #expect(ChargeProposal.parse("LC-12-20260615").map { [$0.item == 12, $0.through == day] } == [true, true])
        for id in [
            "LC-12-2026061", "LC-x-20260615", "LC-1-20261301", "LC-1-20260615-2", "XC-1-20260615", "LC--20260615",
        ] {
            #expect(ChargeProposal.parse(id) == nil, "\(id)")
        }
    }

    @Test func kpiRatios_AreRoundedHalfUp_AndShownWithTheirDecimals() {
        #expect(KPI.rounded(1, 2) == 1 && KPI.rounded(-1, 2) == -1 && KPI.rounded(1, 3) == 0 && KPI.rounded(2, 3) == 1)
        #expect(KPI.decimal(1020, places: 1) == "102.0" && KPI.decimal(2222, places: 2) == "22.22")
        #expect(KPI.decimal(5, places: 2) == "0.05" && KPI.decimal(-1250, places: 2) == "-12.50")
        let empty = KPI(from: Day(parsing: "2026-04-01")!, to: Day(parsing: "2026-06-30")!)
        #expect(empty.dsoTenths == 0 && empty.ceiHundredths == nil && empty.overdueShareHundredths == nil)
    }

    @Test func kpi_CountsBackMonthByMonth_AndAnInvoiceOlderThanTheCountbackIsSalesNoWindowHolds() throws {
        var books = Books()
        try books.customer("C1", limit: "100000")
        try books.invoice("C1", "OLD", "100", date: "2001-01-01", due: "2001-01-31")  // 25 years back: in no window
        try books.invoice("C1", "I1", "300", date: "2026-05-20", due: "2026-06-19")
        let kpi = books.ledger.kpi(from: Day(parsing: "2026-04-01")!, to: Day(parsing: "2026-06-30")!, at: books.moment)
        #expect(kpi.windows.reduce(0, +) == 30_000 && kpi.windows[1] == 30_000)
        #expect(kpi.receivables == 40_000 && kpi.sales == 30_000 && kpi.opening == 10_000)
        // 400.00 owed: the month to June 30 has no sales, the one to May 30 has 300.00, and no month after
        // that within 120 has any: every day of the 120 months counts (2016-06-30 to 2026-06-30), and no more.
        #expect(kpi.dsoTenths == 36_520)
    }
}

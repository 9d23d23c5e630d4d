import CreditCore
import Testing

@Suite struct MoneyTests {
    @Test(
        arguments: [
            ("0", "0.00", 0),
            ("0.5", "0.50", 50),
            ("0.05", "0.05", 5),
            ("7", "7.00", 700),
            ("123.45", "123.45", 12_345),
            ("1234.5", "1234.50", 123_450),
            ("999999999999.99", "999999999999.99", 99_999_999_999_999),
        ] as [(String, String, Int64)])
    func parse_ThenPrint_GivesCanonicalForm(text: String, printed: String, minorUnits: Int64) throws {
        let money = try #require(Money(parsing: text))
        #expect(money.minorUnits == minorUnits)
        #expect(money.description == printed)
        #expect(Money(parsing: printed) == money)
    }

    @Test(arguments: [
        "", " 1", "1 ", "1,000", "1e3", ".5", "5.", "+5", "1.234", "1.2.3", "1..2", "0x10", "12a",
        "1000000000000", "999999999999.999", "12345678901234567890", "-", "--5", "5-", "-.5", "١٢", "1 000",
    ])
    func parse_RejectsMalformedOrTooLarge(text: String) {
        #expect(Money(parsing: text) == nil)
        #expect(Money(parsing: text, allowNegative: true) == nil)
    }

    @Test(
        arguments: [
            ("-5", -500), ("-0.05", -5), ("-123.45", -12_345), ("-999999999999.99", -99_999_999_999_999),
        ] as [(String, Int64)])
    func parse_AcceptsNegative_OnlyWhenAllowed(text: String, minorUnits: Int64) {
        #expect(Money(parsing: text) == nil)
        #expect(Money(parsing: text, allowNegative: true)?.minorUnits == minorUnits)
    }

    @Test(
        arguments: [
            (-5, "-0.05"), (-100, "-1.00"), (-12_345, "-123.45"), (0, "0.00"), (1, "0.01"), (10, "0.10"),
            (Int64.min, "-92233720368547758.08"), (Int64.max, "92233720368547758.07"),
        ] as [(Int64, String)])
    func description_PrintsTwoDecimals_IncludingNegatives(minorUnits: Int64, printed: String) {
        #expect(Money(minorUnits: minorUnits).description == printed)
    }

    @Test func parse_FromBytes_MatchesParseFromString() {
        for text in ["0", "12.3", "1.234", "-1", "999999999999.99", "abc"] {
            let fromBytes = Array(text.utf8).withUnsafeBytes { Money(bytes: $0) }
            #expect(fromBytes == Money(parsing: text), "\(text)")
        }
    }

    @Test(
        arguments: [
            (Int64.max, 1, nil), (Int64.max - 1, 1, Int64.max), (Int64.min, -1, nil), (100, -250, -150), (0, 0, 0),
        ] as [(Int64, Int64, Int64?)])
    func adding_ReturnsNil_OnOverflow(a: Int64, b: Int64, sum: Int64?) {
        #expect(Money(minorUnits: a).adding(Money(minorUnits: b))?.minorUnits == sum)
    }

    @Test(
        arguments: [
            (Int64.min, 1, nil), (Int64.min + 1, 1, Int64.min), (Int64.max, -1, nil), (100, 250, -150), (0, 0, 0),
        ] as [(Int64, Int64, Int64?)])
    func subtracting_ReturnsNil_OnOverflow(a: Int64, b: Int64, difference: Int64?) {
        #expect(Money(minorUnits: a).subtracting(Money(minorUnits: b))?.minorUnits == difference)
    }

    @Test(
        arguments: [
            (10_000, 10, 1_000),  // exact
            (101, 10, 11),  // 10.1 rounds up to 11
            (1, 1, 1),  // 0.01 rounds up to 1
            (199, 50, 100),  // 99.5 rounds up to 100
            (0, 37, 0),
            (12_345, 100, 12_345),
            (12_345, 0, 0),
            (-101, 10, -10),  // up means towards +infinity
        ] as [(Int64, Int, Int64)])
    func percentage_RoundsUp_ToTheNextMinorUnit(amount: Int64, percent: Int, expected: Int64) {
        #expect(Money(minorUnits: amount).percentage(percent)?.minorUnits == expected)
    }

    @Test func percentage_ReturnsNil_OnOverflow() {
        #expect(Money(minorUnits: Int64.max / 10).percentage(1000) == nil)
    }

    @Test func comparison_FollowsMinorUnits() {
        #expect(Money(minorUnits: -1) < .zero)
        #expect(Money.zero < Money(minorUnits: 1))
        #expect(Money(minorUnits: 1).isPositive && !Money.zero.isPositive && Money(minorUnits: -1).isNegative)
    }
}

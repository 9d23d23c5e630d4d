import Testing

/// Issue 10's acceptance: AGING after DISPUTE/RESOLVE equals an independent computation on a
/// generated book of 10,000 customers with disputes, plans, promises, instruments and eom+N
/// terms. The book is generated from a seed, pipelined into the real server, and every line of
/// `AGING detail=yes` is compared with what `AgingModel` — written here from protocol.md, not
/// from the ledger's code — says it must be.
@Suite struct AgingAcceptanceTests {
    static let customers = 10_000
    static let today = CivilDay(2026, 6, 15)

    @Test func agingDetail_EqualsAnIndependentComputation_OnAGeneratedBookOf10000Customers() throws {
        let (server, admin) = try CollectionsTests.server(at: "2026-06-15")
        defer { withExtendedLifetime(server) {} }
        var random = SplitMix64(seed: 2026_12_04)
        var book = AgingModel()
        var lines: [String] = []
        for number in 0..<Self.customers { lines += book.generate(customer: number, on: Self.today, using: &random) }
        var replies: [String] = []
        for start in stride(from: 0, to: lines.count, by: 5000) {
            replies += try admin.send(batch: Array(lines[start..<min(start + 5000, lines.count)])).map { $0[0] }
        }
        let refused = zip(lines, replies).filter { !$0.1.hasPrefix("OK ") }
        #expect(refused.isEmpty, "\(refused.count) refused, the first: \(refused.prefix(3))")
        let kinds = Set(lines.map { $0.prefix { $0 != " " } })
        #expect(
            kinds.isSuperset(of: [
                "CUSTOMER", "INVOICE", "PAY", "DISPUTE", "RESOLVE", "PLAN", "PROMISE", "INSTRUMENT",
                "CLEARED", "BOUNCED",
            ]))
        #expect(lines.contains { $0.contains("terms=eom+") } && book.resolved > 500, "resolved \(book.resolved)")

        let aging = try admin.reply("AGING detail=yes")
        let expected = book.agingLines(on: Self.today)
        #expect(aging.count == expected.count + 1)
        #expect(aging.first == "OK *\(expected.count) aging")
        let different = zip(aging.dropFirst(), expected).filter { $0.0 != $0.1 }
        #expect(different.isEmpty, "\(different.count) lines differ, the first: \(different.prefix(2))")
    }
}

/// A calendar day as days since 1970-01-01 (Howard Hinnant's civil-days algorithm), kept apart from
/// CreditCore's `Day` so the expected figures do not come from the code under test.
struct CivilDay: Comparable {
    let days: Int

    init(days: Int) { self.days = days }

    init(_ year: Int, _ month: Int, _ day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    var civil: (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - (153 * mp + 2) / 5 + 1)
    }

    /// The last day of this day's month.
    var endOfMonth: CivilDay {
        let (year, month, _) = civil
        return CivilDay(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) + -1
    }

    var text: String {
        let (year, month, day) = civil
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    static func + (day: CivilDay, offset: Int) -> CivilDay { CivilDay(days: day.days + offset) }
    static func < (lhs: CivilDay, rhs: CivilDay) -> Bool { lhs.days < rhs.days }
}

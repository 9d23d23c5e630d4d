import CreditCore
import CreditProtocol
import CreditTestSupport
import Testing

/// CHECK's own reader (`VerbTable.plainCheck`) takes only the plain form and reads it exactly as
/// the general path does; every other line goes the general way.
@Suite struct PlainCheckTests {
    static let verbs = ["CHECK", "check", "ChEcK", "CHECKS", "CHEC", "STATUS", ""]
    static let words = [
        "C1", "c-1/2:x.y_z", String(repeating: "A", count: 64), String(repeating: "A", count: 65), "100", "0",
        "12.34", "12.345", "-5", "1e3", "999999999999.99", "9999999999999999999", "", "=", "order=SO-1", "\"C1\"",
        "é", "x=1", "100.", ".5", "0.01", "C 1", "\u{7F}", "I-1",
    ]
    static let separators = [" ", " ", " ", "  ", "\t", ""]

    @Test(arguments: [1, 0xC4EC] as [UInt64])
    func randomLines_AreReadAsTheGeneralPathReadsThem(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var plain = 0
        for index in 0..<20_000 {
            var line = random.pick(Self.verbs)
            for _ in 0..<(1 + random.below(3)) { line += random.pick(Self.separators) + random.pick(Self.words) }
            if random.below(10) == 0 { line += random.pick(Self.separators) }
            let bytes = Array(line.utf8)
            guard let quick = bytes.withUnsafeBytes({ raw in VerbTable.plainCheck(raw).map { $0.query(in: raw) } })
            else {
                continue
            }
            plain += 1
            guard case .success(.check(let general)) = decode(bytes) else {
                Issue.record("seed \(seed) line \(index): \(line) read as \(quick), refused by the general path")
                continue
            }
            #expect(general == quick, "seed \(seed) line \(index): \(line)")
        }
        #expect(plain > 1000, "only \(plain) plain CHECKs among the lines")
    }

    @Test(arguments: [
        "CHECK C1 100 order=SO-1", "CHECK  C1", "CHECK\tC1", "CHECK C1 ", "CHECK \"C1\"", "CHECK C1 100 5", "CHECK",
        "CHECK ", "CHECKC1", "CHECK order=SO-1", "CHECK C1 1e3", "CHECK C1 -5", "CHECK é", "STATUS C1",
    ])
    func otherLines_GoTheGeneralWay(line: String) {
        #expect(Array(line.utf8).withUnsafeBytes { VerbTable.plainCheck($0) } == nil)
    }

    @Test func theCommonForms_AreRead() {
        #expect(VerbTable.checkSpec.name == "CHECK")
        #expect(
            Array("CHECK C1 100".utf8).withUnsafeBytes { raw in VerbTable.plainCheck(raw)?.query(in: raw) }
                == CheckQuery(customer: "C1", amount: Money(minorUnits: 10_000)))
        #expect(
            Array("check c-9".utf8).withUnsafeBytes { raw in VerbTable.plainCheck(raw)?.query(in: raw) }
                == CheckQuery(customer: "c-9"))
    }
}

import CreditCore
import CreditProtocol
import Foundation
import Testing

/// protocol.md is the contract: it documents every verb and error code the
/// code has, and nothing the code does not.
@Suite struct ProtocolDocumentTests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("protocol.md"), encoding: .utf8)) ?? ""
    }()

    @Test func everyVerbHasASection_AndEverySectionIsAVerb() {
        let sections = Set(
            Self.document.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { String($0.dropFirst(4)) })
        let verbs = Set(VerbTable.all.map(\.name))
        #expect(sections == verbs)
    }

    @Test func everySyntaxLineIsQuoted() {
        for spec in VerbTable.all {
            #expect(
                Self.document.contains("    " + spec.syntax),
                "protocol.md lacks the syntax of \(spec.name)")
        }
    }

    @Test func everyErrorCodeIsInTheTable_AndEveryRowIsACode() {
        let errors = Self.document.components(separatedBy: "## 3. Errors")[1].components(separatedBy: "## 4.")[0]
        let rows = Set(
            errors.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("| `") else { return nil }
                let code = line.dropFirst(3).prefix { $0 != "`" }
                return code.allSatisfy { $0.isUppercase || $0 == "_" || $0.isNumber } ? String(code) : nil
            })
        #expect(rows == Set(ErrorCode.allCases.map(\.rawValue)))
    }

    @Test func theLimitsQuotedAreTheLimitsEnforced() {
        #expect(Self.document.contains("at most \(Limits.maximumLineLength) bytes including the newline"))
        #expect(Self.document.contains("at most \(Limits.maximumWords)"))
        #expect(Self.document.contains("at most \(Limits.maximumTextLength) bytes"))
        #expect(Self.document.contains("| open invoices of one customer | at most \(Limits.maximumOpenInvoices) "))
        #expect(Self.document.contains("| guarantees of one customer | at most \(Limits.maximumGuarantees), "))
        #expect(
            Self.document.contains(
                "| orders with credit reserved for one customer | at most \(Limits.maximumReservations) "))
    }
}

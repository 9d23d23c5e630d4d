import Testing

@testable import CreditCore

/// What keeps a large book small and its snapshot fast: user names stored once, an invoice's
/// ordinal in 32 bits unless it needs more, and LEB128 written a word at a time — each reading
/// back exactly what was written.
@Suite struct CompactBookTests {
    let at = Instant(secondsSinceEpoch: 1_780_000_000)

    func invoice(_ id: String, by user: String) -> Invoice {
        Invoice(
            id: id, amount: Money(minorUnits: 1_000), issued: at.utcDay, due: at.utcDay.adding(days: 30),
            open: Money(minorUnits: 1_000), order: nil, recordedAt: at, recordedBy: user)
    }

    @Test func userNames_ReadBackAsWritten_LongOnesAndAlternatingOnesIncluded() throws {
        let long = "אורית.כהן-מחסן-צפון-2"
        var customer = Customer(id: "C1", name: "Acme", riskClass: .b, createdAt: at, createdBy: long)
        for (number, user) in ["admin", "admin", long, "admin", "clerk-7", "clerk-7"].enumerated() {
            customer.add(invoice("I\(number)", by: user))
        }
        let loaded = try customer.throughASnapshot()
        #expect(loaded == customer)
        #expect(loaded.createdBy == long)
        #expect(loaded.invoices.map(\.recordedBy) == ["admin", "admin", long, "admin", "clerk-7", "clerk-7"])
        #expect(UserName(long) == loaded.creator && UserName("admin") != UserName("clerk-7"))
    }

    @Test func anOrdinalPast32Bits_IsKept_AndOneBackWithinThemEqualsAPlainInvoice() throws {
        var plain = invoice("I1", by: "admin")
        plain.ordinal = 7
        var wide = plain
        wide.ordinal = Int(Int32.max) + 5
        #expect(wide.ordinal == Int(Int32.max) + 5 && wide != plain)
        var customer = Customer(id: "C1", name: "Acme", riskClass: .b, createdAt: at, createdBy: "admin")
        customer.lastOrdinal = Int(Int32.max) + 4
        customer.add(plain)
        let loaded = try customer.throughASnapshot()
        #expect(loaded.invoices[0].ordinal == Int(Int32.max) + 5)
        #expect(loaded == customer)
        wide.ordinal = 7
        #expect(wide == plain && wide.hashValue == plain.hashValue)
    }

    @Test func extrasWithAnyFieldSet_AreNotEmpty() {
        #expect(Mirror(reflecting: CustomerExtras()).children.count == 21, "a new field is asked in isEmpty too")
        let changes: [(inout CustomerExtras) -> Void] = [
            { $0.ownTerms = Terms(days: 30, endOfMonth: false) }, { $0.review = self.at.utcDay },
            { $0.credit = Money(minorUnits: 1) }, { $0.pendingInstruments = Money(minorUnits: 1) },
            { $0.contact = "" }, { $0.owner = "" }, { $0.followUp = self.at.utcDay },
            { $0.log.append(LogEntry(at: self.at, by: "admin", action: .check, detail: "")) },
            { $0.checks.append(LogEntry(at: self.at, by: "admin", action: .check, detail: "")) },
        ]
        #expect(CustomerExtras().isEmpty)
        for change in changes {
            var extras = CustomerExtras()
            change(&extras)
            #expect(!extras.isEmpty && extras != CustomerExtras())
        }
    }

    @Test func unsignedNumbers_AreLEB128_AtEveryLengthsBoundary() throws {
        var writer = BinaryWriter()
        writer.write(UInt64(300))
        #expect(writer.bytes == [0xAC, 0x02])
        let values: [UInt64] = [0, 127, 128, 16_383, 16_384, 1 << 49, (1 << 56) - 1, 1 << 56, .max]
        writer.removeAll()
        for value in values { writer.write(value) }
        #expect(writer.bytes.count == [1, 1, 2, 2, 3, 8, 8, 9, 10].reduce(0, +))
        let read = try writer.bytes.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            return try values.map { _ in try reader.unsigned() }
        }
        #expect(read == values)
    }
}

extension Customer {
    /// The customer as a snapshot writes and a restart reads it.
    func throughASnapshot() throws -> Customer {
        var writer = BinaryWriter()
        encode(into: &writer)
        return try writer.bytes.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            return try Customer(reading: &reader)
        }
    }
}

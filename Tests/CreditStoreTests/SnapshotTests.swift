import CreditCore
import CreditStore
import Foundation
import Testing

/// Snapshots hold the whole ledger exactly, and damage to one is seen, never loaded.
@Suite struct SnapshotTests {
    static let start = Instant(parsing: "2026-03-01T09:00:00Z")!
    static let clerk = Actor(name: "carla", role: .clerk)
    static let manager = Actor(name: "dana", role: .manager)
    static let terminal = Actor(name: "pos1", role: .terminal)

    /// A ledger with something in every field a snapshot stores: a non-standard policy, users,
    /// customers with own limits and terms, open and settled invoices, payments with
    /// settlements and unapplied credit, a block, a lifted block (log), and overrides in every
    /// state (used, confirmed, revoked, phone-approved).
    static func richLedger() throws -> Ledger {
        var policy = Policy.standard
        policy.classes[.c] = ClassPolicy(
            terms: 14, limit: Money(parsing: "1500")!, graceDays: 10,
            minimumOverdue: Money(parsing: "2.50")!, bouncedLimit: 3, brokenPromiseLimit: 2,
            earnestPercent: 40)
        policy.overrideMaximum = .days(3)
        policy.phoneAmountMax = Money(parsing: "3000")!
        policy.overrideCountMax = 4
        policy.overrideWindow = .days(10)
        policy.defaultClass = .c
        var ledger = Ledger(policy: policy)
        var now = start
        func apply(_ command: Command, as actor: Actor = clerk) throws {
            _ = try ledger.apply(command, by: actor, at: Moment(instant: now))
            now = now.adding(.minutes(7))
        }
        for (name, role) in [("admin", Role.admin), ("carla", .clerk), ("dana", .manager), ("pos1", .terminal)] {
            try apply(
                .addUser(
                    name: name, role: role,
                    credential: Credential(secret: "s3cret-\(name)", salt: [1, 2, UInt8(name.count)])),
                as: .system)
        }
        try apply(
            .addUser(
                name: "mo", role: .manager, credential: Credential(secret: "m", salt: [7]),
                overrideMax: Money(parsing: "2500")!), as: .system)
        try apply(
            .customer(
                CustomerChange(
                    id: "C1", name: "Acme \"Ltd\" – Соф", limit: Money(parsing: "5000")!,
                    terms: 45, riskClass: .a, strategic: true, note: "key account")), as: manager)
        try apply(.customer(CustomerChange(id: "C2")))
        try apply(.customer(CustomerChange(id: "INV/2026:x_y-z.1", limit: Money(parsing: "0.01")!)))
        try apply(.customer(CustomerChange(id: "C2", terms: 0)))
        try apply(
            .invoice(
                InvoiceEntry(
                    customer: "C1", id: "I1", amount: Money(parsing: "1200.50")!,
                    issued: Day(parsing: "2026-01-01")!, due: Day(parsing: "2026-01-31")!,
                    order: "PO-1")))
        try apply(.invoice(InvoiceEntry(customer: "C1", id: "I2", amount: Money(parsing: "99.99")!)))
        try apply(.invoice(InvoiceEntry(customer: "C2", id: "I3", amount: Money(parsing: "300")!)))
        try apply(.pay(PaymentEntry(customer: "C1", amount: Money(parsing: "1000")!, ref: "BANK-1", invoice: "I2")))
        try apply(.pay(PaymentEntry(customer: "C2", amount: Money(parsing: "450.25")!, ref: "BANK-2")))
        try apply(.block(customer: "C1", reason: "FRAUD", note: "cheque signed by an unknown person"))
        try apply(.block(customer: "C2", reason: "DISPUTE", note: "called"))
        try apply(.unblock(customer: "C2", note: "settled by phone"))
        try apply(
            .override(
                OverrideEntry(
                    customer: "C1", window: .lasting(.hours(2)), maximumAmount: Money(parsing: "500")!,
                    order: nil, uses: 2, note: "truck loaded")), as: manager)
        try apply(.check(CheckQuery(customer: "C1", amount: Money(parsing: "300")!, order: "ORD-1")), as: terminal)
        try apply(
            .override(
                OverrideEntry(
                    customer: "C1", window: .until(now.adding(.days(1))), order: "ORD-9",
                    phoneManager: "dana", note: "dana on the phone")))
        try apply(.confirm(override: "OV-2"), as: manager)
        try apply(.override(OverrideEntry(customer: "C1", window: .lasting(.hours(1)), note: "short")), as: manager)
        try apply(.revoke(override: "OV-3", note: "order cancelled"), as: manager)
        try apply(
            .override(
                OverrideEntry(
                    customer: "C2", window: .lasting(.hours(5)), total: Money(parsing: "2500")!,
                    reasons: [.overLimit, .overdue], phoneManager: "mo",
                    note: "unconfirmed phone approval")))
        try apply(.check(CheckQuery(customer: "C2", amount: Money(parsing: "2000")!, order: "ORD-2")), as: terminal)
        try apply(
            .customer(
                CustomerChange(
                    id: "C2", limit: Money(parsing: "3000")!, until: Day(parsing: "2026-12-31")!,
                    review: Day(parsing: "2027-02-01")!, note: "season")), as: manager)
        try apply(
            .request(
                CustomerChange(
                    id: "C2", limit: Money(parsing: "5000")!, riskClass: .a, strategic: true,
                    until: Day(parsing: "2027-01-31")!, note: "more")))
        try apply(.request(CustomerChange(id: "NEW", terms: 60, note: "new key account")))
        return ledger
    }

    @Test func richLedger_RoundTripsExactly() throws {
        let folder = try TemporaryFolder()
        let directory = folder.path
        let ledger = try SnapshotTests.richLedger()
        #expect(ledger.customers["C1"]?.overrides.count == 3)
        #expect(ledger.customers["C2"]?.log.isEmpty == false)
        #expect(ledger.override("OV-4")?.spent == Money(parsing: "2000")!)

        let size = try Snapshot.write(ledger, sequence: 42, in: directory)
        let path = Snapshot.path(in: directory, sequence: 42)
        #expect(FileManager.default.contents(atPath: path)?.count == size)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        let (loaded, sequence) = try Snapshot.load(path)
        #expect(sequence == 42)
        #expect(loaded.customers == ledger.customers)
        #expect(loaded.users == ledger.users)
        #expect(loaded.policy == ledger.policy)
        #expect(loaded.nextOverride == ledger.nextOverride)
        #expect(loaded.nextOverride == 5)
        #expect(loaded.requests == ledger.requests && loaded.requests.count == 2 && loaded.nextRequest == 3)
        #expect(loaded.customers["C2"]?.temporaryLimit != nil && loaded.customers["C2"]?.review != nil)
        // The override index is rebuilt from the customers.
        for id in ["OV-1", "OV-2", "OV-3", "OV-4"] {
            #expect(loaded.override(id) == ledger.override(id), "\(id)")
            #expect(loaded.override(id) != nil, "\(id)")
        }
    }

    @Test func emptyLedger_RoundTrips() throws {
        let folder = try TemporaryFolder()
        let directory = folder.path
        try Snapshot.write(Ledger(), sequence: 0, in: directory)
        let (loaded, sequence) = try Snapshot.load(Snapshot.path(in: directory, sequence: 0))
        #expect(sequence == 0)
        #expect(loaded.customers.isEmpty)
        #expect(loaded.users.isEmpty)
        #expect(loaded.policy == .standard)
        #expect(loaded.nextOverride == 1)
    }

    /// A flip anywhere — magic, sequence, header, customers, trailer — is caught by the CRC
    /// trailer (or the magic), never loaded as a different ledger. Every byte of the head and
    /// tail, and every 13th between (all of them takes seconds in a debug build).
    @Test func flippedByte_AnywhereFailsToLoad_NamingCRC() throws {
        let folder = try TemporaryFolder()
        let directory = folder.path
        try Snapshot.write(try SnapshotTests.richLedger(), sequence: 7, in: directory)
        let path = Snapshot.path(in: directory, sequence: 7)
        let whole = [UInt8](FileManager.default.contents(atPath: path)!)
        let positions =
            Array(0..<64) + Array(stride(from: 64, to: whole.count - 16, by: 13))
            + Array((whole.count - 16)..<whole.count)
        for position in positions {
            var damaged = whole
            damaged[position] ^= 0x10
            _ = FileManager.default.createFile(atPath: path, contents: Data(damaged))
            let error = #expect(throws: StoreError.self, "byte \(position)") { try Snapshot.load(path) }
            let expected =
                position < 8
                ? "\(path) is not a CreditGate snapshot"
                : "\(path) fails its CRC-32C check (damaged)"
            #expect(error?.message == expected, "byte \(position)")
        }
    }

    @Test func truncatedFile_FailsToLoad() throws {
        let folder = try TemporaryFolder()
        let directory = folder.path
        try Snapshot.write(try SnapshotTests.richLedger(), sequence: 7, in: directory)
        let path = Snapshot.path(in: directory, sequence: 7)
        let whole = [UInt8](FileManager.default.contents(atPath: path)!)
        for length in [0, 1, 8, 19, 20, 21, whole.count / 2, whole.count - 4, whole.count - 1] {
            _ = FileManager.default.createFile(atPath: path, contents: Data(whole[0..<length]))
            #expect(throws: StoreError.self, "\(length) bytes") { try Snapshot.load(path) }
        }
    }

    @Test func list_OrdersNewestFirst_AndIgnoresOtherFiles() throws {
        let folder = try TemporaryFolder()
        let directory = folder.path
        for sequence: UInt64 in [9, 100, 10, 1] {
            try Snapshot.write(Ledger(), sequence: sequence, in: directory)
        }
        for stray in ["snapshot-00000000000000000500.cgs.tmp", "snapshot-x.cgs", "journal-00000000000000000001.cgj"] {
            _ = FileManager.default.createFile(atPath: directory + "/" + stray, contents: Data())
        }
        let listed = try Snapshot.list(in: directory)
        #expect(listed.map(\.sequence) == [100, 10, 9, 1])
        #expect(listed.map(\.path) == [100, 10, 9, 1].map { Snapshot.path(in: directory, sequence: $0) })
    }

    @Test func removeUnfinished_RemovesOnlySnapshotTempFiles() throws {
        let folder = try TemporaryFolder()
        let directory = folder.path
        try Snapshot.write(Ledger(), sequence: 3, in: directory)
        let unfinished = Snapshot.path(in: directory, sequence: 9) + ".tmp"
        for name in [unfinished, directory + "/notes.tmp", directory + "/journal-00000000000000000004.cgj"] {
            _ = FileManager.default.createFile(atPath: name, contents: Data("x".utf8))
        }
        #expect(try Snapshot.removeUnfinished(in: directory) == [unfinished])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                == ["journal-00000000000000000004.cgj", "notes.tmp", "snapshot-00000000000000000003.cgs"])
    }
}

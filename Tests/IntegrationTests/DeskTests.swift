import Foundation
import Testing

/// The credit controller's desk over the wire: the trail, the aging, the worklist.
@Suite struct DeskTests {
    static let today = "2026-06-15"

    /// Line by line, so a failure names the line that differs.
    static func expectLines(_ got: [String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == expected.count, sourceLocation: sourceLocation)
        for (line, want) in zip(got, expected) { #expect(line == want, sourceLocation: sourceLocation) }
    }

    @Test func history_ShowsEveryChangeNoteOverrideAndRefusedCheck_AndSurvivesARestart() throws {  // R-BLK-4, R-COL-2
        let (server, admin) = try ServerProcess.pinned(at: "2026-06-15T09:00:00Z")
        let manager = try server.user("dana", role: "manager", via: admin)
        let clerk = try server.user("carla", role: "clerk", via: admin)
        try clerk.expect(#"CUSTOMER C1 name="Acme" limit=1000"#, "OK C1 created")
        try clerk.expect("INVOICE C1 I1 800 date=2026-04-01 due=2026-05-01", startsWith: "OK C1 invoice=I1")
        try clerk.expect(
            "CHECK C1 100",
            "HOLD C1 reasons=OVERDUE available=200.00 exposure=800.00 limit=1000.00 amount=100.00 overdue_days=45 oldest=I1"
        )
        try clerk.expect(#"NOTE C1 channel=call note="CFO says Friday" outcome="promised""#, "OK C1 noted channel=call")
        try clerk.expect("PAY C1 300 ref=P1", "OK C1 ref=P1 paid=300.00 settled=I1:300.00 unapplied=0.00")
        try clerk.expect(#"BLOCK C1 reason=LEGAL note="lawyer's letter""#, "OK C1 blocked reason=LEGAL exposure=500.00")
        try manager.expect(
            #"OVERRIDE C1 for=2h note="truck loaded""#,
            "OK C1 override=OV-1 manager=dana until=2026-06-15T11:00:00Z reasons=MANUAL,OVERDUE")
        try clerk.expect(
            "CHECK C1 50",
            "OK C1 available=500.00 exposure=500.00 override=OV-1 held=MANUAL,OVERDUE block=LEGAL overdue_days=45 oldest=I1"
        )
        try manager.expect(#"UNBLOCK C1 note="letter withdrawn""#, "OK C1 unblocked exposure=500.00")
        let expected = [
            "OK *9 C1",
            "history at=2026-06-15T09:00:00Z by=carla action=CUSTOMER created",
            "history at=2026-06-15T09:00:00Z by=carla action=INVOICE invoice=I1 amount=800.00 date=2026-04-01 due=2026-05-01",
            "history at=2026-06-15T09:00:00Z by=carla action=CHECK HOLD reasons=OVERDUE amount=100.00",
            #"history at=2026-06-15T09:00:00Z by=carla action=NOTE channel=call outcome="promised" note="CFO says Friday""#,
            "history at=2026-06-15T09:00:00Z by=carla action=PAY ref=P1 amount=300.00",
            #"history at=2026-06-15T09:00:00Z by=carla action=BLOCK reason=LEGAL exposure=500.00 note="lawyer's letter""#,
            #"history at=2026-06-15T09:00:00Z by=dana action=OVERRIDE override=OV-1 manager=dana until=2026-06-15T11:00:00Z reasons=MANUAL,OVERDUE exposure=500.00 note="truck loaded""#,
            "history at=2026-06-15T09:00:00Z by=carla action=CHECK OK override=OV-1 held=MANUAL,OVERDUE amount=50.00",
            #"history at=2026-06-15T09:00:00Z by=dana action=UNBLOCK exposure=500.00 earnest=300.00 note="letter withdrawn""#,
        ]
        Self.expectLines(try admin.reply("HISTORY C1"), expected)
        try server.restart(extra: [])
        let again = try server.admin()
        Self.expectLines(try again.reply("HISTORY C1"), expected)
        #expect(try again.reply("HISTORY C1 limit=1") == ["OK *1 C1", expected.last!])
    }

    @Test func agingTotals_EqualTheSumOfOpenItems_ForATenThousandCustomerBook() throws {  // R-COL-1
        let (server, admin) = try ServerProcess.pinned(at: "2026-06-15T12:00:00Z")
        var random = SystemRandomNumberGenerator()
        var buckets = [Int64](repeating: 0, count: 6)
        let today = 20_619  // 2026-06-15 in days since 1970-01-01
        var lines: [String] = []
        for number in 0..<10_000 {
            lines.append("CUSTOMER K\(number) limit=100000 note=fixture")
            for item in 0..<Int.random(in: 1...3, using: &random) {
                let cents = Int64.random(in: 1...5_000_000, using: &random)
                let due = today - Int.random(in: -40...200, using: &random)
                let late = today - due
                buckets[late <= 0 ? 0 : late <= 30 ? 1 : late <= 60 ? 2 : late <= 90 ? 3 : late <= 120 ? 4 : 5] += cents
                let dueDay = Date(timeIntervalSince1970: Double(due) * 86_400)
                let text = ISO8601DateFormatter.string(
                    from: dueDay, timeZone: TimeZone(identifier: "UTC")!,
                    formatOptions: [.withFullDate])
                lines.append(
                    "INVOICE K\(number) I\(item) \(cents / 100).\(String(format: "%02lld", cents % 100)) date=2025-01-01 due=\(text)"
                )
            }
        }
        for chunk in stride(from: 0, to: lines.count, by: 2000) {
            let replies = try admin.send(batch: Array(lines[chunk..<min(chunk + 2000, lines.count)]))
            #expect(replies.allSatisfy { $0[0].hasPrefix("OK ") })
        }
        let names = ["current", "d1_30", "d31_60", "d61_90", "d91_120", "d120_plus"]
        let money = { (cents: Int64) in "\(cents / 100).\(String(format: "%02lld", cents % 100))" }
        let expected =
            "aging customer=* " + zip(names, buckets).map { "\($0)=\(money($1))" }.joined(separator: " ")
            + " total=\(money(buckets.reduce(0, +))) instruments=0.00 charges=0.00"
        #expect(try admin.reply("AGING") == ["OK *1 aging", expected])
    }

    @Test func worklist_ListsTheExpectedActions_InPriorityOrder() throws {  // R-COL-3, R-COL-7
        let (server, admin) = try ServerProcess.pinned(at: "2026-06-01T09:00:00Z")
        let setup = [
            // LATE: 136 days past due.
            "CUSTOMER LATE limit=100000 note=fixture", "INVOICE LATE L1 500 date=2026-01-01 due=2026-02-15",
            "CUSTOMER PROM limit=100000 note=fixture", "INVOICE PROM P1 200 date=2026-05-01 due=2026-05-20",
            #"PROMISE PROM 200 by=2026-06-01 note="by Monday""#,
            "CUSTOMER DISP limit=100000 note=fixture", "INVOICE DISP D1 300 date=2026-04-01 due=2026-04-10",
            #"DISPUTE DISP D1 note="goods damaged""#,
            "CUSTOMER BIG limit=100000 note=fixture", "INVOICE BIG B1 2500 date=2026-04-01 due=2026-05-01",  // 61 days
            // SMALL: 41 days past due.
            "CUSTOMER SMALL limit=100000 note=fixture", "INVOICE SMALL S1 80 date=2026-05-01 due=2026-05-21",
            // OLD: 103 days past due on July 1.
            "CUSTOMER OLD limit=100000 note=fixture", "INVOICE OLD O1 90 date=2026-02-01 due=2026-03-20",
            "CUSTOMER CLEAN limit=100000 note=fixture", "INVOICE CLEAN C1 900 date=2026-05-20",
        ]
        #expect(try admin.send(batch: setup).allSatisfy { $0[0].hasPrefix("OK ") })
        try admin.expect("CLOCK SET 2026-07-01T09:00:00Z", "OK clock=2026-07-01T09:00:00Z today=2026-07-01")
        #expect(
            try admin.reply("WORKLIST") == [
                "OK *7 worklist",
                #"work rank=1 customer=LATE name="LATE" action=AGENCY amount=500.00 reason="invoice L1 due 2026-02-15, 136 days past due: hand over now""#,
                #"work rank=2 customer=OLD name="OLD" action=AGENCY amount=90.00 reason="103 days past due: to the agency before 120 days""#,
                #"work rank=3 customer=PROM name="PROM" action=CALL amount=200.00 reason="promise of 200.00 by 2026-06-01 broken""#,
                #"work rank=4 customer=DISP name="DISP" action=RESOLVE amount=300.00 reason="invoice D1 disputed for 30 days""#,
                #"work rank=5 customer=BIG name="BIG" action=FINAL_NOTICE amount=2500.00 reason="61 days past due""#,
                #"work rank=6 customer=CLEAN name="CLEAN" action=LETTER amount=900.00 reason="900.00 overdue, 12 days: reminder by letter or e-mail""#,
                #"work rank=7 customer=SMALL name="SMALL" action=LETTER amount=80.00 reason="80.00 overdue, 41 days: reminder by letter or e-mail""#,
            ])
    }

    /// Book-wide reads are answered in the background; pipelined around other requests and
    /// changes, every reply still comes in order, and a read sees the changes before it.
    @Test func deskReads_AnswerInOrder_AmongPipelinedChanges() throws {
        let server = try ServerProcess(["--demo"])
        let admin = try server.admin()
        let graceEnd = try Self.graceEnd(admin)
        let blockedAt = try Self.blockedAt(server)
        try admin.connection.send("BLOCKED\nPING\nPAY C1003 1200 ref=R1\nBLOCKED\nCHECK C1001\nAGING\nQUIT\n")
        Self.expectLines(
            try admin.readReply(),
            [
                "OK *2 blocked",
                "blocked customer=C1003 name=\"Slow Payer Ltd\" reasons=OVERDUE since=\(graceEnd) exposure=1200.00 limit=20000.00 overdue_days=50 oldest=INV-1003-1",
                "blocked customer=C1005 name=\"Blocked Goods Ltd\" reasons=MANUAL since=\(blockedAt) exposure=0.00 limit=10000.00 block=FRAUD",
            ])
        #expect(try admin.readReply() == ["PONG"])
        #expect(try admin.readReply() == ["OK C1003 ref=R1 paid=1200.00 settled=INV-1003-1:1200.00 unapplied=0.00"])
        #expect(try admin.readReply()[0] == "OK *1 blocked")  // C1003 paid: only C1005 is left
        #expect(try admin.readReply() == ["OK C1001 available=7500.00 exposure=2500.00"])
        #expect(try admin.readReply()[0] == "OK *1 aging")
        #expect(try admin.readReply() == ["OK BYE"])
    }

    /// The day C1003's demo invoice passed its grace, as BLOCKED reports it.
    static func graceEnd(_ client: TestClient) throws -> String {
        let status = try client.reply("STATUS C1003")
        guard let invoice = status.first(where: { $0.hasPrefix("invoice ") }),
            let due = invoice.split(separator: " ").first(where: { $0.hasPrefix("due=") })?.dropFirst(4),
            let day = ISO8601DateFormatter.date(String(due))
        else { throw TestFailure("no due date in \(status)") }
        return ISO8601DateFormatter.day(day.addingTimeInterval(31 * 86_400))
    }

    static func blockedAt(_ server: ServerProcess) throws -> String {
        let status = try server.admin().reply("STATUS C1005")
        guard let block = status.first(where: { $0.hasPrefix("block ") }),
            let at = block.split(separator: " ").first(where: { $0.hasPrefix("at=") })?.dropFirst(3)
        else {
            throw TestFailure("no block in \(status)")
        }
        return String(at)
    }
}

extension ISO8601DateFormatter {
    static func date(_ day: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: day)
    }

    static func day(_ date: Date) -> String {
        string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }
}

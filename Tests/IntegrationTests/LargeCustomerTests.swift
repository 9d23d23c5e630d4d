import Foundation
import Testing

/// One customer's size does not multiply the cost of a write, and the bounds
/// on one customer are answered `ERR TOO_LARGE` and survive a restart.
@Suite struct LargeCustomerTests {
    @Test func pipelinedGuarantees_PastTheMost_AreTooLarge_AndRestartKeepsThem() throws {
        let server = try ServerProcess()
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER BIG limit=100", "OK BIG created")
        try admin.send((0...1_000).map { "GUARANTEE BIG G\($0) 1.00" }.joined(separator: "\n"))
        for n in 0..<1_000 {
            #expect(try admin.readLine() == "OK BIG guarantee=G\(n) amount=1.00 state=active limit=\(101 + n).00")
        }
        #expect(try admin.readLine() == "ERR TOO_LARGE BIG has 1000 guarantees, the most a customer may have")
        try admin.expect("PING", "PONG")
        try server.restart()
        let again = try server.admin()
        try again.expect("GUARANTEE BIG G7 1.00", "OK BIG guarantee=G7 amount=1.00 state=active limit=1100.00")
        try again.expect(
            "GUARANTEE BIG G-more 1.00", "ERR TOO_LARGE BIG has 1000 guarantees, the most a customer may have")
    }

    @Test func pipelinedOrders_PastTheMost_AreTooLarge_AndRestartKeepsTheReservations() throws {
        let server = try ServerProcess()
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect(#"CUSTOMER BIG limit=100000 note="fixture""#, "OK BIG created")
        try admin.send((0...1_000).map { "CHECK BIG 1 order=O\($0)" }.joined(separator: "\n"))
        for n in 0..<1_000 {
            #expect(
                try admin.readLine() == "OK BIG available=\(100_000 - n).00 exposure=0.00"
                    + (n > 0 ? " reserved=\(n).00" : ""))
        }
        #expect(
            try admin.readLine()
                == "ERR TOO_LARGE BIG has credit reserved for 1000 orders, the most a customer may have")
        try server.restart()
        let again = try server.admin()
        try again.expect("CHECK BIG 1 order=O7", "OK BIG available=99001.00 exposure=0.00 reserved=999.00")
        try again.expect("RELEASE ORDER O7", "OK BIG order=O7 released")
        try again.expect("CHECK BIG 1 order=O-more", "OK BIG available=99001.00 exposure=0.00 reserved=999.00")
    }

    /// A trail past 1,000 entries is made on the desk thread and streamed: every entry, in order,
    /// with the same lines as a short one would have, and the connection's next line after it.
    @Test func longHistory_StreamsWhole_InOrder_ThenTheNextLine() throws {
        let server = try ServerProcess()
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER LONG limit=100", "OK LONG created")
        let notes = 2_500
        try admin.send((1...notes).map { "NOTE LONG channel=call note=\"call \($0)\"" }.joined(separator: "\n"))
        for _ in 1...notes { #expect(try admin.readLine().hasPrefix("OK LONG ")) }
        try admin.send("HISTORY LONG\nHISTORY LONG limit=3\nPING")
        let whole = try admin.readReply()
        #expect(whole.first == "OK *\(notes + 1) LONG")
        #expect(whole.count == notes + 2)
        #expect(whole[1].hasSuffix(" action=CUSTOMER created"))
        for n in [1, 1_000, notes] { #expect(whole[n + 1].hasSuffix(" note=\"call \(n)\""), "entry \(n)") }
        #expect(try admin.readReply() == ["OK *3 LONG"] + whole.suffix(3))
        #expect(try admin.readLine() == "PONG")
    }
}

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
        try again.expect("GUARANTEE BIG G-more 1.00", "ERR TOO_LARGE BIG has 1000 guarantees, the most a customer may have")
    }

    @Test func pipelinedOrders_PastTheMost_AreTooLarge_AndRestartKeepsTheReservations() throws {
        let server = try ServerProcess()
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER BIG limit=100000", "OK BIG created")
        try admin.send((0...1_000).map { "CHECK BIG 1 order=O\($0)" }.joined(separator: "\n"))
        for n in 0..<1_000 {
            #expect(try admin.readLine() == "OK BIG available=\(100_000 - n).00 exposure=0.00" + (n > 0 ? " reserved=\(n).00" : ""))
        }
        #expect(try admin.readLine() == "ERR TOO_LARGE BIG has credit reserved for 1000 orders, the most a customer may have")
        try server.restart()
        let again = try server.admin()
        try again.expect("CHECK BIG 1 order=O7", "OK BIG available=99001.00 exposure=0.00 reserved=999.00")
        try again.expect("RELEASE ORDER O7", "OK BIG order=O7 released")
        try again.expect("CHECK BIG 1 order=O-more", "OK BIG available=99001.00 exposure=0.00 reserved=999.00")
    }
}

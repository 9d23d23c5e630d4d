import Foundation
import Testing

/// AUTH guessing against the real server (three wrong guesses, then one valid sign-in
/// of another user, repeated, gave 221,112 admin guesses in 10 s, none refused; rotating the
/// address within 127/8 worked too; the real admin was locked out; 20.8 MB of log in 10 s).
@Suite struct AuthThrottleTests {
    static let wrong = "ERR AUTH_FAILED wrong user or secret"

    @Test func guessesBetweenValidSignIns_AreRefused_AndTheAdminAtHomeIsNot() throws {
        let server = try ServerProcess()
        let admin = try server.admin()  // from 127.0.0.1: a familiar address for admin from now on
        let secret = try admin.addUser("till1", role: "terminal")
        // The bypass pattern from one address: three guesses, one valid sign-in of another user.
        let attacker = try server.connect(from: "127.0.0.2")
        var checked = 0
        var refused = 0
        for round in 0..<50 {
            for guess in 0..<3 {
                let reply = try attacker.request("AUTH admin guess-\(round)-\(guess)")
                if reply == AuthThrottleTests.wrong {
                    checked += 1
                } else if reply.hasPrefix("ERR AUTH_FAILED too many failed attempts") {
                    refused += 1
                } else {
                    Issue.record("a guess answered \(reply)")
                }
            }
            _ = try attacker.request("AUTH till1 \(secret)")
        }
        // 4 checked at once, then one each 1 s, 2 s, 4 s … after the last (the loop takes a few s).
        #expect(checked <= 8, "\(checked) admin guesses were checked")
        #expect(refused >= 140)
        // The same guesser on fresh addresses: the account itself slows down after 5 failures.
        var rotatedChecked = 0
        for host in 3..<40 {
            let rotated = try server.connect(from: "127.0.0.\(host)")
            let reply = try rotated.request("AUTH admin rotated-\(host)")
            if reply == AuthThrottleTests.wrong { rotatedChecked += 1 }
        }
        #expect(checked + rotatedChecked <= 12, "\(checked + rotatedChecked) admin guesses were checked in all")
        // The real admin, at the address they signed in from before, is not held up.
        let home = try server.connect()
        try home.expect("AUTH admin \(ServerProcess.adminSecret)", "OK admin role=admin")
        try home.expect("USER DEL till1", "OK till1 deleted")
        // One summary line per 10 s, not one line per guess (187 of them here).
        try ServerProcess.waitUntil("the failures are reported") { server.newLog().contains("AUTH failed ") }
        let lines = server.newLog().split(separator: "\n").filter { $0.contains("AUTH") }
        #expect(lines.count <= 3, "\(lines)")
        #expect(!server.newLog().contains("guess-"))
    }

    @Test func aSecretTypedAsTheUser_IsNotLogged_AndAFailedAuthSignsOut() throws {
        let server = try ServerProcess()
        let client = try server.admin()
        try client.expect("AUTH Typed-Secret-42 x", AuthThrottleTests.wrong)
        try client.expect("USER LIST", "ERR AUTH_REQUIRED USER LIST needs AUTH <user> <secret> first")
        try ServerProcess.waitUntil("the failure is reported") { server.newLog().contains("AUTH failed 1 times") }
        #expect(!server.newLog().contains("Typed-Secret-42"))
        #expect(server.newLog().contains("AUTH failed 1 times (no such user 1) from 127.0.0.1 1"))
    }

    /// From fresh addresses, a user's name and a name that is no user are slowed alike: the
    /// replies do not tell which names exist.
    @Test func aUserAndANameThatIsNoUser_AreSlowedAlike() throws {
        let server = try ServerProcess()
        _ = try server.admin().addUser("till1", role: "terminal")
        for (block, name) in ["till1", "nobody"].enumerated() {
            let replies = try (1...7).map { host in
                try server.connect(from: "127.0.\(block + 1).\(host)").request("AUTH \(name) wrong")
            }
            #expect(
                replies == Array(repeating: AuthThrottleTests.wrong, count: 6)
                    + ["ERR AUTH_FAILED too many failed attempts for \(name); try again in 1 s"], "\(name)")
        }
    }

    /// A guesser on the admin's own address slows the admin too, but for seconds, not minutes.
    @Test func guessesFromTheSameAddress_DelayForSeconds() throws {
        let server = try ServerProcess()
        let client = try server.connect()
        for index in 0..<3 { try client.expect("AUTH admin wrong-\(index)", AuthThrottleTests.wrong) }
        try client.expect("AUTH admin wrong-3", AuthThrottleTests.wrong)
        let refusal = try client.request("AUTH admin \(ServerProcess.adminSecret)")
        #expect(refusal == "ERR AUTH_FAILED too many failed attempts from 127.0.0.1; try again in 1 s")
        try ServerProcess.waitUntil("the delay passes", seconds: 5) {
            try client.request("AUTH admin \(ServerProcess.adminSecret)") == "OK admin role=admin"
        }
    }
}

import Testing

@testable import CreditServer

/// The throttle's rules on a clock of our own (nanoseconds), without a server: the real server's
/// side is `AuthThrottleTests` in IntegrationTests.
@Suite struct AuthThrottleRulesTests {
    static let second: UInt64 = 1_000_000_000

    @Test func anAddress_HasThreeFreeFailures_ThenWaitsLongerEachTime() {
        var throttle = AuthThrottle()
        for _ in 0..<3 {
            #expect(throttle.refusal(user: "ada", exists: true, address: "10.0.0.9", now: 0) == nil)
            throttle.failed(name: "ada", exists: true, address: "10.0.0.9", now: 0)
        }
        #expect(throttle.refusal(user: "ada", exists: true, address: "10.0.0.9", now: 0) == nil)
        throttle.failed(name: "ada", exists: true, address: "10.0.0.9", now: 0)
        #expect(throttle.refusal(user: "bob", exists: false, address: "10.0.0.9", now: 0) == .address(seconds: 1))
        #expect(throttle.refusal(user: "ada", exists: true, address: "10.0.0.9", now: Self.second) == nil)
        throttle.failed(name: "ada", exists: true, address: "10.0.0.9", now: Self.second)
        #expect(
            throttle.refusal(user: "ada", exists: true, address: "10.0.0.9", now: Self.second) == .address(seconds: 2))
    }

    @Test func anAccount_IsSlowedFromEverywhere_ButNotFromAFamiliarAddress() {
        var throttle = AuthThrottle()
        throttle.succeeded(user: "ada", address: "10.0.0.1")
        for guess in 0..<6 {
            throttle.failed(name: "ada", exists: true, address: "10.0.1.\(guess)", now: 0)
        }
        #expect(throttle.refusal(user: "ada", exists: true, address: "10.0.2.1", now: 0) == .account(seconds: 1))
        #expect(throttle.refusal(user: "ada", exists: true, address: "10.0.0.1", now: 0) == nil)
        #expect(throttle.refusal(user: "bob", exists: true, address: "10.0.2.1", now: 0) == nil)
    }
}

/// Slows secret guessing per client address and per account, without handing a guesser the
/// power to lock the account's owner out (protocol.md §4, in the manner of fail2ban's per-address
/// bans and "smart lockout" that spares familiar locations):
///
/// - **Per address** (`SocketAddress.clientKey`: an IPv4 address, an IPv6 /64): 3 failed AUTHs
///   are free; after the 4th, attempts from it are refused unchecked until 1 s after its last
///   failure, then 2 s, 4 s … (at most 60 s).
/// - **Per account** (users that exist): 5 failures against the account from anywhere are free;
///   after the 6th, attempts at it are refused unchecked until 1 s, 2 s, 4 s … (at most 30 s)
///   after its last failure — except from an address the user has signed in from before (since
///   the server started): the owner at a familiar address is never held up by failures elsewhere.
///
/// Names that are not users are slowed the same way (so the throttle does not tell which names
/// exist), kept only as a hash of the name, in a bounded table.
///
/// A refused attempt counts as nothing and extends no delay. A success clears no count (the
/// bypass that found 221,112 admin guesses in 10 s was three guesses, then one valid sign-in of
/// another user); counts are forgotten 15 minutes after their last failure. The address table is
/// bounded; failures are reported as one log line per 10 s, naming only users that exist.
struct AuthThrottle {
    struct Failures {
        /// Failed attempts in a row, and the monotonic time of the last.
        var count: Int
        var last: UInt64
    }

    enum Refusal: Equatable {
        case address(seconds: UInt64)
        case account(seconds: UInt64)
    }

    private var addresses: [String: Failures] = [:]
    private var accounts: [String: Failures] = [:]
    /// Failures naming no user, by the name's (per-process seeded) hash: a secret typed as the
    /// user name is never kept in clear.
    private var unknownNames: [Int: Failures] = [:]
    /// Address keys each user has signed in from, newest last, at most `familiarPerUser`.
    private var familiar: [String: [String]] = [:]
    private var report = Report()

    static let addressFreeFailures = 3
    static let addressMaximumDelay: UInt64 = 60_000_000_000
    static let accountFreeFailures = 5
    static let accountMaximumDelay: UInt64 = 30_000_000_000
    static let forgetAfter: UInt64 = 900_000_000_000
    static let maximumAddresses = 65_536
    static let familiarPerUser = 16
    static let reportEvery: UInt64 = 10_000_000_000

    /// Why an attempt by `address` at `user` is refused unchecked, or nil to check it.
    /// `exists` says whether `user` is a user.
    func refusal(user: String, exists: Bool, address: String, now: UInt64) -> Refusal? {
        if let wait = AuthThrottle.wait(
            addresses[address], free: AuthThrottle.addressFreeFailures,
            maximum: AuthThrottle.addressMaximumDelay, now: now)
        {
            return .address(seconds: wait)
        }
        guard familiar[user]?.contains(address) != true else { return nil }
        let failures = exists ? accounts[user] : unknownNames[user.hashValue]
        if let wait = AuthThrottle.wait(
            failures, free: AuthThrottle.accountFreeFailures,
            maximum: AuthThrottle.accountMaximumDelay, now: now)
        {
            return .account(seconds: wait)
        }
        return nil
    }

    /// Whole seconds (rounded up) until `failures` lets the next attempt through, or nil.
    private static func wait(_ failures: Failures?, free: Int, maximum: UInt64, now: UInt64) -> UInt64? {
        guard let failures, failures.count > free else { return nil }
        let delay = min(UInt64(1_000_000_000) << UInt64(min(failures.count - free - 1, 20)), maximum)
        let until = failures.last + delay
        return until > now ? (until - now + 999_999_999) / 1_000_000_000 : nil
    }

    mutating func refused() {
        report.refused += 1
    }

    /// A checked attempt naming `name` failed; `exists` says whether it is a user.
    mutating func failed(name: String, exists: Bool, address: String, now: UInt64) {
        if addresses[address] == nil, addresses.count >= AuthThrottle.maximumAddresses { makeRoom(now: now) }
        AuthThrottle.count(&addresses[address], now: now)
        if exists {
            AuthThrottle.count(&accounts[name], now: now)
        } else {
            if unknownNames[name.hashValue] == nil, unknownNames.count >= AuthThrottle.maximumAddresses {
                makeRoom(now: now)
            }
            AuthThrottle.count(&unknownNames[name.hashValue], now: now)
        }
        report.count(user: exists ? name : nil, address: address)
    }

    private static func count(_ failures: inout Failures?, now: UInt64) {
        failures = Failures(count: (failures?.count ?? 0) + 1, last: now)
    }

    mutating func succeeded(user: String, address: String) {
        var known = familiar[user] ?? []
        known.removeAll { $0 == address }
        known.append(address)
        familiar[user] = Array(known.suffix(AuthThrottle.familiarPerUser))
    }

    /// A deleted user's counts and familiar addresses go with them.
    mutating func forget(user: String) {
        accounts[user] = nil
        familiar[user] = nil
    }

    /// Forgets counts whose last failure is older than `forgetAfter`.
    mutating func prune(now: UInt64) {
        addresses = addresses.filter { now &- $0.value.last < AuthThrottle.forgetAfter }
        accounts = accounts.filter { now &- $0.value.last < AuthThrottle.forgetAfter }
        unknownNames = unknownNames.filter { now &- $0.value.last < AuthThrottle.forgetAfter }
    }

    /// A table is full of recent failures (many addresses or names at once): keep the newest half.
    private mutating func makeRoom(now: UInt64) {
        prune(now: now)
        addresses = AuthThrottle.newestHalf(addresses)
        unknownNames = AuthThrottle.newestHalf(unknownNames)
    }

    private static func newestHalf<Key>(_ table: [Key: Failures]) -> [Key: Failures] {
        guard table.count >= maximumAddresses else { return table }
        let newest = table.sorted { $0.value.last > $1.value.last }.prefix(maximumAddresses / 2)
        return Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }

    /// One log line for the failures since the last one, at most every `reportEvery`.
    mutating func summary(now: UInt64) -> String? {
        guard report.failures + report.refused > 0,
            now &- report.lastLine >= AuthThrottle.reportEvery || report.lastLine == 0
        else { return nil }
        defer { report = Report(lastLine: now) }
        return report.line
    }
}

extension AuthThrottle {
    /// Failed AUTHs since the last log line. Bounded: per user (users are few), and at most
    /// `listedAddresses` addresses by name.
    struct Report {
        var lastLine: UInt64 = 0
        var failures = 0
        var unknownUsers = 0
        var refused = 0
        var users: [String: Int] = [:]
        var addresses: [String: Int] = [:]
        var otherAddresses = 0

        static let listedAddresses = 8

        mutating func count(user: String?, address: String) {
            failures += 1
            if let user { users[user, default: 0] += 1 } else { unknownUsers += 1 }
            if addresses[address] != nil || addresses.count < Report.listedAddresses {
                addresses[address, default: 0] += 1
            } else {
                otherAddresses += 1
            }
        }

        var line: String {
            var who = users.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
            if unknownUsers > 0 { who.append("no such user \(unknownUsers)") }
            var from = addresses.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
            if otherAddresses > 0 { from.append("other addresses \(otherAddresses)") }
            var text = "AUTH failed \(failures) times"
            if failures > 0 { text += " (\(who.joined(separator: ", "))) from \(from.joined(separator: ", "))" }
            if refused > 0 { text += "; \(refused) attempts refused unchecked by the throttle" }
            return text
        }
    }
}

/// Slows down guessing: after three failed AUTHs from one address, further
/// attempts from it are refused unchecked for a time that doubles with every
/// failure (1 s, 2 s, 4 s … at most 5 minutes). A success clears the address.
struct AuthThrottle {
    private struct Record {
        var failures: Int
        var blockedUntil: UInt64
    }

    private var records: [String: Record] = [:]
    static let freeFailures = 3
    static let maximumBlock: UInt64 = 300_000_000_000

    /// Seconds still to wait before `address` may try again, or nil.
    func wait(for address: String, now: UInt64) -> UInt64? {
        guard let record = records[address], record.blockedUntil > now else { return nil }
        return (record.blockedUntil - now) / 1_000_000_000 + 1
    }

    /// Counts a failure; returns the failures so far.
    mutating func fail(_ address: String, now: UInt64) -> Int {
        var record = records[address] ?? Record(failures: 0, blockedUntil: 0)
        record.failures += 1
        if record.failures > AuthThrottle.freeFailures {
            let exponent = min(record.failures - AuthThrottle.freeFailures - 1, 20)
            record.blockedUntil = now + min(UInt64(1_000_000_000) << UInt64(exponent), AuthThrottle.maximumBlock)
        }
        records[address] = record
        return record.failures
    }

    mutating func succeed(_ address: String) {
        records[address] = nil
    }

    /// Forgets addresses that have not failed for a while.
    mutating func prune(now: UInt64) {
        records = records.filter { $0.value.blockedUntil + AuthThrottle.maximumBlock > now }
    }
}

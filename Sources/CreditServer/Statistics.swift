import CreditProtocol

/// Counters for INFO and STATS. Owned by the loop thread.
struct Statistics {
    var connectionsAccepted: UInt64 = 0
    var connectionsRefused: UInt64 = 0
    /// Requests per verb, by the verb's position in `VerbTable.all`.
    var commands = [UInt64](repeating: 0, count: VerbTable.all.count)
    var checksPassed: UInt64 = 0
    var checksHeld: UInt64 = 0
    var errors: UInt64 = 0

    mutating func count(_ spec: VerbSpec) {
        commands[spec.number] &+= 1
    }
}

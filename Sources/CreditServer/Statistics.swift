import CreditCore
import CreditProtocol

/// Counters for INFO and STATS. Owned by the loop thread.
struct Statistics {
    var connectionsAccepted: UInt64 = 0
    var connectionsRefused: UInt64 = 0
    /// Requests per verb, by the verb's position in `VerbTable.all`.
    var commands = [UInt64](repeating: 0, count: VerbTable.all.count)
    var checksPassed: UInt64 = 0
    var checksHeld: UInt64 = 0
    /// Held CHECKs per reason, by the reason's position in `HoldReason.codes`.
    var holds = [UInt64](repeating: 0, count: HoldReason.codes.count)
    var errors: UInt64 = 0

    mutating func count(_ spec: VerbSpec) {
        commands[spec.number] &+= 1
    }

    mutating func countHold(_ reasons: HoldReason) {
        checksHeld &+= 1
        for (index, code) in HoldReason.codes.enumerated() where reasons.contains(code.reason) {
            holds[index] &+= 1
        }
    }
}

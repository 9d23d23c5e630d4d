/// Counters for INFO and STATS. Owned by the loop thread.
struct Statistics {
    var connectionsAccepted: UInt64 = 0
    var connectionsRefused: UInt64 = 0
    var commands: [String: UInt64] = [:]
    var checksPassed: UInt64 = 0
    var checksHeld: UInt64 = 0
    var errors: UInt64 = 0

    mutating func count(_ verb: String) {
        commands[verb, default: 0] &+= 1
    }
}

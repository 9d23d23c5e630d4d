import Foundation
import Glibc
import Testing

/// A catch-up larger than the limit on a replica's unsent stream (`--replica-backlog`,
/// `--output-limit`) is delivered: it comes on top of the limit until it is drained.
@Suite struct CatchUpLimitTests {
    @Test func aCatchUpLargerThanTheBacklogLimit_IsDelivered() throws {
        let limit = 65_536
        let pair = try ReplicationTests.Pair(primaryArguments: [
            "--replica-backlog", String(limit), "--output-limit", String(limit),
        ])
        var customers: [String] = []
        for seed in 51...54 { customers += try ReplicationTests.writeLoad(pair.admin, seed: UInt64(seed), count: 400) }
        let journal = pair.primary.dataDirectory + "/journal-00000000000000000001.cgj"
        let size = try #require(FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int)
        #expect(size > 2 * limit, "the catch-up (\(size) bytes) must be well past the limit")
        try pair.startReplica()
        try pair.waitForCatchUp()
        try pair.expectSameBooks(customers)
        #expect(!pair.primary.newLog().contains("bytes behind; dropped"))
        // Streaming goes on under the same limit.
        let more = try ReplicationTests.writeLoad(pair.admin, seed: 55, count: 100)
        try pair.waitForCatchUp()
        try pair.expectSameBooks(more)
    }
}

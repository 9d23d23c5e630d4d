import CreditProtocol
import CreditTestSupport
import Foundation
import Glibc
import Testing

/// The group commit with its fdatasync on a thread of its own (`--fsync batch`): connections
/// writing at once share fdatasyncs, every acknowledged change survives a SIGKILL, and the loop
/// rests once the disk work is done (a wakeup left set would keep epoll returning at once).
@Suite struct GroupCommitTests {
    @Test func manyWriters_ShareSyncs_KeepEveryChange_AndTheIdleLoopRests() throws {
        let server = try ServerProcess()
        let writers = try (0..<8).map { _ in try server.admin() }
        let perWriter = 250
        func line(_ writer: Int, _ number: Int) -> String { "CUSTOMER G\(writer)-\(number) limit=100 note=load" }
        // All eight pipeline their lines at once; the replies are read after.
        for (index, writer) in writers.enumerated() {
            try writer.send((0..<perWriter).map { line(index, $0) }.joined(separator: "\n"))
        }
        for (index, writer) in writers.enumerated() {
            for number in 0..<perWriter { #expect(try writer.readLine() == "OK G\(index)-\(number) created") }
        }
        let info = try writers[0].reply("INFO").joined(separator: "\n")
        let records = try #require(ReplyWord.value("records", in: info).flatMap { Int($0) })
        let syncs = try #require(ReplyWord.value("fsyncs", in: info).flatMap { Int($0) })
        #expect(records >= writers.count * perWriter)
        #expect(syncs < records / 4, "\(syncs) fdatasyncs for \(records) records: the writes did not share them")

        // A second with nothing to do: the loop sleeps in epoll (a spinning one burns the second).
        let before = try server.cpuSeconds()
        usleep(1_000_000)
        let idle = try server.cpuSeconds() - before
        #expect(idle < 0.3, "the idle server used \(idle) s of CPU in 1 s")

        server.stop(signal: SIGKILL)
        try server.restart()
        let admin = try server.admin()
        for index in writers.indices {
            let checks = (0..<perWriter).map { "CHECK G\(index)-\($0)" }
            let replies = try admin.send(batch: checks)
            for (number, reply) in replies.enumerated() {
                #expect(reply == ["OK G\(index)-\(number) available=100.00 exposure=0.00"])
            }
        }
    }
}

import CreditCore
import CreditProtocol
import Testing

/// Issue 15: nothing accepted may stop a restart. Random valid-but-odd
/// requests (`OddRequests`) are applied live; every accepted change's journal
/// line must read back as the same change, and replaying the journal — into a
/// fresh ledger, and into the ledger a snapshot taken mid-run loads as — must
/// rebuild a ledger equal to the live one. 10 runs × 10,000 requests.
@Suite struct ReplayPropertyTests {
    static let requestsPerRun = 10_000

    @Test(arguments: 1...10 as ClosedRange<UInt64>)
    func acceptedRequests_ReplayToTheLiveLedger_FromTheJournalAndFromASnapshot(seed: UInt64) throws {
        var requests = OddRequests(seed: seed)
        var run = LiveRun()
        let snapshotAt = Self.requestsPerRun / 4 + requests.random.below(Self.requestsPerRun / 2)
        var snapshot: (ledger: Ledger, bytes: Ledger, journal: Int, moment: Moment)?
        for step in 0..<Self.requestsPerRun {
            if step == snapshotAt {
                // The server journals the refusals it holds in memory before a snapshot.
                run.writeRefusal()
                snapshot = (run.ledger, try LiveRun.snapshotRoundTrip(run.ledger), run.journal.count, run.moment)
            }
            Self.advance(&run.now, &requests)
            let actors = run.actors
            // A terminal asking again about a held customer: its refusals are counted into one entry.
            if let pending = run.pendingRefusal, requests.chance(30) {
                var asked = pending.query
                asked.repeated = nil
                run.send(Command.check(asked).line, as: pending.actor)
                continue
            }
            let ledger = run.ledger
            let today = run.now.utcDay
            let line = requests.line(now: run.now, nextOverride: run.ledger.nextOverride, users: actors.map(\.name)) {
                customer in
                ledger.customer(customer)?.charges(on: today, policy: ledger.policy).map(\.id) ?? []
            }
            // Mostly a user whose role may send the verb; now and then anyone.
            run.send(line) { role in
                let allowed = actors.filter { $0.role >= (role ?? .terminal) }
                return requests.random.pick(allowed.isEmpty || requests.chance(5) ? actors : allowed)
            }
        }
        run.writeRefusal()
        #expect(run.repeated > 100, "refusals counted into an earlier entry: \(run.repeated)")
        #expect(run.unreadable.isEmpty, "journal lines that do not read back: \(run.unreadable.prefix(3))")
        // The grammar reaches the corners: many accepted, many refused, every verb journaled.
        #expect(
            run.accepted > Self.requestsPerRun / 4 && run.refused > Self.requestsPerRun / 10,
            "accepted \(run.accepted), refused \(run.refused), journaled \(run.journal.count)")
        let journaled = Set(run.journal.map { $0.line.split(separator: " ").prefix(2).joined(separator: " ") })
        #expect(journaled.count > 25, "\(journaled.sorted())")
        #expect(run.journal.contains { $0.line.hasPrefix("CHARGE ") }, "a late charge posted and replayed")

        var replayed = Ledger()
        let failure = LiveRun.replay(run.journal[...], into: &replayed)
        #expect(failure == nil, "replay from the start: \(failure ?? "")")
        #expect(LiveRun.differences(run.ledger, replayed, at: run.moment) == [])

        let taken = try #require(snapshot)
        #expect(LiveRun.differences(taken.ledger, taken.bytes, at: taken.moment) == [])
        var restarted = taken.bytes
        let tail = LiveRun.replay(run.journal[taken.journal...], into: &restarted)
        #expect(tail == nil, "replay after the snapshot: \(tail ?? "")")
        #expect(LiveRun.differences(run.ledger, restarted, at: run.moment) == [])
        let twice = try LiveRun.snapshotRoundTrip(restarted)
        #expect(LiveRun.differences(run.ledger, twice, at: run.moment) == [])

        // Every code a verb answered is in its section of protocol.md, or among those any verb may answer.
        for (verb, codes) in run.codes {
            let documented = ProtocolDocument.codes(of: verb).union(ProtocolDocument.anyVerbCodes)
            #expect(
                codes.subtracting(documented).isEmpty,
                "\(verb) answers \(codes.subtracting(documented).map(\.rawValue).sorted()), not in protocol.md")
        }
    }

    /// The clock mostly walks on by minutes to days; now and then it jumps to
    /// the last days of year 9999 and back (CLOCK SET), where computed dates overflow.
    static func advance(_ now: inout Instant, _ requests: inout OddRequests) {
        switch requests.random.below(200) {
        case 0: now = Instant(parsing: requests.random.pick(["9999-12-31T20:00:00Z", "9999-12-01T00:00:00Z"]))!
        case 1: now = Instant(parsing: "2026-06-01T09:00:00Z")!
        default: now = now.adding(Period(seconds: Int64(requests.random.below(requests.chance(5) ? 4 * 86_400 : 7200))))
        }
    }
}

import CreditCore
import CreditStore

/// The audit entries of held CHECKs that are not in the journal yet (protocol.md §7). A HOLD
/// needs nothing on disk before it is sent, so its entry waits here, outside the turn's group
/// commit, until a change is journaled (it goes first, keeping the order of every customer's
/// history) or the once-a-second housekeeping writes it. Meanwhile a repeat of the same refusal
/// by the same user is only counted here; the count goes into the ledger's entry as it is journaled.
struct RefusalAudits {
    struct Entry {
        let moment: Moment
        let actor: Actor
        var query: CheckQuery
        var counted: Repeat
        /// A replica's refusal (`keep(relayed:)`), already in the ledger with its count.
        var relayed: RelayedHold?
    }

    private(set) var entries: [Entry] = []
    /// Each customer's newest entry here, the only one a repeat is counted into.
    private var newest: [String: Int] = [:]
    /// The entry noted last, the newest of its customer's: a terminal retrying a refusal finds it
    /// without a lookup in `newest` (two SipHashes of the id per held CHECK).
    private var last: Int?

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The entry a new refusal of `query` by `actor` may be counted into.
    func repeatable(_ query: CheckQuery, by actor: Actor) -> Repeat? {
        guard let index = newestEntry(of: query.customer), entries[index].actor == actor,
            entries[index].query.asks(query)
        else {
            return nil
        }
        return entries[index].counted
    }

    /// Keeps the refusal the ledger answered with `query`: counted into the customer's newest entry
    /// here when its `repeated` says so, else a new entry, at `ordinal` in the customer's history.
    mutating func note(
        _ query: CheckQuery, by actor: Actor, at moment: Moment, reasons: HoldReason,
        ordinal: @autoclosure () -> Int
    ) {
        if let count = query.repeated?.count, let index = newestEntry(of: query.customer) {
            let earlier = entries[index].counted
            entries[index].query = query
            entries[index].counted = Repeat(
                ordinal: earlier.ordinal, count: count, first: earlier.first, reasons: reasons)
            last = index
            return
        }
        newest[query.customer] = entries.count
        last = entries.count
        entries.append(
            Entry(
                moment: moment, actor: actor, query: query,
                counted: Repeat(ordinal: ordinal(), count: 1, first: moment.instant, reasons: reasons)))
    }

    private func newestEntry(of customer: String) -> Int? {
        if let last, entries[last].query.customer == customer { return last }
        return newest[customer]
    }

    /// Keeps a refusal a replica forwarded, applied to the ledger already: journaled in turn with
    /// the others; never counted into, nor into another.
    mutating func keep(relayed query: CheckQuery, _ hold: RelayedHold, by actor: Actor, at moment: Moment) {
        entries.append(
            Entry(
                moment: moment, actor: actor, query: query,
                counted: Repeat(
                    ordinal: 0, count: query.repeated?.count ?? 1, first: moment.instant,
                    reasons: hold.reasons),
                relayed: hold))
    }

    /// Appends every entry to the journal's pending records, oldest first, writes the counts into
    /// the ledger's entries, and forgets them.
    mutating func drain(into journal: Journal, ledger: inout Ledger) {
        for entry in entries {
            if let hold = entry.relayed {
                journal.append(JournalEntry.payload(.relayedHold(entry.query, hold), by: entry.actor, at: entry.moment))
                continue
            }
            if entry.query.repeated != nil { ledger.recount(entry.query, ordinal: entry.counted.ordinal) }
            journal.append(JournalEntry.payload(.check(entry.query), by: entry.actor, at: entry.moment))
        }
        removeAll()
    }

    /// Forgets the oldest `count` entries (a replica sent them to its primary).
    mutating func removeFirst(_ count: Int) {
        entries.removeFirst(count)
        newest = newest.compactMapValues { $0 >= count ? $0 - count : nil }
        last = nil
    }

    /// Forgets every entry (a failed commit lost them).
    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        newest.removeAll(keepingCapacity: true)
        last = nil
    }
}
